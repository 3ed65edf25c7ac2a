"""Statements and parties edited as tables, English names of themes, missing translations."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request, url_for
from flask import redirect as go
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import catalog, versions
from ..db import get_session
from . import access, editing, missing, table_page, tables
from .forms import ButtonForm
from .problems import describe

bp = access.protect(Blueprint("admin_tables", __name__, url_prefix="/admin"))

# Which columns the statements table shows: the Swedish texts, or the English ones.
STATEMENT_VIEWS = {"sv": tuple(c for c in tables.STATEMENTS.columns if not c.english),
                   "en": tuple(c for c in tables.STATEMENTS.columns if c.english)}


def _statements_changed(n: int) -> str:
    return ngettext("%(num)d påstående ändrades.", "%(num)d påståenden ändrades.", n)


def _parties_changed(n: int) -> str:
    return ngettext("%(num)d parti ändrades.", "%(num)d partier ändrades.", n)


def _problems(table: tables.Table, row) -> list:
    """The validator's problems with the table's rows themselves (not their positions)."""
    prefix = "statements[" if table.kind == "statement" else "parties["
    found = [p for p in versions.problems(row) if p.path.startswith(prefix)
             and ".positions" not in p.path and ".accepted_lints" not in p.path]
    return describe(found, catalog.to_definition(row)) if found else []


def _report(changes: list[tables.Change], counted, problems: list) -> None:
    """Flash how many rows changed (`counted(n)` says it), and which fields of each; not in
    green while the validator finds problems in the rows (the page lists them)."""
    category = "error" if problems else "ok"
    flash(counted(len(changes)), category)
    if changes:
        flash("; ".join(f"{c.label}: {', '.join(c.fields)}" for c in changes[:20]), category)


def _save(table: tables.Table, row, updates) -> tuple[list | None, tuple, bool]:
    """Apply updates in one transaction; return (changes or None, clashes, stale)."""
    session = get_session()
    try:
        _row, changes = tables.apply(session, row, table, updates, access.user_id())
    except tables.TableConflict as exc:
        session.rollback()
        return None, tuple(exc.clashes), False
    except editing.EditConflict:
        session.rollback()
        return None, (), True
    session.commit()
    return changes, (), False


def _table(table: tables.Table, columns, template: str, target: str, counted, **extra):
    slug, version = request.view_args["slug"], request.view_args["version"]
    row = access.load_draft(slug, version)
    form = ButtonForm()
    errors, clashes, sent, status = {}, (), None, 200
    if form.validate_on_submit():
        updates, errors = table_page.form_updates(table, row, columns, request.form)
        sent = request.form
        gone = table_page.gone_keys(table, row, request.form)
        if gone:
            flash(_("Ingenting sparades: %(keys)s finns inte längre i utkastet (borttaget av "
                    "någon annan sedan du öppnade tabellen). Dina övriga ändringar står kvar; "
                    "spara igen.", keys=", ".join(gone)), "error")
            status = 409
        elif not errors:
            changes, clashes, stale = _save(table, row, updates)
            if changes is not None:
                _report(changes, counted, _problems(table, row))
                return go(target, 303)
            row = access.load_draft(slug, version)
            if stale:
                flash(_("Någon annan sparade samtidigt. Ingenting sparades: spara igen."),
                      "error")
            status = 409
        else:
            status = 400
    elif form.is_submitted():
        status = 400
    rows = table_page.page_rows(table, row, columns, sent, errors, clashes)
    return render_template(template, view=access.load_view(slug, version), rows=rows,
                           columns=columns, form=form, errors=errors, clashes=clashes,
                           problems=_problems(table, row),
                           active=extra.pop("active"), **extra), status


@bp.route("/<slug>/v<int:version>/tabell/pastaenden", methods=["GET", "POST"])
def statements(slug: str, version: int):
    """Every statement's texts in one form (?texter=en: the English texts)."""
    texts = request.args.get("texter", "sv")
    texts = texts if texts in STATEMENT_VIEWS else "sv"
    here = url_for(".statements", slug=slug, version=version, texter=texts)
    return _table(tables.STATEMENTS, STATEMENT_VIEWS[texts], "admin/statements_table.html",
                  here, _statements_changed, texts=texts, active="statements")


@bp.route("/<slug>/v<int:version>/tabell/partier", methods=["GET", "POST"])
def parties(slug: str, version: int):
    """Every party's names and colour in one form."""
    here = url_for(".parties", slug=slug, version=version)
    return _table(tables.PARTIES, tables.PARTIES.columns, "admin/parties_table.html", here,
                  _parties_changed, active="parties")


@bp.route("/<slug>/v<int:version>/teman", methods=["GET", "POST"])
def themes(slug: str, version: int):
    """The English name of every theme, given to all its statements at once."""
    row = access.load_draft(slug, version)
    form = ButtonForm()
    shown = table_page.themes(row)
    typed, errors, status = {}, {}, 200
    if form.validate_on_submit():
        # Each input names its Swedish theme: a theme renamed meanwhile is left alone.
        sent = [i for i in range(len(request.form)) if f"namn-{i}" in request.form]
        typed = {request.form[f"namn-{i}"]: request.form.get(f"tema-{i}", "") for i in sent}
        bases = {request.form[f"namn-{i}"]: request.form.get(f"bas-{i}", "") for i in sent}
        updates, errors = table_page.theme_updates(row, typed, bases)
        if not errors:
            changes, _clashes, stale = _save(tables.STATEMENTS, row, updates)
            if not stale:
                _report(changes, _statements_changed, _problems(tables.STATEMENTS, row))
                return go(url_for(".themes", slug=slug, version=version), 303)
            flash(_("Någon annan sparade samtidigt. Ingenting sparades: spara igen."), "error")
        status = 409 if not errors else 400
    elif form.is_submitted():
        status = 400
    return render_template("admin/themes.html", view=access.load_view(slug, version),
                           themes=shown, typed=typed, errors=errors, form=form,
                           active="statements"), status


@bp.get("/<slug>/v<int:version>/oversattningar")
def missing_translations(slug: str, version: int):
    """Every Swedish text of the version without English, with links to where it is edited."""
    view = access.load_view(slug, version)
    groups = missing.missing_translations(view)
    return render_template("admin/translations.html", view=view, groups=groups,
                           total=sum(len(g.items) for g in groups),
                           active="translations")
