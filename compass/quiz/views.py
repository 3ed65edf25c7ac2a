"""The voter's way: start page, one statement per page, party choice, result, evidence."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import answers as codes
from ..db import lazy_session
from ..i18n import current_language as _locale
from ..pagecache import PageCache, etag_for
from ..setview import SetView, get_view, localised_view, newest_version
from ..templating import fill_split, hole
from ..urls import safe_local_path
from . import setdoc, statement_fast
from .forms import AnswerError, read_answer
from .result_page import (
    ResultLinks,
    compare_section,
    detail_rows,
    share_section,
    theme_parties,
    theme_table,
    why_items,
)
from .service import (
    answer_text,
    build_result_page,
    focused_quote,
    highlight_quotes,
    map_is_useful,
    page_text,
    party_page,
    result_charts,
    state_link,
    statement_flow,
)
from .skeleton import skeleton_page
from .state import METRICS, QuizState, read_state
from .statement_page import holed_statement_page

bp = Blueprint("quiz", __name__, url_prefix="/omgang")
RESULT_PAGES = PageCache()
START_PAGES = PageCache(max_bytes=2 * 1024 * 1024)
PARTY_PAGES = PageCache(max_bytes=2 * 1024 * 1024, ttl=3600.0)
START_MAX_AGE = 60  # seconds a shared cache may keep a start page (see _start_page)


def load_version(slug: str, version: int | None = None) -> SetView:
    """Return a published version or answer 404 with a page that says why.

    A published version comes from the process's caches: no database session is opened.
    """
    session = lazy_session()
    view = get_view(session, slug, version)
    if view is not None:
        return localised_view(view, _locale())
    newest = newest_version(session, slug)
    if newest is None:
        abort(404)
    page = render_template("quiz/missing_version.html", slug=slug, version=version,
                           newest=newest)
    abort(make_response(page, 404))


def state_or_400(view: SetView) -> QuizState:
    """Read the answers, party choice and metric from the URL, or answer 400."""
    try:
        return read_state(view, request.args)
    except codes.AnswerCodeError:
        abort(400, _("Länken innehåller svar som inte passar den här frågeomgången. "
                     "Börja om eller kontrollera att hela länken kom med."))


@bp.get("/<slug>/")
def start(slug: str):
    """The newest published version's start page."""
    view = load_version(slug)
    return _start_page(view)


@bp.get("/<slug>/v<int:version>/")
def start_version(slug: str, version: int):
    """A named version's start page."""
    return _start_page(load_version(slug, version))


def _start_page(view: SetView) -> Response:
    """A start page: a pure function of the URL, the language and the set content.

    A shared cache (or the browser) may keep it a minute: `/omgang/<slug>/` names the newest
    version, so a new publication reaches voters at most that much later.
    """
    locale = _locale()
    key = "\x1f".join((request.full_path, locale, view.content_hash))
    body = START_PAGES.get(key)
    if body is None:
        body = render_template("quiz/start.html", view=view, locale=locale,
                               set_url=setdoc.set_document_url(view, locale)).encode()
        START_PAGES.put(key, body)
    response = make_response(body)
    response.headers["Cache-Control"] = f"public, max-age={START_MAX_AGE}"
    return response


def state_with_answer(view: SetView) -> QuizState:
    """The URL state with the answer the previous page's form sent (nr, svar, vikt) applied.

    The answer form targets the next page itself, so a voter without JavaScript needs one
    request per answer; a reload applies the same answer again and changes nothing.
    """
    state = state_or_400(view)
    args = request.args
    if "nr" not in args and "svar" not in args and "vikt" not in args:
        return state
    try:
        sent = read_answer(args, len(view.statements))
        return state.answered(sent.number - 1, sent.choice, sent.weight)
    except (AnswerError, codes.AnswerCodeError):  # e.g. "2" on a three-level scale
        abort(400, _("Svaret kunde inte läsas. Gå tillbaka och välj ett av svarsalternativen."))


@bp.get("/<slug>/v<int:version>/pastaende/<int:number>")
def statement(slug: str, version: int, number: int):
    """One statement with its answer form (applying the answer sent from the page before)."""
    view = load_version(slug, version)
    if not 1 <= number <= len(view.statements):
        abort(404)
    locale = _locale()
    plain = statement_fast.read(view, number, request.args, request.script_root, locale)
    if plain is not None:
        page = statement_fast.page(plain, locale)
        if page is not None:
            return page
    state = state_with_answer(view)
    flow = statement_flow(view, state, number, request.args.get("sedan") == "resultat")
    chunks, values = holed_statement_page(view, state, number, flow, locale)
    page = fill_split(chunks, values)
    if plain is not None:
        statement_fast.remember(plain, locale, chunks, values, page)
    return page


@bp.get("/<slug>/v<int:version>/dokument.json")
def set_document(slug: str, version: int):
    """The set document the in-browser quiz runs from (`?lang=sv&v=fingerprint`)."""
    view = load_version(slug, version)
    locale = request.args.get("lang", "")
    if locale not in current_app.config["LANGUAGES"] or locale != _locale():
        abort(404)
    document = setdoc.set_document(view, locale)
    response = make_response(document.body)
    response.mimetype = "application/json"
    response.set_etag(document.fingerprint)
    # A fingerprinted URL names these exact bytes: any cache may keep them for good.
    fresh = request.args.get("v") == document.fingerprint
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if fresh
                                         else "public, max-age=300")
    return response.make_conditional(request)


