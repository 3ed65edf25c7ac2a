"""The statement page from skeletons: rendered once per shape with holes, filled per request.

A statement page is the no-JavaScript quiz's hottest path (one per answer). What it shows
besides a few strings is the same for every voter whose state has the same shape on that
statement of that version in that language: which links and hidden fields there are, the
current answer, the current weight of the answer before. The strings are the voter's: the
answer code in links and hidden fields, the weight step's number and answer, and the
language link, which carries the page's address.

So each shape's page is kept split at its holes (`templating.split_holes`) and a request
only escapes its strings and joins (`templating.fill_split`). A new shape is put together
from parts that are rendered once per smaller key: the frame (`statement.html` with a hole
for the body, per statement, language, easy-read switch and form target) and the body's four
parts, whose holes stay in the composed page. tests/test_quiz_flow.py checks that this gives
the bytes rendering statement.html gives, for every shape of state.
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
from ..templating import cached_partial, fill_holes, fill_split, hole, split_holes
from . import setdoc
from .skeleton import language_link, skeleton
from .state import QuizState

_frames = PageCache(max_bytes=4 * 1024 * 1024, ttl=3600.0)
# The body's parts rendered with holes, keyed by everything they show but the holes: a
# handful per statement and language (answer shapes, not answer codes).
_parts: LRUCache = LRUCache(maxsize=8192)
_parts_lock = threading.Lock()
# Whole pages split at their holes, one per shape; bounded by their characters (a page is
# about 4,000: some two thousand shapes).
_pages: LRUCache = LRUCache(maxsize=8 * 1024 * 1024, getsizeof=lambda chunks: sum(map(len, chunks)))
_pages_lock = threading.Lock()
LINKS = ("prev_url", "next_url", "result_url", "easy_switch_url")
LANGUAGE_HOLE = hole("lang")


def render_statement_page(view: SetView, state: QuizState, number: int, flow: StatementFlow,
                          locale: str) -> Markup:
    """The statement page `number` for `state`: the same HTML as rendering statement.html.

    `flow` is the page's wiring without `set_url`: the frame adds the set document's link.
    """
    return fill_split(*holed_statement_page(view, state, number, flow, locale))


def holed_statement_page(view: SetView, state: QuizState, number: int, flow: StatementFlow,
                         locale: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The page of `render_statement_page` as its shape's chunks and this voter's values."""
    previous = flow.previous
    # Everything the composed page shows but its holes (the links present in LINKS' order).
    key = (view.slug, view.version, view.content_hash, len(view.statements), number,
           view.statements[number - 1].key, locale, flow.method,
           flow.action, flow.next_number, flow.csrf, flow.easy_read, flow.result_label,
           tuple(flow.hidden), bool(flow.prev_url), bool(flow.next_url), bool(flow.result_url),
           bool(flow.easy_switch_url),
           None if previous is None else tuple([c.current for c in previous.choices]),
           state.answers[number - 1])
    language = language_link(locale)
    with _pages_lock:
        chunks = _pages.get(key)
    if chunks is None:
        page = _compose(view, state, number, flow, locale, language)
        chunks = split_holes(page)
        if LANGUAGE_HOLE in page:  # else the link's text occurs twice: not kept
            with _pages_lock:
                _pages[key] = chunks
    values = {f"h{i}": escape(value) for i, value in enumerate(flow.hidden.values())}
    for name in LINKS:
        url = getattr(flow, name)
        if url:
            values[_hole_name(name)] = escape(url)
    if previous is not None:
        values["rn"] = str(previous.number)
        values["ra"] = escape(previous.label)
        for i, choice in enumerate(previous.choices):
            values[f"w{i}"] = escape(choice.url)
    values["lang"] = language
    return chunks, values


def _hole_name(link: str) -> str:
    return link.replace("_", "")


def _compose(view: SetView, state: QuizState, number: int, flow: StatementFlow, locale: str,
             language: str) -> str:
    """The page of `flow`'s shape with holes for the voter's strings (see the module)."""

    def frame() -> str:
        # The frame loads quiz.js with the set document (a function of the key's content).
        return render_template(
            "quiz/statement.html", body=Markup(hole("body")), view=view, answers=state.answers,
            number=number, st=view.statements[number - 1], locale=locale,
            flow=replace(flow, set_url=setdoc.set_document_url(view, locale)))

    key = "\x1f".join(map(str, (view.slug, view.version, view.content_hash, number, locale,
                                flow.easy_read, flow.action)))
    return fill_holes(skeleton(_frames, key, frame, language),
                      {"body": _holed_body(view, state, number, flow, locale)})


def _holed_body(view: SetView, state: QuizState, number: int, flow: StatementFlow,
                locale: str) -> str:
    """The statement's block (what including `_statement_body.html` renders) with holes for
    the voter's strings, from its four parts, each rendered once per shape of its own."""
    previous = flow.previous
    if previous is not None:
        previous = PreviousAnswer(hole("rn"), hole("ra"), tuple(
            WeightChoice(c.weight, c.label, hole(f"w{i}"), c.current)
            for i, c in enumerate(previous.choices)))
    shaped = replace(
        flow, previous=previous, hidden={name: hole(f"h{i}") for i, name in enumerate(flow.hidden)},
        **{name: hole(_hole_name(name)) if getattr(flow, name) else None for name in LINKS})
    current = state.answers[number - 1]
    context = {"view": view, "answers": state.answers, "number": number,
               "st": view.statements[number - 1], "flow": shaped, "locale": locale}
    links = tuple(getattr(shaped, name) is not None for name in LINKS)
    parts = (
        _part("quiz/_statement_reweigh.html", (locale, None if previous is None else tuple(
            c.current for c in previous.choices)), context),
        _part("quiz/_statement_main.html", (
            view.slug, view.version, view.content_hash, len(view.statements), number,
            context["st"].key, locale,
            shaped.method, shaped.action, shaped.next_number, shaped.csrf, shaped.easy_read,
            links, tuple(shaped.hidden)), context),
        cached_partial("quiz/_answer_fieldsets.html", (locale, view.levels, current),
                       current=current, levels=view.levels),
        _part("quiz/_statement_end.html", (locale, links, shaped.result_label), context))
    return "\n".join(parts)


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
