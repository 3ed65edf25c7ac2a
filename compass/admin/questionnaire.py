"""A questionnaire round from a spreadsheet: statements, parties, answers and justifications.

One CSV row per answer: ``pastaende`` (a statement's key or its text), ``parti`` (a party's
key, short name or name), ``svar`` (−2…2 or the words "helt emot" … "helt för"; blank = the
party did not answer), optional ``motivering`` (the party's own words) and ``datum``
(YYYY-MM-DD). Unknown statements and parties are added; every answer becomes a position with
evidence ``questionnaire`` whose source is the round's own document. All rows or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import labels, versions
from ..models import Party, Position, QuestionSet, SourceDocument, Statement
from ..questionsets import limits, scale_values
from . import audit, editing
from .transfer import ImportRejected, _dialect, _one_line_ending

COLUMNS = ("pastaende", "parti", "svar")
OPTIONAL = ("motivering", "datum", "tema")
NEW_PARTY_COLOUR = "#595959"


@dataclass(frozen=True)
class Answer:
    """One checked row: which statement and party, the value and the party's own words."""

    line: int
    statement: str
    party: str
    value: int | None
    justification: str | None
    answered: str | None
    theme: str | None


def _value(raw: str, levels: int) -> int | None | str:
    """The answer's value, None for a blank answer, or "bad" when it cannot be read."""
    text = raw.strip().lower()
    if not text:
        return None
    words = {str(label).lower(): v for v, label in labels.ANSWER_LABELS[levels].items()}
    if text in words:
        return words[text]
    try:
        number = int(text.replace("+", ""))
    except ValueError:
        return "bad"
    return number if number in scale_values(levels) else "bad"


def parse(text: str, levels: int) -> list[Answer]:
    """Check a questionnaire CSV; raise `ImportRejected` listing every error with its line."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportRejected([_("rad 1: filen är tom")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise ImportRejected([_("rad 1: kolumnerna %(cols)s saknas (behövs: %(need)s)",
                                    cols=", ".join(missing), need=", ".join(COLUMNS))])
        at = {c: header.index(c) for c in COLUMNS + OPTIONAL if c in header}
        answers, errors, seen = [], [], set()
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            cell = {c: (_one_line_ending(record[i]).strip() if i < len(record) else "")
                    for c, i in at.items()}
            value = _value(cell["svar"], levels)
            if not cell["pastaende"] or not cell["parti"]:
                errors.append(_("rad %(n)d: påstående och parti måste anges", n=line))
                continue
            if value == "bad":
                errors.append(_("rad %(n)d: svaret '%(v)s' går inte att läsa (skriv %(low)d till "
                                "%(high)d eller till exempel ”helt för”)", n=line,
                                v=cell["svar"], low=scale_values(levels)[0],
                                high=scale_values(levels)[-1]))
                continue
            day = cell.get("datum") or None
            if day:
                try:
                    day = dt.date.fromisoformat(day).isoformat()
                except ValueError:
                    errors.append(_("rad %(n)d: datumet '%(v)s' ska skrivas ÅÅÅÅ-MM-DD",
                                    n=line, v=day))
                    continue
            key = (cell["pastaende"].lower(), cell["parti"].lower())
            if key in seen:
                errors.append(_("rad %(n)d: samma parti och påstående finns redan på en "
                                "tidigare rad", n=line))
                continue
            seen.add(key)
            if len(cell["pastaende"]) > limits.STATEMENT_TEXT:
                errors.append(_("rad %(n)d: påståendet har %(len)d tecken; högst %(max)d",
                                n=line, len=len(cell["pastaende"]), max=limits.STATEMENT_TEXT))
                continue
            if len(cell["parti"]) > limits.PARTY_NAME:
                errors.append(_("rad %(n)d: partinamnet har %(len)d tecken; högst %(max)d",
                                n=line, len=len(cell["parti"]), max=limits.PARTY_NAME))
                continue
            answers.append(Answer(line, cell["pastaende"], cell["parti"], value,
                                  cell.get("motivering") or None, day,
                                  (cell.get("tema") or "")[:limits.THEME] or None))
    except csv.Error as exc:
        raise ImportRejected([_("rad %(n)d: %(e)s", n=reader.line_num, e=str(exc))]) from None
    if errors:
        raise ImportRejected(errors)
    if not answers:
        raise ImportRejected([_("filen innehåller inga svar")])
    return answers


def _find_statement(row: QuestionSet, wanted: str) -> Statement | None:
    return next((s for s in row.statements
                 if wanted in (s.key, s.text) or wanted.lower() == s.text.lower()), None)


def _find_party(row: QuestionSet, wanted: str) -> Party | None:
    low = wanted.lower()
    return next((p for p in row.parties
                 if low in (p.key, p.short_name.lower(), p.name.lower())), None)


def import_round(session: Session, row: QuestionSet, text: str, title: str, user_id: int
                 ) -> tuple[QuestionSet, int]:
    """Apply a questionnaire CSV to a draft; return it and how many answers were stored."""
    versions.require_draft(row)
    answers = parse(text, row.levels)
    key = editing.slugify(title) or "enkat"
    source = editing.source(row, key)
    if source is None:
        source = SourceDocument(key=editing.unique_key(key, {s.key for s in row.sources}),
                                title=title[:limits.SOURCE_TITLE],
                                publisher=row.coded_by[:limits.PUBLISHER], origin="document",
                                text=_("Partiernas svar på enkäten %(title)s. Svaren och "
                                       "motiveringarna är partiernas egna.", title=title))
        row.sources.append(source)
    stored = 0
    for answer in answers:
        st = _find_statement(row, answer.statement)
        if st is None:
            st = Statement(key=editing.unique_key(editing.slugify(answer.statement),
                                                  {s.key for s in row.statements}),
                           order=len(row.statements), theme=answer.theme or title[:limits.THEME],
                           direction=None, text=answer.statement, easy_read="", background="")
            st.positions = [Position(party=p, value=None) for p in row.parties]
            row.statements.append(st)
        party = _find_party(row, answer.party)
        if party is None:
            party = Party(key=editing.unique_key(editing.slugify(answer.party),
                                                 {p.key for p in row.parties}),
                          order=len(row.parties), name=answer.party,
                          short_name=answer.party[:limits.SHORT_NAME], colour=NEW_PARTY_COLOUR)
            row.parties.append(party)
            for other in row.statements:
                other.positions.append(Position(party=party, value=None))
        pos = next((p for p in st.positions if p.party is party), None)
        if pos is None:
            pos = Position(party=party, value=None)
            st.positions.append(pos)
        before = audit.position_snapshot(pos)
        stated = answer.value is not None
        pos.value = answer.value
        pos.quote, pos.note = None, None
        pos.source = source if stated else None
        pos.evidence_kind = "questionnaire" if stated else None
        pos.justification = answer.justification if stated else None
        pos.answered = answer.answered if stated else None
        audit.record(session, row, user_id, "position.questionnaire",
                     f"position:{st.key}/{party.key}", before, audit.position_snapshot(pos))
        stored += stated
    editing.flush(session)
    return versions.refresh(session, row), stored
