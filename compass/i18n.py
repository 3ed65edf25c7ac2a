"""Languages: Swedish first, English second; the browser's choice first, the visitor's after."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request, session
from flask_babel import get_locale

from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """Return the visitor's language: `?lang=`, else the remembered choice, else the browser's.

    A first visit follows Accept-Language among the languages offered (Swedish when none
    fits); once the visitor uses the language switch, the session remembers the choice.
    Pages therefore vary by Accept-Language and Cookie (see `_vary`).
    """
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands and background work speak Swedish
        return default
    wanted = request.args.get("lang")
    if wanted in languages:
        return wanted
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages, default=default) or default


def _vary(response: Response) -> Response:
    """Tell caches that a page's language depends on the browser's language and the cookie."""
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with the locale selector and the compiled catalogues."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(_vary)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "sv")
