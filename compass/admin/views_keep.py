"""Open a form that was kept on a version published meanwhile in a draft (compass.admin.keep)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from .. import versions
from ..db import get_session
from . import access, audit, keep
from .forms import ButtonForm

bp = access.protect(Blueprint("admin_keep", __name__, url_prefix="/admin"))


@bp.post("/<slug>/behallet")
def into_draft(slug: str):
    """Move the form kept on a published version of the set to the same page of its draft
    (created from the newest published version if there is none) and open it there, filled
    in; nothing is saved."""
    if not ButtonForm().validate():
        abort(400)
    kept = keep.waiting(token=request.form.get("behallet", ""))
    place = keep.version_of(kept) if kept is not None else None
    if kept is None or place is None or place[0] != slug:
        flash(_("Det finns inget sparat formulär att öppna längre."), "error")
        return redirect(url_for("admin_sets.set_page", slug=slug), 303)
    version = place[1]
    session = get_session()
    found = versions.list_versions(session, slug)
    draft = next((v.version for v in found if v.status == "draft"), None)
    fresh = False
    if draft is None:
        newest_published = next((v.version for v in found if v.status == "published"), None)
        row = versions.new_draft(session, slug)
        audit.record(session, row, access.user_id(), "version.draft", "version", None,
                     {"version": row.version, "copied_from": row.version - 1})
        draft, fresh = row.version, newest_published == version
    keep.rebase(kept, version, draft, fresh)
    target = kept.path
    session.commit()
    return redirect(target, 303)
