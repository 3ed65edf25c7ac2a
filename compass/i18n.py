"""Languages: Swedish first, English second; the browser's choice first, the visitor's after."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from babel import Locale
from babel.numbers import get_decimal_symbol
from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """Return the visitor's language: `?lang=`, else the remembered choice, else the browser's.

    A first visit follows Accept-Language among the languages offered (Swedish when none
    fits); once the visitor uses the language switch, the session remembers the choice.
    Pages therefore vary by Accept-Language and Cookie (see `_vary`).
    """
    config = current_app.config
    languages, default = config["LANGUAGES"], config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands and background work speak Swedish
        return default
    current = request._get_current_object()  # one context lookup instead of one per use
    wanted = current.args.get("lang")
    if wanted in languages:
        return wanted
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return _browser_language(current.headers.get("Accept-Language", ""), tuple(languages),
                             default)


@lru_cache(maxsize=512)
def _browser_language(header: str, languages: tuple[str, ...], default: str) -> str:
    """The best of `languages` for an Accept-Language header (parsed once per distinct header:
    browsers send a handful of them, and parsing one cost a third of a statement page's work)."""
    accepted = parse_accept_header(header, LanguageAccept)
    return accepted.best_match(languages, default=default) or default


def _vary(response: Response) -> Response:
    """Tell caches that a page's language depends on the browser's language and the cookie."""
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def _translations():
    """This request's catalogue, looked up once per request and once per language.

    Flask-Babel finds it anew for every `_()` in a template, through nine context-local
    lookups (on a result page with seventy texts that cost more than the page's numbers),
    and even once per request it costs a dozen: after the first request in a language, the
    app keeps Flask-Babel's catalogue for it. The app never switches language within a
    request (no `force_locale`).
    """
    if not has_request_context():
        return get_translations()
    found = g.get("_translations")
    if found is None:
        catalogues = current_app.extensions.setdefault("compass_catalogues", {})
        language = current_language()
        found = catalogues.get(language)
        if found is None:
            found = get_translations()
            if str(get_locale()) == language:  # not under a `force_locale` of another one
                catalogues[language] = found
        g._translations = found
    return found


def current_language() -> str:
    """This request's language code ("sv", "en"), chosen once per request by `select_locale`
    (which Flask-Babel asks through `_selected_locale`, so both agree; see `_translations` on
    `force_locale`). Outside a request: Flask-Babel's locale (the CLI forces one)."""
    if not has_request_context():
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    found = g.get("_language")
    if found is None:
        found = g._language = select_locale()
    return found


def decimal_symbol() -> str:
    """The decimal separator of this request's language, looked up once per request."""
    if not has_request_context():
        return get_decimal_symbol(get_locale())
    found = g.get("_decimal_symbol")
    if found is None:
        found = g._decimal_symbol = get_decimal_symbol(get_locale())
    return found


# A text without variables comes out the same every time for one catalogue: translated,
# marked safe and %-formatted once per process (a result page has some sixty of them).
# Keyed weakly by the catalogue, so an app (and its catalogues) that goes away takes its
# texts with it.
_memo: WeakKeyDictionary = WeakKeyDictionary()


def memo(translations) -> dict:
    """A dict for texts worked out once per catalogue (e.g. labels), or a throwaway one."""
    found = _memo.get(translations)
    if found is None:
        try:
            found = _memo[translations] = {}
        except TypeError:  # not weak-referenceable: remember nothing
            return {}
    return found


@pass_context
def _gettext(context, string: str, **variables) -> str:
    """`_()` and `gettext()` in templates: Jinja's newstyle gettext, minus its indirections."""
    translations, texts = _page_catalogue(context)
    autoescape = context.eval_ctx.autoescape
    if not variables:
        key = (string, autoescape)
        found = texts.get(key)
        if found is None:
            found = texts[key] = _format(translations.ugettext(string), autoescape, {})
        return found
    return _format(translations.ugettext(string), autoescape, variables)


def _page_catalogue(context) -> tuple:
    """The catalogue and text memo a page's context carries (see `_catalogue_context`),
    or looked up for a template rendered without them."""
    translations = context.get("_catalogue")
    if translations is None:
        translations = _translations()
        return translations, memo(translations)
    return translations, context.get("_texts")


def _format(text: str, autoescape: bool, variables: dict) -> str:
    if autoescape:
        text = Markup(text)
    return text % variables  # always a format string, as Jinja's newstyle gettext does


@pass_context
def _ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    """`ngettext()` in templates, as Jinja's newstyle ngettext."""
    variables.setdefault("num", num)
    text = _page_catalogue(context)[0].ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def lazy_text(string: str) -> LazyString:
    """`lazy_gettext` for a text without variables, translated through the request's
    catalogue (Flask-Babel's looks it up through several context locals on every use)."""
    return LazyString(_translate, string)


def _translate(string: str) -> str:
    return _translations().ugettext(string)


def _catalogue_context() -> dict:
    """Give each rendered page its catalogue and text memo: one lookup per page, not per text."""
    translations = _translations()
    return {"_catalogue": translations, "_texts": memo(translations)}


def language_memo() -> dict:
    """A dict for texts worked out once per language (the catalogue's own memo)."""
    return memo(_translations())


def translated_once(text):
    """A module-level lazy text (`lazy_gettext`), or a tuple of them, translated once per
    language: each `str()` of one looks the catalogue up anew. Keyed by identity, as such
    texts live as long as the process."""
    texts = language_memo()
    key = ("lazy", id(text))
    found = texts.get(key)
    if found is None:
        found = texts[key] = (tuple(map(str, text)) if isinstance(text, tuple) else str(text))
    return found


def _selected_locale() -> Locale:
    """The request's language (`current_language`) as the Locale object Flask-Babel keeps for
    it: Flask-Babel parses a returned string anew on every request, a Locale it takes as is.
    Outside a request (`current_language` asks Flask-Babel there): `select_locale`'s default."""
    return _parsed(current_language() if has_request_context() else select_locale())


@lru_cache(maxsize=16)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with the locale selector and the compiled catalogues."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=_selected_locale)
    app.after_request(_vary)
    app.context_processor(_catalogue_context)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    app.jinja_env.globals["current_locale"] = current_language
