"""Access rules shared by the admin blueprints: sign-in, roles, and draft-only changes.

Every admin blueprint calls `protect(bp)`: anonymous visitors are sent to the login page,
users without the role get 403 (no admin page is ever cached: `compass.security`). Views
load versions with `load_version` (404 when missing) or, before any change, `load_draft`
(409 with an explanation when the version is published: published versions never change).
A form that cannot be saved for any of these reasons (an ended login, an expired token, a
published version, a body over the limit) is kept and comes back filled (`compass.admin.keep`).
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge

from .. import catalog, versions
from ..db import get_session
from ..models import QuestionSet
from ..questionsets.definitions import KEY_RE
from ..setview import SetView, get_view
from . import audit, keep
from .forms import ButtonForm

LOGIN_ENDPOINT = "admin_auth.login"


def _require_login(role: str | None):
    def check():
        if not current_user.is_authenticated:
            if request.method == "POST" and keep.stash("login"):
                return keep.to_login()
            target = request.full_path if request.method == "GET" else request.path
            return redirect(url_for(LOGIN_ENDPOINT, next=target.rstrip("?")))
        if role is not None and current_user.role != role:
            abort(403)
        return None

    return check


def _concurrent_change(_exc: Exception):
    # Two editors saved at the same moment (a unique key or a row version collided):
    # nothing was saved. A typed form comes back filled (kept, like an expired one); a
    # button gets the page that says so. Never a 500.
    get_session().rollback()
    if keep.stash("concurrent"):
        return redirect(request.path, 303)
    return render_template("admin/concurrent.html"), 409


def _check_slug(_endpoint: str | None, values: dict | None) -> None:
    # A set's slug is a key ([a-z0-9-]); anything else names no set (and never reaches SQL).
    if values and "slug" in values and not KEY_RE.match(values["slug"]):
        abort(404)


def protect(bp: Blueprint, role: str | None = None) -> Blueprint:
    """Require a signed-in user (with `role`, if given) for every route of `bp`."""
    bp.url_value_preprocessor(_check_slug)
    bp.before_request(_require_login(role))
    bp.register_error_handler(IntegrityError, _concurrent_change)
    bp.register_error_handler(StaleDataError, _concurrent_change)
    bp.register_error_handler(CSRFError, keep.on_csrf_error)
    bp.register_error_handler(RequestEntityTooLarge, keep.on_too_large)
    bp.context_processor(lambda: {"label": audit.label})
    return bp


def user_id() -> int:
    """Return the id of the signed-in user."""
    return int(current_user.id)


def load_version(slug: str, version: int) -> QuestionSet:
    """Return a stored version (draft or published) or answer 404."""
    row = catalog.get_set(get_session(), slug, version, published_only=False)
    if row is None:
        abort(404)
    return row


def load_draft(slug: str, version: int) -> QuestionSet:
    """Return a draft version; answer 409 with an explanation if it is published.

    Before a change (any method but GET) the draft is also claimed with a conditional
    update, so a concurrent publish or discard of it either waits for this change or wins
    and this request gets the 409.
    """
    row = load_version(slug, version)
    if row.status != "draft":
        # What was typed into a form here waits to be opened in a draft (views_keep).
        keep.stash("published")
        page = render_template("admin/refused.html", slug=row.slug, version=row.version,
                               **_kept(slug))
        abort(make_response(page, 409))
    if request.method != "GET":
        try:
            versions.claim_draft(get_session(), row)
        except versions.PublishedError as exc:
            get_session().rollback()
            keep.stash("published")
            page = render_template("admin/gone.html", slug=slug, version=version,
                                   message=str(exc), **_kept(slug))
            abort(make_response(page, 409))
    return row


def _kept(slug: str) -> dict:
    kept = keep.waiting(request.path)
    if kept is None:
        return {"kept": None}
    drafts = [v.version for v in versions.list_versions(get_session(), slug)
              if v.status == "draft"]
    return {"kept": kept, "draft": drafts[0] if drafts else None, "keep_form": ButtonForm(),
            "keep_url": url_for("admin_keep.into_draft", slug=slug)}


def load_view(slug: str, version: int) -> SetView:
    """Return the immutable view of a stored version (draft or published) or answer 404."""
    view = get_view(get_session(), slug, version, published_only=False)
    if view is None:
        abort(404)
    return view
