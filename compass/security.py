"""Response headers every page gets: a strict CSP, no framing, no referrer leaks, HSTS.

Answers travel in URLs, so `Referrer-Policy: same-origin` keeps them from leaking to the
party websites that source pages link to. Pages for one person only (the admin, a teacher's
class, a student's class pages, party review) are `Cache-Control: no-store`: list a
blueprint in `NO_STORE_BLUEPRINTS` (a name or a prefix ending in "_") or decorate a single
view with `@no_store`. With secure cookies (HTTPS), every response carries HSTS.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, request

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
       "frame-ancestors 'none'")
# The embeddable card: the same strict policy, only framing by any site is allowed.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


NO_STORE_BLUEPRINTS = ("admin_", "class_teacher", "class_student", "review", "review_")
HSTS = "max-age=31536000"  # no includeSubDomains: sibling hosts are not ours to decide


def no_store(view: Callable) -> Callable:
    """Mark one view as private: its responses are never stored by any cache."""
    view.no_store = True  # type: ignore[attr-defined]
    return view


def is_private(blueprint: str | None, endpoint: str | None) -> bool:
    """Whether responses of this blueprint or endpoint must never be stored by a cache."""
    if blueprint and any(blueprint == name or (name.endswith("_") and blueprint.startswith(name))
                         for name in NO_STORE_BLUEPRINTS):
        return True
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, "no_store", False))


def add_security_headers(response: Response) -> Response:
    """Add the headers unless a view set its own CSP (e.g. the embeddable page)."""
    if "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if is_private(request.blueprint, request.endpoint):
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Install the header hook."""
    app.after_request(add_security_headers)
