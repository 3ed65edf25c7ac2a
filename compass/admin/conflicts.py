"""The edit forms' side of a three-way merge: the signed base values a form carries, the
editor's choices on clashes, the rows of the conflict box and the flash after a merged save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app, flash, request
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeSerializer

from ..setview import SetView
from . import audit, editing
from .fieldlabels import field_label, kept_sentence, value_text
from .merge import MINE, THEIRS, Merge, Opened, shrink

_SALT = "admin-edit-base"
CHOICE = "val-"


@dataclass(frozen=True)
class ShownChange:
    """One field of the conflict box, in words: as opened, as stored now, as typed."""

    field: str
    label: str
    base: str | None  # None: not known (a form without base values)
    theirs: str
    mine: str
    choice: str | None


@dataclass(frozen=True)
class ConflictBox:
    """What the conflict box shows: the clashes to settle and the other editor's kept changes."""

    clashes: tuple[ShownChange, ...]
    kept: tuple[ShownChange, ...]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


def token(row_id: int | None, snapshot: Mapping) -> str:
    """The signed base values a form carries (long texts only as a fingerprint)."""
    return _serializer().dumps({"id": row_id, "base": shrink(snapshot)})


def open_form(form: FlaskForm, row_id: int | None, snapshot: Mapping) -> None:
    """Give a freshly opened edit form its base values."""
    form.base.data = token(row_id, snapshot)


def opened(form: FlaskForm) -> Opened:
    """What a submitted edit form was opened with; a missing or altered base is not used."""
    try:
        carried = _serializer().loads(form.base.data or "")
    except BadData:
        carried = None
    valid = (isinstance(carried, dict) and isinstance(carried.get("base"), dict)
             and isinstance(carried.get("id"), int | None))
    choices = {name[len(CHOICE):]: value for name, value in request.form.items()
               if name.startswith(CHOICE) and value in (MINE, THEIRS)}
    return Opened(row_id=carried["id"] if valid else None, row_version=form.row_version.data,
                  base=carried["base"] if valid else None, choices=choices)


def opened_on(form: FlaskForm, key: str) -> bool:
    """Whether a submitted form carries valid base values of the item with `key` (so an
    item missing now was there when the form was opened: deleted or renamed meanwhile)."""
    base = opened(form).base
    return base is not None and base.get("key") == key


def box(merge: Merge, view: SetView, opened_with: Opened) -> ConflictBox:
    """The conflict box for a merge that left clashes."""
    def shown(change) -> ShownChange:
        known = opened_with.base is not None
        return ShownChange(
            change.field, field_label(change.field),
            value_text(change.field, change.base, view) if known else None,
            value_text(change.field, change.theirs, view),
            value_text(change.field, change.mine, view),
            opened_with.choices.get(change.field))
    return ConflictBox(tuple(shown(c) for c in merge.clashes),
                       tuple(shown(c) for c in merge.kept))


def show_theirs(form: FlaskForm, merge: Merge, to_form: Mapping | None = None) -> None:
    """Put the other editor's kept changes into the form, so it shows what will be saved.

    `to_form` maps a field to a function from the stored value to the form's (a cell's value
    is an int stored, a string in its radio buttons).
    """
    for change in merge.kept:
        field = getattr(form, change.field, None)
        if field is None:
            continue
        value = change.theirs
        if to_form and change.field in to_form:
            value = to_form[change.field](value)
        field.data = list(value) if isinstance(value, list | tuple) else (
            "" if value is None else value)
        field.raw_data = None


def cell_base(row, statement_key: str, party_key: str) -> tuple[int | None, dict]:
    """The id and values a cell form starts from (for `open_form` and `cells.save_cell`)."""
    st, party = editing.statement(row, statement_key), editing.party(row, party_key)
    pos = next((p for p in st.positions if p.party_id == party.id), None) if st and party \
        else None
    return (pos.id if pos else None), audit.position_snapshot(pos)


def flash_saved(message: str, merge: Merge) -> None:
    """Flash the save, naming the other editor's changes that were kept."""
    kept = [c.field for c in merge.kept]
    flash(f"{message} {kept_sentence(kept)}" if kept else message, "ok")
