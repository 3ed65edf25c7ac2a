"""Import and export: versions as YAML files, the positions matrix as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..db import get_session
from . import access, questionnaire, transfer
from .forms import QuestionnaireForm, UploadForm
from .transfer import ImportRejected

bp = access.protect(Blueprint("admin_io", __name__, url_prefix="/admin"))


def _download(text: str, filename: str, mimetype: str) -> Response:
    return Response(text.encode("utf-8"), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<slug>/v<int:version>/export.yaml")
def export_yaml(slug: str, version: int):
    """Download a version in the question-set file format (sources inline)."""
    row = access.load_version(slug, version)
    return _download(transfer.export_yaml(row), f"{slug}-v{version}.yaml",
                     "application/yaml; charset=utf-8")


@bp.get("/<slug>/v<int:version>/export.csv")
def export_csv(slug: str, version: int):
    """Download the positions matrix, one row per cell, for spreadsheet work."""
    view = access.load_view(slug, version)
    return _download(transfer.export_csv(view), f"{slug}-v{version}-stallningstaganden.csv",
                     "text/csv; charset=utf-8")


def _read(form: UploadForm) -> tuple[str, bytes]:
    upload = form.file.data
    return upload.filename or "fil", upload.read()


@bp.route("/<slug>/v<int:version>/importera", methods=["GET", "POST"])
def import_yaml(slug: str, version: int):
    """Replace a draft's content with a question-set file: all or nothing."""
    row = access.load_draft(slug, version)
    form, errors = UploadForm(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            filename, payload = _read(form)
            transfer.import_yaml(session, row, payload, filename, access.user_id())
        except ImportRejected as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("Filen är importerad: utkastet har fått filens innehåll."), "ok")
            return redirect(url_for("admin_sets.version", slug=slug, version=version), 303)
    status = 400 if errors or form.errors else 200
    return render_template("admin/import.html", view=access.load_view(slug, version),
                           form=form, errors=errors, kind="yaml", active="transfer"), status


@bp.route("/<slug>/v<int:version>/importera-csv", methods=["GET", "POST"])
def import_csv(slug: str, version: int):
    """Update cells of a draft from a positions CSV: all rows or none."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    form, errors = UploadForm(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            _filename, payload = _read(form)
            _row, changed = transfer.import_csv(session, row, view, transfer.decode(payload),
                                                access.user_id())
        except ImportRejected as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("CSV-filen är importerad: %(n)d rutor ändrades.", n=changed), "ok")
            return redirect(url_for("admin_positions.matrix", slug=slug, version=version), 303)
    status = 400 if errors or form.errors else 200
    return render_template("admin/import.html", view=view, form=form, errors=errors,
                           kind="csv", active="transfer"), status


@bp.route("/<slug>/v<int:version>/importera-enkat", methods=["GET", "POST"])
def import_questionnaire(slug: str, version: int):
    """Bring a questionnaire round from a spreadsheet: statements, parties, answers."""
    row = access.load_draft(slug, version)
    form, errors = QuestionnaireForm(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            _filename, payload = _read(form)
            _row, stored = questionnaire.import_round(
                session, row, transfer.decode(payload), form.title.data.strip(),
                access.user_id())
        except ImportRejected as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(ngettext("Enkäten är importerad: %(num)d svar sparades.",
                           "Enkäten är importerad: %(num)d svar sparades.", stored), "ok")
            return redirect(url_for("admin_positions.matrix", slug=slug, version=version), 303)
    status = 400 if errors or form.errors else 200
    return render_template("admin/import.html", view=access.load_view(slug, version),
                           form=form, errors=errors, kind="questionnaire",
                           active="transfer"), status


@bp.route("/importera", methods=["GET", "POST"])
def import_new():
    """Create a new set from a question-set file, stored as draft version 1."""
    form, errors = UploadForm(), []
    if form.validate_on_submit():
        session = get_session()
        try:
            filename, payload = _read(form)
            row = transfer.import_new(session, payload, filename, access.user_id())
        except ImportRejected as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("Frågeomgången är importerad som utkast, version 1."), "ok")
            return redirect(url_for("admin_sets.version", slug=row.slug, version=1), 303)
    status = 400 if errors or form.errors else 200
    return render_template("admin/import.html", view=None, form=form, errors=errors,
                           kind="new", active=None), status


@bp.get("/<slug>/v<int:version>/overfor")
def transfer_page(slug: str, version: int):
    """Export and import, in one place."""
    view = access.load_view(slug, version)
    return render_template("admin/transfer.html", view=view, active="transfer")
