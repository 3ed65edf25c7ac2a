"""Response headers every page gets: a strict CSP, no framing, no referrer leaks.

Answers travel in URLs, so `Referrer-Policy: same-origin` keeps them from leaking to the
party websites that source pages link to.
"""

from __future__ import annotations

from flask import Flask, Response

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
       "frame-ancestors 'none'")
# The embeddable card: the same strict policy, only framing by any site is allowed.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def add_security_headers(response: Response) -> Response:
    """Add the headers unless a view set its own CSP (e.g. the embeddable page)."""
    if "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Install the header hook."""
    app.after_request(add_security_headers)
