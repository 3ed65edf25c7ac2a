"""The statement page from a skeleton: the frame rendered once, the voter's part per request.

A statement page is the no-JavaScript quiz's hottest path (one per answer). Everything but
the statement's own block (answer code, reweigh step, form, pager) and the language link
(which carries the page's address) is the same for every voter on that statement of that
version in that language: it is rendered once per process with holes (`templating.hole`)
and filled per request with `templating.fill_holes`. The statement's block is rendered from
four parts, each rendered once per shape of state with holes for the voter's links.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from cachetools import LRUCache
from flask import render_template
from markupsafe import Markup, escape

from ..flow import PreviousAnswer, StatementFlow, WeightChoice
from ..pagecache import PageCache
from ..setview import SetView
from ..templating import cached_partial, fill_holes, hole
from . import setdoc
from .skeleton import skeleton_page
from .state import QuizState

_skeletons = PageCache(max_bytes=4 * 1024 * 1024, ttl=3600.0)
# The body's parts rendered with holes, keyed by everything they show but the links: a
# handful per statement and language (answer shapes, not answer codes).
_parts: LRUCache = LRUCache(maxsize=8192)
_parts_lock = threading.Lock()
LINKS = ("prev_url", "next_url", "result_url", "easy_switch_url")


def _part(template: str, key: tuple, context: dict) -> str:
    """One part of the body, rendered once per key (with the holes `context` carries)."""
    full_key = (template, *key)
    with _parts_lock:
        found = _parts.get(full_key)
    if found is None:
        found = render_template(template, **context)
        with _parts_lock:
            _parts[full_key] = found
    return found


def render_body(view: SetView, state: QuizState, number: int, flow, locale: str) -> Markup:
    """The statement's block: what including `_statement_body.html` renders, from its parts.

    Each part is rendered once per shape (the statement, the language, which links and
    fields there are, the previous and current answers) with holes for the voter's links and
    hidden values, which are escaped and filled in per request.
    """
    values: dict[str, str] = {}

    def holed(name: str, value: str) -> str:
        values[name] = str(escape(value))
        return hole(name)

    def link(name: str, value: str | None) -> str | None:
        return holed(name, value) if value else None

    # Built directly: dataclasses.replace is slow on the hot path. The weight step's number
    # and answer are holes too, so its part has one shape per language and current weight.
    previous = flow.previous
    if previous is not None:
        previous = PreviousAnswer(holed("rn", str(previous.number)), holed("ra", previous.label),
                                  tuple(WeightChoice(c.weight, c.label, holed(f"w{i}", c.url),
                                                     c.current)
                                        for i, c in enumerate(previous.choices)))
    shaped = StatementFlow(
        method=flow.method, action=flow.action, next_number=flow.next_number,
        hidden={name: holed(f"h{i}", value) for i, (name, value) in enumerate(flow.hidden.items())},
        prev_url=link("prevurl", flow.prev_url), next_url=link("nexturl", flow.next_url),
        result_url=link("resulturl", flow.result_url), result_label=flow.result_label,
        csrf=flow.csrf, easy_read=flow.easy_read,
        easy_switch_url=link("easyswitchurl", flow.easy_switch_url), previous=previous,
        set_url=flow.set_url)
    # What the reweigh part shows besides its holes: whether there is one, the current weight.
    reweigh_key = (locale, None if previous is None else tuple(c.current
                                                               for c in previous.choices))
    current = state.answers[number - 1]
    context = {"view": view, "answers": state.answers, "number": number,
               "st": view.statements[number - 1], "flow": shaped, "locale": locale}
    links = tuple(getattr(shaped, name) is not None for name in LINKS)
    parts = (
        _part("quiz/_statement_reweigh.html", reweigh_key, context),
        _part("quiz/_statement_main.html", (
            view.slug, view.version, view.content_hash, len(view.statements), number,
            context["st"].key, locale,
            shaped.method, shaped.action, shaped.next_number, shaped.csrf, shaped.easy_read,
            links, tuple(shaped.hidden)), context),
        cached_partial("quiz/_answer_fieldsets.html", (locale, view.levels, current),
                       current=current, levels=view.levels),
        _part("quiz/_statement_end.html", (locale, links, shaped.result_label), context))
    return fill_holes("\n".join(parts), values)


def render_statement_page(view: SetView, state: QuizState, number: int, flow,
                          locale: str) -> Markup:
    """The statement page `number` for `state`: the same HTML as rendering statement.html.

    `flow` is the page's wiring without `set_url`: the frame adds the set document's link.
    """
    body = render_body(view, state, number, flow, locale)
    key = "\x1f".join(map(str, (view.slug, view.version, view.content_hash, number, locale,
                                flow.easy_read, flow.action)))

    def frame() -> str:
        # The frame loads quiz.js with the set document (a function of the key's content).
        return render_template(
            "quiz/statement.html", body=Markup(hole("body")), view=view, answers=state.answers,
            number=number, st=view.statements[number - 1], locale=locale,
            flow=replace(flow, set_url=setdoc.set_document_url(view, locale)))

    return skeleton_page(_skeletons, key, frame, {"body": body}, locale)
