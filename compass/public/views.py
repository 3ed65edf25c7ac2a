"""Pages anyone can open: the list of question sets and the language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from sqlalchemy import text

from ..db import DATABASE_DOWN, RETRY_AFTER, get_session
from ..pagecache import PageCache
from ..setview import published_summaries
from ..urls import safe_local_path
from .service import HYBRID_TABLE, published_agreements, worked_example

bp = Blueprint("public", __name__)
INDEX_MAX_AGE = 60  # a new publication reaches a shared cache's visitors at most this late
INDEX_PAGES = PageCache(max_bytes=1024 * 1024, ttl=INDEX_MAX_AGE)


@bp.get("/")
def index():
    """List the published question sets (a shared cache may keep the list a minute).

    The page is a pure function of the list, the language and the address (its language
    link), so each process renders it once per combination.
    """
    sets = published_summaries(get_session())
    key = "\x1f".join((request.full_path, str(get_locale()), repr(sets)))
    page = INDEX_PAGES.get(key)
    if page is None:
        page = render_template("public/index.html", sets=sets).encode()
        INDEX_PAGES.put(key, page)
    return page, 200, {"Cache-Control": f"public, max-age={INDEX_MAX_AGE}"}


@bp.get("/sprak/<lang>")
def set_language(lang: str):
    """Remember the visitor's language in the session and go back where they were."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_local_path(request.args.get("next"), url_for("public.index")))


@bp.get("/metod")
def method():
    """How the match is computed: formulas, policies, ties, a worked example, who coded what."""
    session = get_session()
    return render_template("public/method.html", example=worked_example(),
                           hybrid_table=HYBRID_TABLE, sets=published_summaries(session),
                           agreements=published_agreements(session))


@bp.get("/integritet")
def privacy():
    """What Valkompass stores (nothing about voters) in plain Swedish."""
    return render_template("public/privacy.html")


@bp.get("/healthz")
def health():
    """Liveness: the process answers (never touches the database; restart it if this fails)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
def ready():
    """Readiness: the database answers too (a load balancer sends traffic only while 200)."""
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    try:
        get_session().execute(text("SELECT 1"))
    except DATABASE_DOWN:
        return "database unavailable", 503, {**headers, "Retry-After": RETRY_AFTER}
    return "ok", 200, headers
