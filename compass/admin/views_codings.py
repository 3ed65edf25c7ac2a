"""Double coding: a blind coding screen per draft and the agreement between the codings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import catalog, labels
from ..codings import agreement
from ..db import get_session
from ..questionsets import scale_values
from . import access, coding
from .editing import EditError
from .forms import NO_POSITION, ButtonForm, CodingForm

bp = access.protect(Blueprint("admin_codings", __name__, url_prefix="/admin"))


def cell_name(statement: str, party: str) -> str:
    """The form field name of one cell of the blind coding grid (keys never hold ':')."""
    return f"v:{statement}:{party}"


def _read_cells(view) -> tuple[coding.Cells, int]:
    """Return the grid's cells as given, and how many were left unanswered or off the scale."""
    allowed = {str(v): v for v in scale_values(view.levels)}
    cells: coding.Cells = {}
    bad = 0
    for st in view.statements:
        for party in view.parties:
            raw = request.form.get(cell_name(st.key, party.key), "")
            if raw == NO_POSITION:
                cells[(st.key, party.key)] = None
            elif raw in allowed:
                cells[(st.key, party.key)] = allowed[raw]
            else:
                bad += 1
    return cells, bad


@bp.route("/<slug>/v<int:version>/blind-kodning", methods=["GET", "POST"])
def blind(slug: str, version: int):
    """Code a draft without seeing its positions, quotes, notes or any earlier coding."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    form = CodingForm()
    error, status = None, 200
    if form.validate_on_submit():
        cells, bad = _read_cells(view)
        if bad:
            error = _("Koda varje ruta: %(num)d saknas.", num=bad)
        else:
            session = get_session()
            try:
                coding.save_coding(session, row, form.coder.data, cells, access.user_id())
            except EditError as exc:
                session.rollback()
                error = str(exc)
            else:
                session.commit()
                flash(_("Kodningen är sparad."), "ok")
                return redirect(url_for(".agreement_page", slug=slug, version=version), 303)
    if error or form.errors:
        status = 400
    choices = [(NO_POSITION, labels.NO_POSITION_LABEL)] + [
        (str(v), f"{labels.answer_label(v, view.levels)} ({v:+d})" if v else
         f"{labels.answer_label(v, view.levels)} (0)") for v in scale_values(view.levels)]
    return render_template("admin/blind.html", view=view, form=form, error=error,
                           choices=choices, given=request.form, cell_name=cell_name,
                           blind_mode=True, active="agreement"), status


@bp.get("/<slug>/v<int:version>/overensstammelse")
def agreement_page(slug: str, version: int):
    """Krippendorff's alpha, exact agreement and the disagreements side by side."""
    row = access.load_version(slug, version)
    view = access.load_view(slug, version)
    definition = catalog.to_definition(row)
    return render_template("admin/agreement.html", view=view, codings=definition.codings,
                           found=agreement(definition), form=CodingForm(formdata=None),
                           button=ButtonForm(), active="agreement")


@bp.post("/<slug>/v<int:version>/kodningar/matris")
def keep_matrix(slug: str, version: int):
    """Store the draft's current positions as one coding (the first coder's, usually)."""
    row = access.load_draft(slug, version)
    form = CodingForm()
    if not form.validate_on_submit():
        flash(_("Ange vem som har kodat matrisen."), "error")
        return redirect(url_for(".agreement_page", slug=slug, version=version), 303)
    session = get_session()
    try:
        coding.save_coding(session, row, form.coder.data, coding.matrix_cells(row),
                           access.user_id())
    except EditError as exc:
        session.rollback()
        flash(str(exc), "error")
    else:
        session.commit()
        flash(_("Matrisen är sparad som en kodning."), "ok")
    return redirect(url_for(".agreement_page", slug=slug, version=version), 303)


@bp.post("/<slug>/v<int:version>/kodningar/<int:order>/radera")
def delete(slug: str, version: int, order: int):
    """Remove one coding of a draft."""
    row = access.load_draft(slug, version)
    session = get_session()
    try:
        coding.delete_coding(session, row, order, access.user_id())
    except LookupError:
        abort(404)
    session.commit()
    flash(_("Kodningen är borttagen."), "ok")
    return redirect(url_for(".agreement_page", slug=slug, version=version), 303)
