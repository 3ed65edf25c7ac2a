"""The statement page from a skeleton: the frame rendered once, the voter's part per request.

A statement page is the no-JavaScript quiz's hottest path (one per answer). Everything but
the statement's own block (answer code, reweigh step, form, pager) and the language link
(which carries the page's address) is the same for every voter on that statement of that
version in that language: it is rendered once per process with holes (`templating.hole`)
and filled per request with `templating.fill_holes`. The statement's block is rendered from
its partial alone, without Flask's per-render work; its texts are cached partials already.
"""

from __future__ import annotations

from dataclasses import replace

from flask import current_app, render_template, request, url_for
from markupsafe import Markup, escape

from ..pagecache import PageCache
from ..setview import SetView
from ..templating import fill_holes, hole
from . import setdoc
from .state import QuizState

BODY = "quiz/_statement_body.html"
_skeletons = PageCache(max_bytes=4 * 1024 * 1024, ttl=3600.0)


def _language_link(locale: str) -> str:
    """The href of base.html's language link on this page (it carries the page's address)."""
    other = "en" if locale == "sv" else "sv"
    return str(escape(url_for("public.set_language", lang=other,
                              next=request.full_path.rstrip("?"))))


def render_statement_page(view: SetView, state: QuizState, number: int, flow,
                          locale: str) -> Markup:
    """The statement page `number` for `state`: the same HTML as rendering statement.html.

    `flow` is the page's wiring without `set_url`: the frame adds the set document's link.
    """
    context = {"view": view, "answers": state.answers, "number": number,
               "st": view.statements[number - 1], "flow": flow, "locale": locale}
    body = current_app.jinja_env.get_template(BODY).render(context)
    key = "\x1f".join(map(str, (view.slug, view.version, view.content_hash, number, locale,
                                flow.easy_read, flow.action)))
    skeleton = _skeletons.get(key)
    language = _language_link(locale)
    if skeleton is None:
        # The frame loads quiz.js with the set document (a function of the key's content).
        frame = {**context, "flow": replace(flow, set_url=setdoc.set_document_url(view, locale))}
        page = render_template("quiz/statement.html", body=Markup(hole("body")), **frame)
        # The link is found by its exact text; an address that occurs twice is not cached.
        if page.count(language) != 1:
            return fill_holes(page, {"body": body})
        skeleton = page.replace(language, hole("lang")).encode()
        _skeletons.put(key, skeleton)
    return fill_holes(skeleton.decode(), {"body": body, "lang": language})
