"""The embeddable card (/embed/<slug>): a compact start card made for other sites' iframes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..db import get_session
from ..i18n import current_language
from ..security import EMBED_CSP
from ..setview import get_view

bp = Blueprint("embed", __name__, url_prefix="/embed")
SHORT_DESCRIPTION = 180


def short_description(text: str, limit: int = SHORT_DESCRIPTION) -> str:
    """Return `text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


@bp.get("/<slug>")
def card(slug: str):
    """A compact card of a set, made to sit in another site's iframe."""
    view = get_view(get_session(), slug)
    if view is None:
        abort(404)
    locale = current_language()
    return render_template(
        "embed/card.html", view=view, title=view.localised_title(locale),
        description=short_description(view.localised_description(locale)))


@bp.after_request
def allow_framing(response: Response) -> Response:
    """Let any site frame the embed pages (the site's other pages refuse framing); the rest
    of the strict policy stays."""
    response.headers["Content-Security-Policy"] = EMBED_CSP
    return response
