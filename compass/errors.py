"""Error pages in the visitor's language, and JSON errors under /api."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .db import DATABASE_DOWN, RETRY_AFTER
from .inputs import body_limit


def _message(code: int) -> str:
    messages = {
        400: _("Förfrågan kunde inte tolkas. Kontrollera det du skickade och försök igen."),
        403: _("Du har inte behörighet att se den här sidan."),
        404: _("Sidan finns inte. Den kan ha flyttats, eller så är adressen felskriven."),
        405: _("Den här adressen tar inte emot den sortens förfrågan."),
        413: _("Det du skickade är för stort (högst %(size)s). En källtext som är större kan "
               "laddas upp som fil eller delas upp.", size=body_limit()),
        429: _("För många försök på kort tid. Vänta en stund och försök igen."),
    }
    return messages.get(code, _("Något gick fel hos oss. Försök igen om en stund."))


def _page(code: int, message: str) -> str:
    # Inside the admin the page keeps the admin's layout and navigation (for a signed-in
    # editor); if that layout cannot render (the failure may be the cause), the plain one.
    if request.path == "/admin" or request.path.startswith("/admin/"):
        try:
            return render_template("errors/admin.html", code=code, message=message)
        except Exception:  # noqa: BLE001 - an error page must always render
            current_app.logger.exception("admin error page failed; plain page instead")
    return render_template("errors/error.html", code=code, message=message)


def handle_http_error(exc: HTTPException):
    """Render an HTTP error as a page, or as JSON for API clients."""
    code = exc.code or 500
    # A view that aborts with its own description has something specific to say.
    # (Rate limits always get the translated message; the limiter's own text is English.)
    specific = (exc.description if exc.description != type(exc).description and code != 429
                else None)
    if request.path.startswith("/api/"):
        return jsonify(error=exc.description if code < 500 else _message(code)), code
    message = specific if specific and code < 500 else _message(code)
    return _page(code, message), code


def handle_csrf_error(_exc: CSRFError):
    """A form without a valid token (expired, or sent from another site), in the visitor's
    language (Flask-WTF's own message is English)."""
    message = _("Formuläret kunde inte tas emot: det har gått ut eller skickades från en annan "
                "sida. Gå tillbaka, ladda om sidan och skicka igen.")
    if request.path.startswith("/api/"):
        return jsonify(error=message), 400
    return _page(400, message), 400


def handle_database_down(exc: Exception):
    """The database is unreachable: 503 with Retry-After and a Swedish page, never a 500."""
    # Only the class: a driver message can carry the SQL and its parameters.
    current_app.logger.warning("database unavailable: %s", type(exc).__name__)
    message = _("Tjänsten når inte sin databas just nu. Ingenting av det du skickade har "
                "sparats. Försök igen om en liten stund.")
    headers = {"Retry-After": RETRY_AFTER, "Cache-Control": "no-store"}
    if request.path.startswith("/api/"):
        return jsonify(error=message), 503, headers
    return render_template("errors/error.html", code=503, message=message), 503, headers


def register(app: Flask) -> None:
    """Install the error handlers."""
    for down in DATABASE_DOWN:
        app.register_error_handler(down, handle_database_down)
    app.register_error_handler(CSRFError, handle_csrf_error)
    # Unexpected exceptions reach this handler as InternalServerError after Flask logged them.
    app.register_error_handler(HTTPException, handle_http_error)
