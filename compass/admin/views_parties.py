"""Parties of a draft: list, create, edit, reorder, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from . import access, conflicts, content, editing
from .editing import EditConflict, EditError, StaleEdit
from .formchecks import colour_warnings, held_back, suggested_colour
from .forms import ButtonForm, MoveForm, PartyForm, options
from .merge import MergeConflict

bp = access.protect(Blueprint("admin_parties", __name__, url_prefix="/admin"))


def _data(form: PartyForm) -> dict:
    return {"key": (form.key.data or "").strip(), "name": form.name.data.strip(),
            "short_name": form.short_name.data.strip(), "colour": form.colour.data.lower(),
            "sources": list(form.sources.data or []),
            "name_en": (form.name_en.data or "").strip() or None,
            "short_name_en": (form.short_name_en.data or "").strip() or None}


def _unconfirmed(form: PartyForm, view, key: str | None) -> bool:
    others = [(p.short_name, p.colour) for p in view.parties if p.key != key]
    return held_back(form, colour_warnings(form.colour.data, others))


def _form(view, obj=None) -> PartyForm:
    form = PartyForm(obj=obj)
    form.sources.choices = options((s.key, f"{s.title} – {s.publisher}") for s in view.sources)
    if obj is not None and not form.is_submitted():
        form.sources.data = [s.key for s in obj.sources]
    return form


@bp.get("/<slug>/v<int:version>/partier")
def index(slug: str, version: int):
    """Every party in order, with move and edit links."""
    view = access.load_view(slug, version)
    return render_template("admin/parties.html", view=view, form=MoveForm(), active="parties")


@bp.route("/<slug>/v<int:version>/partier/ny", methods=["GET", "POST"])
def new(slug: str, version: int):
    """Add a party (it starts without a stated position on every statement)."""
    row = access.load_draft(slug, version)
    view = access.load_view(slug, version)
    form = _form(view)
    if not form.is_submitted():
        form.colour.data = suggested_colour([p.colour for p in view.parties], form.colour.data)
    if form.validate_on_submit() and not _unconfirmed(form, view, None):
        session = get_session()
        try:
            _row, key = content.create_party(session, row, _data(form), access.user_id())
        except EditError as exc:
            session.rollback()
            form.key.errors.append(str(exc))
        else:
            session.commit()
            flash(_("Partiet är tillagt."), "ok")
            return redirect(url_for(".index", slug=slug, version=version) + f"#p-{key}", 303)
    return render_template("admin/party_form.html", view=view, form=form, key=None,
                           conflict=None, active="parties"), 400 if form.errors else 200


@bp.route("/<slug>/v<int:version>/partier/<key>", methods=["GET", "POST"])
def edit(slug: str, version: int, key: str):
    """Edit a party; a change saved meanwhile by someone else is merged field by field, and
    only a field both changed differently is asked about (409, input kept)."""
    row = access.load_draft(slug, version)
    party = editing.party(row, key)
    view = access.load_view(slug, version)
    form = _form(view, party)
    if party is None and not (form.is_submitted() and conflicts.opened_on(form, key)):
        abort(404)
    if not form.is_submitted():
        conflicts.open_form(form, party.id, content.party_base(party))
    conflict, status, opened = None, 200, conflicts.opened(form)
    if form.validate_on_submit() and not _unconfirmed(form, view, key):
        session = get_session()
        try:
            _row, new_key, merged = content.update_party(session, row, key, _data(form),
                                                         opened, access.user_id())
        except MergeConflict as exc:
            session.rollback()
            conflict, status = conflicts.box(exc.merge, view, opened), 409
            conflicts.show_theirs(form, exc.merge)
        except StaleEdit:
            session.rollback()
            flash(_("Någon annan sparade partiet i samma ögonblick. Det du skrev står kvar: "
                    "spara igen."), "error")
            status = 409
        except EditConflict:
            session.rollback()
            return _recreate(view, key, form)
        except EditError as exc:
            session.rollback()
            form.key.errors.append(str(exc))
        else:
            session.commit()
            conflicts.flash_saved(_("Partiet är sparat."), merged)
            return redirect(url_for(".index", slug=slug, version=version) + f"#p-{new_key}",
                            303)
    elif form.is_submitted() and party is None:
        return _recreate(view, key, form)
    if form.errors:
        status = 400
    return render_template("admin/party_form.html", view=view, form=form, key=key,
                           conflict=conflict, delete_form=ButtonForm(), active="parties"), status


def _recreate(view, key: str, form: PartyForm):
    """The party was deleted meanwhile: offer to add it again from the editor's input."""
    if not (form.key.data or "").strip():
        form.key.data = key
    return render_template("admin/party_form.html", view=view, form=form, key=None,
                           conflict=None, gone=True, active="parties",
                           action=url_for(".new", slug=view.slug, version=view.version)), 409


@bp.post("/<slug>/v<int:version>/partier/<key>/flytta")
def move(slug: str, version: int, key: str):
    """Move a party one place up or down."""
    row = access.load_draft(slug, version)
    if editing.party(row, key) is None:
        abort(404)
    form = MoveForm()
    if not form.validate():
        abort(400)
    session = get_session()
    content.move_party(session, row, key, -1 if form.riktning.data == "upp" else 1,
                       access.user_id())
    session.commit()
    return redirect(url_for(".index", slug=slug, version=version) + f"#p-{key}", 303)


@bp.post("/<slug>/v<int:version>/partier/<key>/radera")
def delete(slug: str, version: int, key: str):
    """Delete a party and its positions."""
    row = access.load_draft(slug, version)
    if editing.party(row, key) is None:
        abort(404)
    session = get_session()
    content.delete_party(session, row, key, access.user_id())
    session.commit()
    flash(_("Partiet %(key)s är borttaget.", key=key), "ok")
    return redirect(url_for(".index", slug=slug, version=version), 303)
