"""Languages: Swedish first, English second, chosen explicitly by the visitor."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale

from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """Return the visitor's chosen language, or Swedish.

    The browser's Accept-Language is deliberately ignored: a Swedish valkompass is Swedish
    unless the visitor picks English, and pages stay cacheable per URL.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work speak Swedish
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.args.get("lang")
    if wanted in languages:
        return wanted
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with the locale selector and the compiled catalogues."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "sv")
