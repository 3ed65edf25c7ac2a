"""Import and export: versions as YAML files, the positions matrix as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..db import get_session
from . import access, questionnaire, tables, transfer
from .editing import EditConflict
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


def _import(form: UploadForm, apply) -> tuple[Response | None, list[str]]:
    """Run one all-or-nothing import: `apply(session, filename, payload)` returns the success
    message and where to go; commit and redirect, or roll back and return the errors."""
    if not form.validate_on_submit():
        return None, []
    upload = form.file.data
    session = get_session()
    try:
        message, target = apply(session, upload.filename or "fil", upload.read())
    except ImportRejected as exc:
        session.rollback()
        return None, exc.errors
    session.commit()
    flash(message, "ok")
    return redirect(target, 303), []


def _page(form: UploadForm, errors: list[str], kind: str, view, active: str | None):
    status = 400 if errors or form.errors else 200
    return render_template("admin/import.html", view=view, form=form, errors=errors,
                           kind=kind, active=active), status


@bp.route("/<slug>/v<int:version>/importera", methods=["GET", "POST"])
def import_yaml(slug: str, version: int):
    """Replace a draft's content with a question-set file: all or nothing."""
    row = access.load_draft(slug, version)

    def apply(session, filename, payload):
        transfer.import_yaml(session, row, payload, filename, access.user_id())
        return (_("Filen är importerad: utkastet har fått filens innehåll."),
                url_for("admin_sets.version", slug=slug, version=version))

    form = UploadForm()
    done, errors = _import(form, apply)
    return done or _page(form, errors, "yaml", access.load_view(slug, version), "transfer")


@bp.route("/<slug>/v<int:version>/importera-csv", methods=["GET", "POST"])
def import_csv(slug: str, version: int):
    """Update cells of a draft from a positions CSV: all rows or none."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)

    def apply(session, _filename, payload):
        _row, changed = transfer.import_csv(session, row, view, transfer.decode(payload),
                                            access.user_id())
        return (_("CSV-filen är importerad: %(n)d rutor ändrades.", n=changed),
                url_for("admin_positions.matrix", slug=slug, version=version))

    form = UploadForm()
    done, errors = _import(form, apply)
    return done or _page(form, errors, "csv", view, "transfer")


TABLE_FILES = {"pastaenden": tables.STATEMENTS, "partier": tables.PARTIES}


def _export_table(slug: str, version: int, kind: str) -> Response:
    row = access.load_version(slug, version)
    return _download(tables.export_csv(TABLE_FILES[kind], row), f"{slug}-v{version}-{kind}.csv",
                     "text/csv; charset=utf-8")


@bp.get("/<slug>/v<int:version>/export-pastaenden.csv")
def export_statements(slug: str, version: int):
    """Download every statement's editable texts, one row each."""
    return _export_table(slug, version, "pastaenden")


@bp.get("/<slug>/v<int:version>/export-partier.csv")
def export_parties(slug: str, version: int):
    """Download every party's names and colour, one row each."""
    return _export_table(slug, version, "partier")


def _import_table(slug: str, version: int, kind: str, counted, target: str):
    row = access.load_draft(slug, version)
    table = TABLE_FILES[kind]

    def apply(session, _filename, payload):
        updates = tables.parse_csv(table, transfer.decode(payload), row)
        try:
            _row, changes = tables.apply(session, row, table, updates, access.user_id())
        except EditConflict:
            raise ImportRejected([_("Någon annan sparade samtidigt. Ingenting importerades: "
                                    "försök igen.")]) from None
        details = "; ".join(f"{c.key}: {', '.join(c.fields)}" for c in changes[:20])
        return f"{counted(len(changes))} {details}".strip(), target

    form = UploadForm()
    done, errors = _import(form, apply)
    return done or _page(form, errors, f"table-{kind}", access.load_view(slug, version),
                         "transfer")


@bp.route("/<slug>/v<int:version>/importera-pastaenden", methods=["GET", "POST"])
def import_statements(slug: str, version: int):
    """Update statements of a draft from a CSV: all rows or none."""
    return _import_table(slug, version, "pastaenden", lambda n: ngettext(
        "CSV-filen är importerad: %(num)d påstående ändrades.",
        "CSV-filen är importerad: %(num)d påståenden ändrades.", n),
        url_for("admin_tables.statements", slug=slug, version=version))


@bp.route("/<slug>/v<int:version>/importera-partier", methods=["GET", "POST"])
def import_parties(slug: str, version: int):
    """Update parties of a draft from a CSV: all rows or none."""
    return _import_table(slug, version, "partier", lambda n: ngettext(
        "CSV-filen är importerad: %(num)d parti ändrades.",
        "CSV-filen är importerad: %(num)d partier ändrades.", n),
        url_for("admin_tables.parties", slug=slug, version=version))


@bp.route("/<slug>/v<int:version>/importera-enkat", methods=["GET", "POST"])
def import_questionnaire(slug: str, version: int):
    """Bring a questionnaire round from a spreadsheet: statements, parties, answers."""
    row = access.load_draft(slug, version)
    form = QuestionnaireForm()

    def apply(session, _filename, payload):
        _row, stored = questionnaire.import_round(
            session, row, transfer.decode(payload), form.title.data.strip(), access.user_id())
        return (ngettext("Enkäten är importerad: %(num)d svar sparades.",
                         "Enkäten är importerad: %(num)d svar sparades.", stored),
                url_for("admin_positions.matrix", slug=slug, version=version))

    done, errors = _import(form, apply)
    return done or _page(form, errors, "questionnaire", access.load_view(slug, version),
                         "transfer")


@bp.route("/importera", methods=["GET", "POST"])
def import_new():
    """Create a new set from a question-set file, stored as draft version 1."""

    def apply(session, filename, payload):
        row = transfer.import_new(session, payload, filename, access.user_id())
        return (_("Frågeomgången är importerad som utkast, version 1."),
                url_for("admin_sets.version", slug=row.slug, version=1))

    form = UploadForm()
    done, errors = _import(form, apply)
    return done or _page(form, errors, "new", None, None)


@bp.get("/<slug>/v<int:version>/overfor")
def transfer_page(slug: str, version: int):
    """Export and import, in one place."""
    view = access.load_view(slug, version)
    return render_template("admin/transfer.html", view=view, active="transfer")
