"""Statements and parties as tables: every row's texts on one page, or in one CSV file.

The table page and the CSV import share one check (`check_values`) and one apply step
(`apply`). Both are all-or-nothing: every row is checked first and only a clean table or
file changes the draft. A cell equal to the stored text apart from line endings and outer
whitespace counts as unchanged, so an exported file imports with no change, also after a
spreadsheet saved it with CR LF.

The table page sends, per row, the values it was opened with (its base): a field the editor
left alone keeps whatever a colleague saved meanwhile, and only a field both changed, to
different texts, is a clash (nothing is saved; the page shows the colleague's text).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from .. import csvsafe, versions
from ..models import QuestionSet
from ..questionsets import limits
from ..questionsets.definitions import COLOUR_RE, DIRECTIONS
from . import audit, editing
from .transfer import ImportRejected, read_csv

KEY_COLUMN = "nyckel"
# Spreadsheet users may write the direction in Swedish; the file format's words are stored.
DIRECTION_WORDS = {"more": "more", "less": "less", "mer": "more", "mindre": "less"}


@dataclass(frozen=True)
class Column:
    """One editable field of a table: its CSV column, model attribute and checks."""

    name: str                  # the CSV column
    field: str                 # the model attribute (and audit field)
    label: str                 # a lazy Swedish label
    limit: int | None = None   # most characters
    required: bool = False
    empty: str | None = None   # what a blank cell stores ("" for non-null texts)
    kind: str = "line"         # line | text | direction | colour
    english: bool = False


@dataclass(frozen=True)
class Table:
    """A kind of row that can be edited as a table: statements or parties."""

    kind: str                  # statement | party
    columns: tuple[Column, ...]
    items: Callable[[QuestionSet], list]
    snapshot: Callable
    label: Callable            # the row's human name

    def column(self, name: str) -> Column | None:
        """Return the column with CSV name `name`, or None."""
        return next((c for c in self.columns if c.name == name), None)

    def by_field(self, field: str) -> Column | None:
        """Return the column that edits model attribute `field`, or None."""
        return next((c for c in self.columns if c.field == field), None)


STATEMENTS = Table(
    kind="statement",
    columns=(
        Column("text", "text", _l("Påstående"), limits.STATEMENT_TEXT, True, kind="text"),
        Column("tema", "theme", _l("Tema"), limits.THEME, True),
        Column("riktning", "direction", _l("Riktning"), kind="direction"),
        Column("lattlast", "easy_read", _l("Lättläst text"), empty="", kind="text"),
        Column("bakgrund", "background", _l("Bakgrund"), empty="", kind="text"),
        Column("text_en", "text_en", _l("Påstående på engelska"), limits.STATEMENT_TEXT,
               kind="text", english=True),
        Column("tema_en", "theme_en", _l("Tema på engelska"), limits.THEME, english=True),
        Column("lattlast_en", "easy_read_en", _l("Lättläst text på engelska"), kind="text",
               english=True),
        Column("bakgrund_en", "background_en", _l("Bakgrund på engelska"), kind="text",
               english=True),
    ),
    items=lambda row: sorted(row.statements, key=lambda s: s.order),
    snapshot=audit.statement_snapshot,
    label=lambda st: st.text,
)
PARTIES = Table(
    kind="party",
    columns=(
        Column("namn", "name", _l("Namn"), limits.PARTY_NAME, True),
        Column("kortnamn", "short_name", _l("Kortnamn"), limits.SHORT_NAME, True),
        Column("farg", "colour", _l("Färg (#rrggbb)"), limits.COLOUR, True, kind="colour"),
        Column("namn_en", "name_en", _l("Namn på engelska"), limits.PARTY_NAME, english=True),
        Column("kortnamn_en", "short_name_en", _l("Kortnamn på engelska"), limits.SHORT_NAME,
               english=True),
    ),
    items=lambda row: sorted(row.parties, key=lambda p: p.order),
    snapshot=audit.party_snapshot,
    label=lambda p: p.name,
)
TABLES = {"statement": STATEMENTS, "party": PARTIES}


@dataclass(frozen=True)
class RowUpdate:
    """The new values of one row (only the fields the table or file has)."""

    line: int                   # the CSV line, or the row's place in the table
    key: str
    values: dict[str, str | None]
    base: dict[str, str | None] | None = None  # what the table page showed (None: CSV)


@dataclass(frozen=True)
class Change:
    """One row that an apply changed, and the labels of its changed fields."""

    key: str
    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Clash:
    """A field that both this editor and a colleague changed, to different texts."""

    key: str
    field: str
    theirs: str | None


class TableConflict(Exception):
    """Fields clashed with a colleague's save; nothing was changed."""

    def __init__(self, clashes: list[Clash]):
        super().__init__("table conflict")
        self.clashes = clashes


# ---------------------------------------------------------------------------- cells


def clean(text: str | None) -> str:
    """A cell as it is compared and stored: LF line endings, no NUL, outer spaces dropped."""
    if text is None:
        return ""
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def same(stored: str | None, value: str | None) -> bool:
    """Whether a cell says the same as the stored text (line endings and outer spaces aside)."""
    return clean(stored) == clean(value)


