"""Statements of a draft: list, create, edit, reorder, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import catalog, versions
from ..db import get_session
from . import access, conflicts, content, editing
from .editing import EditConflict, EditError, StaleEdit
from .formchecks import held_back, statement_warnings
from .forms import ButtonForm, MoveForm, StatementForm
from .merge import MergeConflict
from .problems import describe

bp = access.protect(Blueprint("admin_statements", __name__, url_prefix="/admin"))

FIELDS = ("key", "text", "theme", "direction", "easy_read", "background", "text_en",
          "easy_read_en", "background_en", "theme_en")


def _data(form: StatementForm) -> dict:
    data = {f: (getattr(form, f).data or "").strip() for f in FIELDS}
    for optional in ("direction", "text_en", "easy_read_en", "background_en", "theme_en"):
        data[optional] = data[optional] or None
    return data


def _themes(view) -> list[str]:
    return list(dict.fromkeys(st.theme for st in view.statements))


@bp.get("/<slug>/v<int:version>/pastaenden")
def index(slug: str, version: int):
    """Every statement in order, with move and edit links."""
    view = access.load_view(slug, version)
    return render_template("admin/statements.html", view=view, form=MoveForm(),
                           active="statements")


@bp.route("/<slug>/v<int:version>/pastaenden/ny", methods=["GET", "POST"])
def new(slug: str, version: int):
    """Add a statement (the text may come pre-filled from a proposal: ?text=…)."""
    row = access.load_draft(slug, version)
    form = StatementForm()
    if not form.is_submitted():
        form.text.data = request.args.get("text", "")[:400]
        form.theme.data = request.args.get("tema", "")[:120]
    if form.validate_on_submit() and not held_back(form, statement_warnings(form)):
        session = get_session()
        try:
            _row, key = content.create_statement(session, row, _data(form), access.user_id())
        except EditError as exc:
            session.rollback()
            form.key.errors.append(str(exc))
        else:
            session.commit()
            flash(_("Påståendet är tillagt. Alla partier står utan ståndpunkt tills du "
                    "kodar dem i matrisen."), "ok")
            return redirect(url_for(".edit", slug=slug, version=version, key=key), 303)
    view = access.load_view(slug, version)
    return render_template("admin/statement_form.html", view=view, form=form, key=None,
                           themes=_themes(view), conflict=None, problems=[],
                           active="statements"), (
        400 if form.errors else 200)


@bp.route("/<slug>/v<int:version>/pastaenden/<key>", methods=["GET", "POST"])
def edit(slug: str, version: int, key: str):
    """Edit a statement; a change saved meanwhile by someone else is merged field by field,
    and only a field both changed differently is asked about (409, input kept)."""
    row = access.load_draft(slug, version)
    st = editing.statement(row, key)
    form = StatementForm(obj=st)
    if st is None and not (form.is_submitted() and conflicts.opened_on(form, key)):
        abort(404)
    if not form.is_submitted():
        conflicts.open_form(form, st.id, content.statement_base(st))
    conflict, status, opened = None, 200, conflicts.opened(form)
    if form.validate_on_submit() and not held_back(form, statement_warnings(form)):
        session = get_session()
        try:
            _row, new_key, merged = content.update_statement(
                session, row, key, _data(form), opened, access.user_id())
        except MergeConflict as exc:
            session.rollback()
            conflict, status = conflicts.box(exc.merge, access.load_view(slug, version),
                                             opened), 409
            conflicts.show_theirs(form, exc.merge)
        except StaleEdit:
            session.rollback()
            flash(_("Någon annan sparade påståendet i samma ögonblick. Din text står kvar: "
                    "spara igen."), "error")
            status = 409
        except EditConflict:
            session.rollback()
            return _recreate(slug, version, key, form)
        except EditError as exc:
            session.rollback()
            form.key.errors.append(str(exc))
        else:
            session.commit()
            conflicts.flash_saved(_("Påståendet är sparat."), merged)
            return redirect(url_for(".edit", slug=slug, version=version, key=new_key), 303)
    elif form.is_submitted() and st is None:
        return _recreate(slug, version, key, form)
    if form.errors:
        status = 400
    view = access.load_view(slug, version)
    row = access.load_draft(slug, version)
    problems = [p for p in describe(versions.problems(row), catalog.to_definition(row))
                if p.statement == key and p.party is None]
    return render_template("admin/statement_form.html", view=view, form=form, key=key,
                           themes=_themes(view), conflict=conflict, delete_form=ButtonForm(),
                           problems=problems, active="statements"), status


def _recreate(slug: str, version: int, key: str, form: StatementForm):
    """The statement was deleted meanwhile: offer to add it again from the editor's input."""
    if not (form.key.data or "").strip():
        form.key.data = key
    view = access.load_view(slug, version)
    return render_template("admin/statement_form.html", view=view, form=form, key=None,
                           themes=_themes(view), conflict=None, problems=[], gone=True,
                           action=url_for(".new", slug=slug, version=version),
                           active="statements"), 409


@bp.post("/<slug>/v<int:version>/pastaenden/<key>/flytta")
def move(slug: str, version: int, key: str):
    """Move a statement one place up or down."""
    row = access.load_draft(slug, version)
    if editing.statement(row, key) is None:
        abort(404)
    form = MoveForm()
    if not form.validate():
        abort(400)
    session = get_session()
    content.move_statement(session, row, key, -1 if form.riktning.data == "upp" else 1,
                           access.user_id())
    session.commit()
    return redirect(url_for(".index", slug=slug, version=version) + f"#st-{key}", 303)


@bp.post("/<slug>/v<int:version>/pastaenden/<key>/radera")
def delete(slug: str, version: int, key: str):
    """Delete a statement and its positions."""
    row = access.load_draft(slug, version)
    if editing.statement(row, key) is None:
        abort(404)
    session = get_session()
    content.delete_statement(session, row, key, access.user_id())
    session.commit()
    flash(_("Påståendet %(key)s är borttaget.", key=key), "ok")
    return redirect(url_for(".index", slug=slug, version=version), 303)
