"""Pages anyone can open: the list of question sets and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from ..catalog import published_sets
from ..db import get_session

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    """List the published question sets."""
    return render_template("public/index.html", sets=published_sets(get_session()))


@bp.get("/sprak/<lang>")
def set_language(lang: str):
    """Remember the visitor's language in the session and go back where they were."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = request.args.get("next", "")
    # Only local paths: an open redirect would let others borrow our address.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        target = url_for("public.index")
    return redirect(target)
