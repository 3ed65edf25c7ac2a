"""The positions matrix: page data for statements × parties and saving one cell."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import catalog, evidence, problemtext, versions
from ..models import Position, QuestionSet
from ..questionsets import (
    PartyReviewDef,
    PositionDef,
    find_quote,
    fold_quote,
    position_problems,
    quote_in_text,
)
from ..setview import PartyView, SetView, StatementView
from . import audit, editing, merge
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
    review_status: str = "not_asked"
    quote: str | None = None


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
    evidence: str | None = None
    rationale: str | None = None
    review: PartyReviewDef | None = None
    note_en: str | None = None

    @property
    def review_status(self) -> str:
        """The party review status, `not_asked` when the party was never asked."""
        return self.review.status if self.review else "not_asked"

    def as_dict(self) -> dict:
        """The values (for a conflict message and the audit log)."""
        return {"value": self.value, "quote": self.quote, "source": self.source,
                "note": self.note}


# Where the editor's form shows a problem that `position_problems` reports at a path.
_FORM_FIELD = {"value": "value", "evidence": "evidence", "party_review.comment": "review_comment",
               "party_review.answer": "review_answer",
               "party_review.counter_quote": "review_counter_quote"}
# Changing any of these after the party confirmed means it confirmed something else.
_CODING_FIELDS = ("value", "quote", "source", "evidence")


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
             has_note=bool(pos.note), problems=counts.get((st.key, party.key), 0),
             review_status=pos.review_status, quote=pos.quote if pos.value is not None else None)
        for party, pos in zip(view.parties, st.positions, strict=True)))
        for st in view.statements]


@dataclass(frozen=True)
class SourcePane:
    """One of the party's source documents as the cell screen shows it beside the form."""

    key: str
    title: str
    publisher: str
    passages: tuple[evidence.Passage, ...]
    marked: bool  # the form's quote is marked in this document


def source_panes(view: SetView, party: PartyView, quote: str | None, source_key: str | None
                 ) -> list[SourcePane]:
    """The party's documents, paragraphs and pages, the quote marked in its source (or in the
    first document that holds it when no source is chosen yet); the marked one comes first."""
    documents = [d for k in party.sources if (d := view.source(k)) is not None]
    holder = None
    if quote:
        holder = next((d.key for d in documents if d.key == source_key), None) if source_key \
            else next((d.key for d in documents if find_quote(quote, d.text)), None)
    panes = [SourcePane(d.key, d.title, d.publisher,
                        tuple(evidence.passages(d.text, quote if d.key == holder else None)),
                        d.key == holder and find_quote(quote or "", d.text) is not None)
             for d in documents]
    return sorted(panes, key=lambda pane: not pane.marked)


