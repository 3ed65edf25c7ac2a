"""The positions matrix: page data for statements × parties and saving one cell."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import versions
from ..models import Position, QuestionSet
from ..questionsets import quote_in_text
from ..setview import PartyView, SetView, StatementView
from . import audit, editing
from .editing import EditError
from .problems import DescribedProblem


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix as the page shows it."""

    party: PartyView
    value: int | None
    has_quote: bool
    verified: bool
    has_note: bool
    problems: int


@dataclass(frozen=True)
class MatrixRow:
    """A statement with one cell per party."""

    statement: StatementView
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class CellState:
    """A stored cell with the row version a form must name to save over it."""

    value: int | None
    quote: str | None
    source: str | None
    note: str | None
    row_version: int
    verified: bool

    def as_dict(self) -> dict:
        """The values (for a conflict message and the audit log)."""
        return {"value": self.value, "quote": self.quote, "source": self.source,
                "note": self.note}


def verified(view: SetView, party: PartyView, quote: str | None, source: str | None) -> bool:
    """Whether `quote` occurs in `source` and the source is one of the party's own."""
    document = view.source(source) if source else None
    return bool(quote and document and source in party.sources
                and quote_in_text(quote, document.text))


def matrix(view: SetView, problems: list[DescribedProblem]) -> list[MatrixRow]:
    """Build the rows of the matrix; cells count the validator problems that point at them."""
    counts: dict[tuple[str, str], int] = {}
    for p in problems:
        if p.statement and p.party:
            counts[(p.statement, p.party)] = counts.get((p.statement, p.party), 0) + 1
    return [MatrixRow(statement=st, cells=tuple(
        Cell(party=party, value=pos.value, has_quote=bool(pos.quote),
             verified=verified(view, party, pos.quote, pos.source),
             has_note=bool(pos.note), problems=counts.get((st.key, party.key), 0))
        for party, pos in zip(view.parties, st.positions, strict=True)))
        for st in view.statements]


def cell_state(row: QuestionSet, view: SetView, statement_key: str, party_key: str
               ) -> CellState | None:
    """Return a stored cell (row version 0 when it has no row yet), or None if unknown."""
    st = editing.statement(row, statement_key)
    party = editing.party(row, party_key)
    party_view = view.party(party_key)
    if st is None or party is None or party_view is None:
        return None
    pos = next((p for p in st.positions if p.party_id == party.id), None)
    if pos is None:
        return CellState(None, None, None, None, 0, False)
    source_key = pos.source.key if pos.source else None
    return CellState(pos.value, pos.quote, source_key, pos.note, pos.row_version,
                     verified(view, party_view, pos.quote, source_key))


def save_cell(session: Session, row: QuestionSet, statement_key: str, party_key: str,
              data: dict, expected_version: int, user_id: int) -> QuestionSet:
    """Save a cell's value (None = no stated position), quote, source and note.

    Raises `EditConflict` when someone else saved the cell since the form was opened.
    """
    versions.require_draft(row)
    st = editing.statement(row, statement_key)
    party = editing.party(row, party_key)
    if st is None or party is None:
        raise editing.EditConflict(None)
    pos = next((p for p in st.positions if p.party_id == party.id), None)
    before = audit.position_snapshot(pos)
    editing.check_version(pos.row_version if pos else 0, expected_version, before)
    value = data.get("value")
    quote = (data.get("quote") or "").strip() or None
    source_key = data.get("source") or None
    note = (data.get("note") or "").strip() or None
    if value is None:
        # No stated position: a quote would only make the validator complain.
        quote = source_key = None
    elif not quote or not source_key:
        raise EditError(_("En ståndpunkt behöver både citat och källa."))
    source = editing.source(row, source_key) if source_key else None
    if source_key and source is None:
        raise EditError(_("Okänd källa."))
    if pos is None:
        pos = Position(party=party, value=None)
        st.positions.append(pos)
    pos.value, pos.quote, pos.source, pos.note = value, quote, source, note
    editing.flush(session)
    after = audit.position_snapshot(pos, source_key)
    if after != before:
        audit.record(session, row, user_id, "position.update",
                     f"position:{statement_key}/{party_key}", before, after)
    return versions.refresh(session, row)
