"""What every draft edit shares: refusals, conflicts, keys and lookups inside a version."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..models import Party, QuestionSet, SourceDocument, Statement
from ..questionsets.definitions import KEY_RE


class EditError(ValueError):
    """A change that is refused; the message is shown next to the form."""


class EditConflict(Exception):
    """Someone else saved the same item since the form was opened.

    `current` holds that person's values (None when the item was deleted meanwhile).
    """

    def __init__(self, current: dict | None):
        super().__init__("edit conflict")
        self.current = current


class StaleEdit(EditConflict):
    """Someone saved the same row in the very moment of this save (caught at the flush)."""

    def __init__(self):
        super().__init__(None)


def find(items, key: str, row_id: int | None = None):
    """The item with `key`, else the one with id `row_id` (renamed meanwhile); else raise
    `EditConflict` (deleted meanwhile)."""
    found = next((i for i in items if i.key == key), None)
    if found is None and row_id is not None:
        found = next((i for i in items if i.id == row_id), None)
    if found is None:
        raise EditConflict(None)
    return found


def reload(session: Session, item):
    """Read `item` again as stored now (the draft is claimed, so no one changes it until
    this request ends); raise `EditConflict` if it was deleted meanwhile."""
    try:
        session.refresh(item)
    except InvalidRequestError:
        raise EditConflict(None) from None
    return item


def check_version(current_version: int, expected: int | None, snapshot: dict | None) -> None:
    """Raise `EditConflict` when the form started from another row version."""
    if expected is not None and expected != current_version:
        raise EditConflict(snapshot)


def flush(session: Session) -> None:
    """Flush, turning a concurrent change caught by the row version into `EditConflict`."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit from None


def slugify(text: str, limit: int = 60) -> str:
    """Turn a text into a key: lower-case ASCII letters, digits and hyphens.

    >>> slugify("Övervakningskameror på torget!")
    'overvakningskameror-pa-torget'
    """
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    return key or "nytt"


def unique_key(wanted: str, taken: set[str]) -> str:
    """Return `wanted`, or `wanted-2`, `wanted-3` … when it is taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def check_key(key: str, taken: set[str]) -> str:
    """Return a valid, unused key or raise `EditError`."""
    key = (key or "").strip()
    if not KEY_RE.match(key):
        raise EditError(_("Nyckeln får bara innehålla små bokstäver a–z, siffror och "
                          "bindestreck, och får inte börja eller sluta med bindestreck."))
    if key in taken:
        raise EditError(_("Nyckeln %(key)s används redan i den här versionen.", key=key))
    return key


def statement(row: QuestionSet, key: str) -> Statement | None:
    """Return the statement with `key` in this version, or None."""
    return next((s for s in row.statements if s.key == key), None)


def party(row: QuestionSet, key: str) -> Party | None:
    """Return the party with `key` in this version, or None."""
    return next((p for p in row.parties if p.key == key), None)


def source(row: QuestionSet, key: str) -> SourceDocument | None:
    """Return the source document with `key` in this version, or None."""
    return next((s for s in row.sources if s.key == key), None)


def move(items: list, item, step: int) -> bool:
    """Move `item` one place up (-1) or down (+1) and renumber `order`; False at an end."""
    ordered = sorted(items, key=lambda x: x.order)
    index = ordered.index(item)
    target = index + step
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for order, each in enumerate(ordered):
        if each.order != order:
            each.order = order
    return True