@bp.get("/<slug>/v<int:version>/svara")
def answer(slug: str, version: int):
    """Apply an answer (changed from the result page) and go on: back to the result."""
    view = load_version(slug, version)
    if "nr" not in request.args or "svar" not in request.args:
        abort(400, _("Svaret kunde inte läsas. Gå tillbaka och välj ett av svarsalternativen."))
    state = state_with_answer(view)
    number = int(request.args["nr"])
    if request.args.get("sedan") == "resultat":
        return redirect(state.url("quiz.result", view), 303)
    if number < len(view.statements):
        return redirect(state.url("quiz.statement", view, number=number + 1), 303)
    return redirect(state.url("quiz.parties", view), 303)


@bp.get("/<slug>/v<int:version>/partier")
def parties(slug: str, version: int):
    """Choose which parties to compare with (all by default), after the last answer.

    Rendered once per version, language and party choice with holes for the answer code
    and the links that carry it (`skeleton.skeleton_page`).
    """
    view = load_version(slug, version)
    state = state_with_answer(view)
    locale = _locale()
    error = request.args.get("fel") == "inga"
    has_code = bool(state.code.strip("."))
    values = {"code": state.code,
              "all": state_link(view, state.with_parties(None), "partier"),
              "none": state_link(view, state.with_parties(()), "partier"),
              "back": state_link(view, state, f"pastaende/{len(view.statements)}")}
    key = "\x1f".join(map(str, (view.slug, view.version, view.content_hash, locale, error,
                                state.parties, state.metric, state.easy_read, has_code)))

    def render() -> str:
        return render_template(
            "quiz/parties.html", view=view, state=state, locale=locale,
            set_url=setdoc.set_document_url(view, locale), error=error, has_code=has_code,
            **{f"{name}_hole": Markup(hole(name)) for name in values})

    return skeleton_page(PARTY_PAGES, key, render,
                         {name: str(escape(value)) for name, value in values.items()}, locale)


@bp.get("/<slug>/v<int:version>/resultat")
def result(slug: str, version: int):
    """The ranked match with its reasons; a pure function of the URL."""
    view = load_version(slug, version)
    locale = _locale()
    newest = newest_version(lazy_session(), slug)
    # The page is a pure function of these: URL, language, set content, newest version.
    # Only pages rendered from valid URLs are stored, so a hit needs no parsing.
    # The host too: the share box shows the full link.
    key = "\x1f".join((request.host_url, request.full_path, locale, view.content_hash,
                       str(newest)))
    etag = etag_for(key)
    if etag in request.if_none_match:
        return _public(make_response("", 304), etag)
    body = RESULT_PAGES.get(key)
    if body is None:
        state = state_or_400(view)
        if state.parties == ():
            return redirect(state.url("quiz.parties", view, fel="inga"), 303)
        page = build_result_page(view, state)
        text = page_text(view, state)
        links = ResultLinks(view, state)
        columns = theme_parties(page)
        body = render_template(
            "quiz/result.html", view=view, state=state, page=page, text=text, links=links,
            why=why_items(view, page, text.answer_texts, locale, links),
            compare=compare_section(view, page, text.answer_texts, locale, links),
            share=share_section(locale, request.url_root.rstrip("/") + links.result),
            theme_columns=columns, theme_rows=theme_table(view, page, columns),
            map_useful=map_is_useful(page),
            charts=result_charts(view, page, locale), metrics=METRICS,
            locale=locale, newest=newest, canonical=_canonical(view, state)).encode()
        RESULT_PAGES.put(key, body)
    return _public(make_response(body), etag)


def _canonical(view: SetView, state: QuizState) -> str | None:
    """The compact address of a result reached by the party form's (or an older link's)
    `valda` fields, which are rendered at once rather than redirected: one request less."""
    if "valda" not in request.args:
        return None
    return request.host_url.rstrip("/") + state.url("quiz.result", view)


def _public(response: Response, etag: str) -> Response:
    """Mark a URL-determined page as cacheable by browsers and shared caches."""
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Cookie")  # the language choice lives in the session cookie
    return response


@bp.get("/<slug>/v<int:version>/parti/<key>")
def party(slug: str, version: int, key: str):
    """All of one party's positions with their quotes (and the voter's answers, if any)."""
    view = load_version(slug, version)
    chosen = view.party(key)
    if chosen is None:
        abort(404)
    state = state_or_400(view)
    return render_template("quiz/party.html", view=view, state=state, party=chosen,
                           rows=party_page(view, state, chosen), locale=_locale(),
                           links=ResultLinks(view, state), here=request.full_path)


@bp.get("/<slug>/v<int:version>/kalla/<key>")
def source(slug: str, version: int, key: str):
    """A source document with the quotes used from it highlighted."""
    view = load_version(slug, version)
    document = view.source(key)
    if document is None:
        abort(404)
    state = state_or_400(view)
    focus = request.args.get("citat", "")
    paragraphs = highlight_quotes(view, document, focus)
    back = safe_local_path(request.args.get("tillbaka"), "")
    result_url = state.url("quiz.result", view) if state.answered_count else None
    focused = focused_quote(view, focus)
    return render_template("quiz/source.html", view=view, document=document,
                           paragraphs=paragraphs, locale=_locale(),
                           focused=focused if focused and focused.position.source == key else None,
                           back=back if back != result_url else "", result_url=result_url)


@bp.get("/<slug>/v<int:version>/jamfor/<int:number>")
def compare(slug: str, version: int, number: int):
    """One statement: the voter's answer beside every party's position, quote and source."""
    view = load_version(slug, version)
    if not 1 <= number <= len(view.statements):
        abort(404)
    state = state_or_400(view)
    st = view.statements[number - 1]
    links = ResultLinks(view, state)
    return render_template(
        "quiz/compare.html", view=view, state=state, st=st, number=number, locale=_locale(),
        answer=answer_text(state.answers[number - 1], view.levels),
        rows=detail_rows(view, state, st, links, request.full_path), links=links)