def check_values(table: Table, raw: dict[str, str]) -> tuple[dict[str, str | None],
                                                              dict[str, str]]:
    """Check one row's cells (CSV column -> text); return (field -> value, column -> error)."""
    values: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for name, text in raw.items():
        column = table.column(name)
        if column is None:
            continue
        value = clean(text)
        if column.kind == "direction":
            if value and value.lower() not in DIRECTION_WORDS:
                errors[name] = _("Riktningen '%(v)s' finns inte (välj %(k)s eller lämna tomt).",
                                 v=value, k=", ".join(DIRECTIONS))
                continue
            values[column.field] = DIRECTION_WORDS.get(value.lower()) if value else None
            continue
        if column.kind == "colour":
            value = value.lower()
            if value and not COLOUR_RE.match(value):
                errors[name] = _("Skriv färgen som #rrggbb.")
                continue
        if column.required and not value:
            errors[name] = _("Fyll i fältet.")
        elif column.limit is not None and len(value) > column.limit:
            errors[name] = _("Högst %(max)d tecken (nu %(n)d).", max=column.limit, n=len(value))
        else:
            values[column.field] = value or column.empty
    return values, errors


# ---------------------------------------------------------------------------- CSV


def export_csv(table: Table, row: QuestionSet) -> str:
    """Return every row's editable fields as CSV (UTF-8 with BOM, CR LF, formula-safe)."""
    out = io.StringIO()
    writer = csvsafe.SafeWriter(out)
    writer.writerow([KEY_COLUMN, *(c.name for c in table.columns)])
    for item in table.items(row):
        writer.writerow([item.key, *(getattr(item, c.field) or "" for c in table.columns)])
    return csvsafe.BOM + out.getvalue()


def parse_csv(table: Table, text: str, row: QuestionSet) -> list[RowUpdate]:
    """Check a table CSV against a draft; raise `ImportRejected` listing every error."""
    reader, header = read_csv(text)
    known = [c.name for c in table.columns]
    if KEY_COLUMN not in header or not set(known) & set(header):
        raise ImportRejected([_("rad 1: rubrikraden ska ha kolumnen %(key)s och minst en av "
                                "%(columns)s", key=KEY_COLUMN, columns=", ".join(known))])
    at = {name: header.index(name) for name in (KEY_COLUMN, *known) if name in header}
    keys = {item.key for item in table.items(row)}
    seen: dict[str, int] = {}
    errors: list[str] = []
    updates: list[RowUpdate] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            # A short row (a spreadsheet dropping empty cells at the end) leaves the missing
            # columns as they are rather than emptying them.
            cells = {name: csvsafe.unescape_cell(clean(record[i]))
                     for name, i in at.items() if i < len(record)}
            key = cells.pop(KEY_COLUMN, "")
            if key not in keys:
                errors.append(_("rad %(n)d: okänd nyckel '%(k)s'", n=start, k=key))
                continue
            if key in seen:
                errors.append(_("rad %(n)d: nyckeln '%(k)s' står redan på rad %(m)d", n=start,
                                k=key, m=seen[key]))
                continue
            seen[key] = start
            values, problems = check_values(table, cells)
            errors.extend(_("rad %(n)d, %(c)s: %(m)s", n=start, c=name, m=message)
                          for name, message in problems.items())
            updates.append(RowUpdate(start, key, values))
    except csv.Error as exc:
        errors.append(_("rad %(n)d: %(e)s", n=line, e=str(exc)))
    if errors:
        raise ImportRejected(errors)
    return updates


# ---------------------------------------------------------------------------- apply


def base_of(text: str | None) -> dict[str, str | None] | None:
    """Read a row's base (the JSON the table page sent); None when it is unreadable."""
    try:
        value = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): v if isinstance(v, str) or v is None else str(v) for k, v in value.items()}


def base_json(item, table: Table) -> str:
    """The base a table page sends for one row: its stored editable fields as JSON."""
    return json.dumps({c.field: getattr(item, c.field) for c in table.columns},
                      ensure_ascii=False, sort_keys=True)


def _planned(table: Table, item, update: RowUpdate) -> tuple[dict, list[Clash]]:
    """The fields to write for one row, and the clashes with a colleague's save."""
    writes, clashes = {}, []
    for field, value in update.values.items():
        current = getattr(item, field)
        if same(current, value):
            continue
        if update.base is not None:
            base = update.base.get(field, current)
            if same(base, value):
                continue  # this editor left the field alone: keep what is stored
            if not same(base, current):
                clashes.append(Clash(item.key, field, current))
                continue
        writes[field] = value
    return writes, clashes


def apply(session: Session, row: QuestionSet, table: Table, updates: list[RowUpdate],
          user_id: int) -> tuple[QuestionSet, list[Change]]:
    """Write checked row updates to a draft, each changed row to the audit log.

    Raises `TableConflict` (before changing anything) when a field clashes with a
    colleague's save, and `editing.EditConflict` when a row changed during this request.
    """
    versions.require_draft(row)
    by_key = {item.key: item for item in table.items(row)}
    plans, clashes = [], []
    for update in updates:
        item = by_key[update.key]
        writes, found = _planned(table, item, update)
        clashes.extend(found)
        if writes:
            plans.append((item, writes))
    if clashes:
        raise TableConflict(clashes)
    changes = []
    for item, writes in plans:
        before = table.snapshot(item)
        for field, value in writes.items():
            setattr(item, field, value)
        audit.record(session, row, user_id, f"{table.kind}.update", f"{table.kind}:{item.key}",
                     before, table.snapshot(item))
        changes.append(Change(item.key, table.label(item),
                              tuple(str(table.by_field(f).label) for f in writes)))
    editing.flush(session)
    return versions.refresh(session, row), changes
