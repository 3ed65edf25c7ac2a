"""The positions matrix (statements × parties) and the editor of one cell."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import catalog, labels, versions
from ..db import get_session
from ..questionsets import scale_values
from . import access, cells, conflicts
from .editing import EditConflict, EditError
from .forms import NO_POSITION, PositionForm, ResolveForm, options, restart
from .merge import MergeConflict
from .problems import describe

bp = access.protect(Blueprint("admin_positions", __name__, url_prefix="/admin"))


@bp.get("/<slug>/v<int:version>/matris")
def matrix(slug: str, version: int):
    """Statements × parties: each cell's value and whether its quote is verified."""
    row = access.load_version(slug, version)
    view = access.load_view(slug, version)
    problems = describe(versions.problems(row), catalog.to_definition(row))
    return render_template("admin/matrix.html", view=view, rows=cells.matrix(view, problems),
                           problems=problems, active="matrix")


def _form(view, party, state: cells.CellState) -> PositionForm:
    form = PositionForm()
    form.value.choices = options([(NO_POSITION, labels.NO_POSITION_LABEL)] + [
        (str(v), f"{labels.answer_label(v, view.levels)} ({v:+d})" if v else
         f"{labels.answer_label(v, view.levels)} (0)") for v in scale_values(view.levels)])
    keys = list(party.sources)
    if state.source and state.source not in keys:
        keys.append(state.source)
    form.source.choices = options([("", _("– välj källa –"))] + [
        (k, view.source(k).title if view.source(k) else k) for k in keys])
    if not form.is_submitted():
        form.value.data = NO_POSITION if state.value is None else str(state.value)
        form.quote.data = state.quote or ""
        form.source.data = state.source or ""
        form.note.data = state.note or ""
        form.note_en.data = state.note_en or ""
        form.evidence.data = state.evidence or ""
        form.rationale.data = state.rationale or ""
        review = state.review
        form.review_status.data = state.review_status
        form.review_comment.data = review.comment or "" if review else ""
        form.review_counter_quote.data = review.counter_quote or "" if review else ""
        form.review_answer.data = review.answer or "" if review else ""
        form.row_version.data = state.row_version
        prefill_source = request.args.get("kalla", "")
        if request.args.get("citat"):
            form.quote.data = request.args["citat"][:2000]
            form.source.data = prefill_source if prefill_source in party.sources else ""
    return form


def _data(form: PositionForm) -> dict:
    return {"value": None if form.value.data == NO_POSITION else int(form.value.data),
            "quote": form.quote.data, "source": form.source.data, "note": form.note.data,
            "note_en": form.note_en.data,
            "evidence": form.evidence.data, "rationale": form.rationale.data,
            "review_status": form.review_status.data,
            "review_comment": form.review_comment.data,
            "review_counter_quote": form.review_counter_quote.data,
            "review_answer": form.review_answer.data}


def _cell_url(slug: str, version: int, cell: tuple[str, str], query: str) -> str:
    """The cell screen of (statement, party), keeping the evidence search it came from."""
    return url_for(".cell", slug=slug, version=version, statement=cell[0], party=cell[1],
                   **({"q": query} if query else {}))


def _after_save(slug: str, version: int, statement: str, party: str, following) -> str:
    """Where a saved cell goes: the next cell ("Spara och nästa"), back to the evidence
    search it was opened from, or the matrix."""
    query = request.args.get("q", "")[:200]
    if request.form.get("then") == "next" and following is not None:
        return _cell_url(slug, version, following, query)
    if query:
        return url_for("admin_sources.finder", slug=slug, version=version, q=query,
                       pastaende=statement) + f"#g-{party}"
    return url_for(".matrix", slug=slug, version=version) + f"#c-{statement}-{party}"


@bp.route("/<slug>/v<int:version>/matris/<statement>/<party>", methods=["GET", "POST"])
def cell(slug: str, version: int, statement: str, party: str):
    """The coding screen of one cell: the form beside the party's source texts. A save after
    someone else's is merged field by field; only a clash is asked about (409), input kept."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    state = cells.cell_state(row, view, statement, party)
    party_view, st_view = view.party(party), next(
        (s for s in view.statements if s.key == statement), None)
    if state is None or party_view is None or st_view is None:
        abort(404)
    previous, following = cells.neighbours(view, statement, party)
    form = _form(view, party_view, state)
    if not form.is_submitted():
        conflicts.open_form(form, *conflicts.cell_base(row, statement, party))
    conflict, box, status = None, None, 200
    if form.validate_on_submit():
        session = get_session()
        data = _data(form)
        opened = conflicts.opened(form)
        try:
            cells.save_cell(session, row, statement, party, data, form.row_version.data,
                            access.user_id(), opened)
        except MergeConflict as exc:
            session.rollback()
            box, status = conflicts.box(exc.merge, view, opened), 409
            conflicts.show_theirs(form, exc.merge, {
                "value": lambda v: NO_POSITION if v is None else str(v)})
        except EditConflict:
            session.rollback()
            fresh = cells.cell_state(access.load_draft(slug, version), view, statement, party)
            if fresh is None:
                abort(404)
            conflict, status = fresh, 409
            restart(form, fresh.row_version)
        except EditError as exc:
            session.rollback()
            getattr(form, getattr(exc, "field", "quote")).errors.append(str(exc))
        else:
            session.commit()
            saved = access.load_view(slug, version)
            if data["value"] is not None and not cells.verified(
                    saved, saved.party(party), data["quote"], data["source"]):
                flash(_("Sparat, men citatet finns inte ordagrant i källan. Rätta citatet "
                        "innan utkastet publiceras."), "error")
            else:
                flash(_("Rutan är sparad."), "ok")
            return redirect(_after_save(slug, version, statement, party, following), 303)
    if form.errors and status == 200:
        status = 400
    query = request.args.get("q", "")[:200]
    resolve = ResolveForm(formdata=None, row_version=state.row_version)
    return render_template(
        "admin/cell.html", view=view, st=st_view, party=party_view, state=state, form=form,
        conflict=conflict, box=box, prefilled=bool(request.args.get("citat")), resolve=resolve,
        panes=cells.source_panes(view, party_view, form.quote.data, form.source.data),
        previous=previous and _cell_url(slug, version, previous, query),
        following=following and _cell_url(slug, version, following, query),
        query=query, active="matrix"), status


@bp.post("/<slug>/v<int:version>/matris/<statement>/<party>/besvara")
def resolve(slug: str, version: int, statement: str, party: str):
    """Decline a party's objection with a public answer (the cell stays as it is)."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    state = cells.cell_state(row, view, statement, party)
    if state is None:
        abort(404)
    form = ResolveForm()
    back = redirect(url_for(".cell", slug=slug, version=version, statement=statement,
                            party=party), 303)
    if not form.validate():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return back
    session = get_session()
    try:
        cells.resolve_objection(session, row, statement, party, form.answer.data,
                                form.row_version.data, access.user_id())
    except EditConflict:
        session.rollback()
        flash(_("Någon annan har ändrat rutan under tiden. Läs den nya versionen och svara "
                "igen."), "error")
        return back
    except EditError as exc:
        session.rollback()
        flash(str(exc), "error")
        return back
    session.commit()
    flash(_("Invändningen är besvarad. Väljarna ser redaktionens svar."), "ok")
    return redirect(url_for(".matrix", slug=slug, version=version)
                    + f"#c-{statement}-{party}", 303)
