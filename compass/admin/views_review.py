"""The party review round in the admin: create a party's secret link (shown once), revoke it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..review import service as review
from . import access
from .forms import ButtonForm, review_link_form

bp = access.protect(Blueprint("admin_review", __name__, url_prefix="/admin"))


@bp.post("/<slug>/v<int:version>/granskning")
def create(slug: str, version: int):
    """Create a party's review link and show it once, to copy (only its hash is stored)."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    form = review_link_form(view.parties)
    back = redirect(url_for("admin_sets.version", slug=slug, version=version)
                    + "#review-heading", 303)
    if not form.validate():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return back
    session = get_session()
    try:
        token = review.create_link(session, row, form.party.data, form.days.data,
                                   access.user_id())
    except review.ReviewError as exc:
        session.rollback()
        flash(str(exc), "error")
        return back
    session.commit()
    party = view.party(form.party.data)
    return render_template("admin/review_link.html", view=view, party=party,
                           url=url_for("review.page", token=token, _external=True),
                           days=form.days.data, active="overview")


@bp.post("/<slug>/granskning/<int:link_id>/sparra")
def revoke(slug: str, link_id: int):
    """Revoke a review link at once (also after publishing: the link is not version content)."""
    if not ButtonForm().validate():
        abort(400)
    session = get_session()
    try:
        version = review.revoke_link(session, slug, link_id, access.user_id())
    except review.ReviewError:
        abort(404)
    session.commit()
    flash(_("Granskningslänken är spärrad."), "ok")
    return redirect(url_for("admin_sets.version", slug=slug, version=version)
                    + "#review-heading", 303)
