"""The table pages' data: rows of inputs, what was sent back, and the themes form.

See `compass.admin.tables` for the checks and the apply step the pages share with the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import QuestionSet
from .tables import (
    STATEMENTS,
    Clash,
    Column,
    RowUpdate,
    Table,
    base_json,
    base_of,
    check_values,
    same,
)

# ---------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class CellView:
    """One input of the table page."""

    column: Column
    name: str                  # the input's name: "<key>.<column>"
    value: str
    error: str | None = None
    theirs: str | None = None  # a colleague's text, after a clash
    swedish: str | None = None  # the Swedish text beside an English cell


@dataclass(frozen=True)
class RowView:
    """One row of the table page."""

    key: str
    number: int
    label: str
    base: str                  # the JSON the page sends back (see `base_of`)
    cells: tuple[CellView, ...]


def page_rows(table: Table, row: QuestionSet, columns: tuple[Column, ...], form=None,
              errors: dict[str, str] | None = None, clashes: tuple[Clash, ...] = ()
              ) -> list[RowView]:
    """The table page's rows: stored values, or what was sent back with its errors.

    After a clash the rows come back merged: this editor's texts where they typed, the
    stored (colleague's) texts elsewhere, and the stored values as the new base.
    """
    errors = errors or {}
    theirs = {(c.key, c.field): c.theirs for c in clashes}
    out = []
    for number, item in enumerate(table.items(row), 1):
        sent_base = form.get(f"{item.key}.base") if form is not None else None
        base = base_of(sent_base) if sent_base is not None else None
        cells = []
        for column in columns:
            name = f"{item.key}.{column.name}"
            stored = getattr(item, column.field)
            value = stored
            if form is not None and name in form:
                typed = form[name]
                mine = base is None or not same(base.get(column.field, stored), typed)
                value = typed if mine or not clashes else stored
            swedish = getattr(item, column.field[:-3]) if column.english else None
            cells.append(CellView(column, name, value or "", errors.get(name),
                                  theirs.get((item.key, column.field)), swedish))
        keep_base = form is not None and not clashes and sent_base is not None
        out.append(RowView(item.key, number, table.label(item),
                           sent_base if keep_base else base_json(item, table), tuple(cells)))
    return out


def gone_keys(table: Table, row: QuestionSet, form) -> list[str]:
    """Keys of rows the page sent that the version no longer has (deleted meanwhile)."""
    keys = {item.key for item in table.items(row)}
    return [name[:-5] for name in form if name.endswith(".base") and name[:-5] not in keys]


def form_updates(table: Table, row: QuestionSet, columns: tuple[Column, ...], form
                 ) -> tuple[list[RowUpdate], dict[str, str]]:
    """Read the table page's inputs; return the row updates and the errors by input name."""
    updates, errors = [], {}
    for number, item in enumerate(table.items(row), 1):
        raw = {c.name: form[f"{item.key}.{c.name}"] for c in columns
               if f"{item.key}.{c.name}" in form}
        if not raw:
            continue
        values, problems = check_values(table, raw)
        errors.update({f"{item.key}.{name}": message for name, message in problems.items()})
        base = base_of(form.get(f"{item.key}.base"))
        updates.append(RowUpdate(number, item.key, values, base or table.snapshot(item)))
    return updates, errors


# ---------------------------------------------------------------------------- themes


def themes(row: QuestionSet) -> list[tuple[str, str]]:
    """Every Swedish theme in statement order, with its English name ("" when none)."""
    found: dict[str, list[str]] = {}
    for st in STATEMENTS.items(row):
        found.setdefault(st.theme, []).append(st.theme_en or "")
    # Statements of one theme normally share its English name; the commonest one is shown.
    return [(theme, max(names, key=lambda n: (names.count(n), bool(n))))
            for theme, names in found.items()]


def theme_updates(row: QuestionSet, english: dict[str, str], bases: dict[str, str]
                  ) -> tuple[list[RowUpdate], dict[str, str]]:
    """Give every statement of a theme the English name typed for it; errors by theme."""
    updates, errors = [], {}
    for theme, _shown in themes(row):
        if theme not in english or same(bases.get(theme), english[theme]):
            continue  # left alone: statements keep their own English names
        values, problems = check_values(STATEMENTS, {"tema_en": english[theme]})
        if problems:
            errors[theme] = problems["tema_en"]
            continue
        updates.extend(RowUpdate(number, st.key, values)
                       for number, st in enumerate(STATEMENTS.items(row), 1)
                       if st.theme == theme)
    return updates, errors
