"""Undo from the audit log: one POST restores the state before a logged change."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..models import AuditEntry
from . import access, restore
from .editing import EditConflict, EditError
from .forms import RestoreForm

bp = access.protect(Blueprint("admin_restore", __name__, url_prefix="/admin"))


def _refused(slug: str, message: str, status: int):
    get_session().rollback()
    return render_template("admin/restore_refused.html", slug=slug, message=message,
                           conflict=status == 409), status


@bp.post("/<slug>/logg/<int:entry_id>/aterstall")
def restore_entry(slug: str, entry_id: int):
    """Restore the item of log entry `entry_id` to its state before that change."""
    session = get_session()
    entry = session.get(AuditEntry, entry_id)
    if entry is None or entry.question_set_slug != slug:
        abort(404)
    form = RestoreForm()
    if not form.validate():
        abort(400, _("Formuläret för återställningen är ofullständigt. Öppna loggen igen."))
    row = access.load_draft(slug, form.version.data)
    try:
        result = restore.restore(session, row, entry, form.seen.data, access.user_id())
    except (restore.RestoreConflict, EditConflict):
        return _refused(slug, _("Någon har ändrat det här sedan du öppnade loggen, så "
                                "ingenting återställdes. Loggen visar nu den ändringen: läs "
                                "den och välj igen."), 409)
    except EditError as exc:
        return _refused(slug, str(exc), 400)
    session.commit()
    flash(result.message, "ok")
    if result.warning:
        flash(result.warning, "error")
    return redirect(url_for("admin_versions.log", slug=slug), 303)