def neighbours(view: SetView, statement_key: str, party_key: str
               ) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The (statement, party) cells before and after one: along the row, then the next row."""
    order = [(st.key, p.key) for st in view.statements for p in view.parties]
    at = order.index((statement_key, party_key))
    return (order[at - 1] if at else None, order[at + 1] if at + 1 < len(order) else None)


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
                     verified(view, party_view, pos.quote, source_key), pos.evidence_kind,
                     pos.rationale, catalog.stored_review(pos), pos.note_en)


def save_cell(session: Session, row: QuestionSet, statement_key: str, party_key: str,
              data: dict, expected_version: int, user_id: int,
              opened: merge.Opened | None = None) -> QuestionSet:
    """Save a cell: value (None = no stated position), quote, source, note, evidence kind,
    rationale and party review. A confirmed review whose coding changes goes back to pending.

    Raises `EditConflict` when someone else saved the cell since the form was opened; with
    `opened` (the form's base values) their change is merged field by field instead, and
    only a clash raises `MergeConflict`.
    """
    versions.require_draft(row)
    st = editing.statement(row, statement_key)
    party = editing.party(row, party_key)
    if st is None or party is None:
        raise editing.EditConflict(None)
    pos = next((p for p in st.positions if p.party_id == party.id), None)
    before = audit.position_snapshot(pos)
    if opened is None:
        editing.check_version(pos.row_version if pos else 0, expected_version, before)
    else:
        data = merge.resolve(opened.start(pos.id if pos else None, pos.row_version if pos
                                          else 0, before), before, data, opened.choices,
                             merge.CELL_GROUPS).values
    data = before | data  # a field the caller leaves out keeps its stored value
    value = data.get("value")
    quote = _text(data.get("quote"))
    source_key = data.get("source") or None
    if value is None:
        if quote and fold_quote(quote) != fold_quote(before["quote"] or ""):
            # A new quote (selected, pasted or from the evidence finder) but no value: the
            # editor forgot to choose one. Dropping the quote would lose their work.
            error = EditError(_("Välj en ståndpunkt för citatet. Vill du spara rutan utan "
                                "uttalad ståndpunkt, töm citatrutan först."))
            error.field = "value"  # type: ignore[attr-defined]
            raise error
        # No stated position: the stored quote would only make the validator complain.
        quote = source_key = None
    elif not quote or not source_key:
        raise EditError(_("En ståndpunkt behöver både citat och källa."))
    source = editing.source(row, source_key) if source_key else None
    if source_key and source is None:
        raise EditError(_("Okänd källa."))
    evidence = (data.get("evidence") or None) if value is not None else None
    review = PartyReviewDef(status=data.get("review_status") or "not_asked",
                            comment=_text(data.get("review_comment")),
                            counter_quote=_text(data.get("review_counter_quote")),
                            answer=_text(data.get("review_answer")))
    coding = {"value": value, "quote": quote, "source": source_key, "evidence": evidence}
    review = review_after_edit(before, coding, review)
    check_position(PositionDef(value=value, evidence=evidence, party_review=review))
    if pos is None:
        pos = Position(party=party, value=None)
        st.positions.append(pos)
    pos.value, pos.quote, pos.source, pos.note = value, quote, source, _text(data.get("note"))
    pos.note_en = _text(data.get("note_en"))
    pos.evidence_kind, pos.rationale = evidence, _text(data.get("rationale"))
    apply_review(pos, review)
    editing.flush(session)
    after = audit.position_snapshot(pos, source_key)
    if after != before:
        action = ("review.resolve" if before["review_status"] == "objected"
                  and pos.review_status == "resolved" else "position.update")
        audit.record(session, row, user_id, action,
                     f"position:{statement_key}/{party_key}", before, after)
    return versions.refresh(session, row)


def resolve_objection(session: Session, row: QuestionSet, statement_key: str, party_key: str,
                      answer: str, expected_version: int, user_id: int) -> QuestionSet:
    """Decline a party's objection with a public answer; the coding stays as it is."""
    versions.require_draft(row)
    st = editing.statement(row, statement_key)
    party = editing.party(row, party_key)
    pos = next((p for p in st.positions if p.party_id == party.id), None) if st and party \
        else None
    if pos is None or pos.review_status != "objected":
        raise EditError(_("Partiet har ingen obesvarad invändning mot den här rutan."))
    before = audit.position_snapshot(pos)
    editing.check_version(pos.row_version, expected_version, before)
    answer = _text(answer)
    if not answer:
        raise EditError(_("Skriv redaktionens offentliga svar."))
    pos.review_status, pos.review_answer = "resolved", answer
    editing.flush(session)
    audit.record(session, row, user_id, "review.resolve",
                 f"position:{statement_key}/{party_key}", before, audit.position_snapshot(pos))
    return versions.refresh(session, row)


def review_after_edit(before: dict, coding: dict, review: PartyReviewDef) -> PartyReviewDef:
    """A confirmation no longer holds once value, quote, source or evidence change: pending."""
    if (review.status == "confirmed" and before["review_status"] == "confirmed"
            and any(coding[f] != before[f] for f in _CODING_FIELDS)):
        return dataclasses.replace(review, status="pending")
    return review


def check_position(pos: PositionDef) -> None:
    """Raise `EditError` (in the editor's language) if the evidence or review rules fail."""
    found = position_problems(pos)
    if found:
        error = EditError(" ".join(problemtext.text(code, params)
                                   for _path, code, params in found))
        error.field = _FORM_FIELD.get(found[0][0], "quote")  # type: ignore[attr-defined]
        raise error


def apply_review(pos: Position, review: PartyReviewDef) -> None:
    """Store a party review on a position row."""
    pos.review_status, pos.review_comment = review.status, review.comment
    pos.review_counter_quote, pos.review_answer = review.counter_quote, review.answer


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None
