"""Import and export: whole versions as YAML, the positions matrix as CSV.

Imports are all-or-nothing: every row (or file problem) is checked first and reported with
its line number; only a clean file changes the draft.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import catalog, csvsafe, problemtext, versions
from ..models import Position, QuestionSet
from ..questionsets import (
    EVIDENCE_KINDS,
    REVIEW_STATUSES,
    PartyReviewDef,
    PositionDef,
    QuestionSetError,
    dump,
    parse_bundle,
    parse_text,
    position_problems,
    quote_in_text,
    scale_values,
)
from ..setview import SetView
from . import audit, editing
from .cells import apply_review, review_after_edit
from .problems import file_problems

CSV_COLUMNS = ("pastaende", "parti", "varde", "citat", "kalla", "kommentar")
# Optional on import (a file without them leaves these fields as they are); always exported.
CSV_EXTRAS = {"belagg": "evidence", "motivering": "rationale", "granskning": "review_status",
              "partiets_kommentar": "review_comment", "motcitat": "review_counter_quote",
              "svar": "review_answer"}
CSV_CONTEXT = ("pastaende_text", "parti_namn")


class ImportRejected(ValueError):
    """An import that changed nothing; `errors` lists every reason, one line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CellUpdate:
    """One CSV row: the new content of one cell."""

    line: int
    statement: str
    party: str
    value: int | None
    quote: str | None
    source: str | None
    note: str | None
    extras: dict = dataclasses.field(default_factory=dict)


def _one_line_ending(text: str) -> str:
    # Spreadsheets write CR LF inside cells; stored texts use LF only.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def export_yaml(row: QuestionSet) -> str:
    """Return a version in the file format, source texts inline."""
    return dump(catalog.to_definition(row))


def decode(payload: bytes) -> str:
    """Decode an uploaded text file (UTF-8, with or without BOM) or raise `ImportRejected`."""
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([_("rad 1: filen måste vara sparad som UTF-8")]) from None


def parse_upload(filename: str, payload: bytes):
    """Parse and validate an uploaded set: a YAML file (sources inline) or a .zip holding the
    YAML file and its `sources/` folder, as the CLI reads them; raise `ImportRejected`."""
    try:
        if filename.lower().endswith(".zip"):
            return parse_bundle(payload, filename)
        return parse_text(decode(payload), filename)
    except QuestionSetError as exc:
        raise ImportRejected(file_problems(exc.problems)) from None


def import_yaml(session: Session, row: QuestionSet, payload: bytes, filename: str,
                user_id: int) -> QuestionSet:
    """Replace a draft's content with a question-set file (slug and version are kept)."""
    versions.require_draft(row)
    definition = parse_upload(filename, payload)
    before = {"content_hash": row.content_hash}
    fresh = versions.replace_content(session, row, definition)
    fresh = versions.refresh(session, fresh)
    audit.record(session, fresh, user_id, "import.yaml", f"file:{filename}", before,
                 {"content_hash": fresh.content_hash, "statements": len(fresh.statements),
                  "parties": len(fresh.parties), "sources": len(fresh.sources)})
    return fresh


def import_new(session: Session, payload: bytes, filename: str, user_id: int) -> QuestionSet:
    """Create a new set from a question-set file (or .zip), stored as draft version 1."""
    definition = parse_upload(filename, payload)
    if versions.max_version(session, definition.slug):
        raise ImportRejected([_(
            "Det finns redan en frågeomgång med kortnamnet %(slug)s. Skapa ett utkast av den "
            "och importera filen där.", slug=definition.slug)])
    catalog.add_definition(session, dataclasses.replace(definition, version=1, status="draft"))
    row = versions.refresh(session, catalog.get_set(session, definition.slug, 1,
                                                    published_only=False))
    audit.record(session, row, user_id, "import.yaml", f"file:{filename}", None,
                 {"content_hash": row.content_hash, "statements": len(row.statements),
                  "parties": len(row.parties), "sources": len(row.sources)})
    return row


def export_csv(view: SetView) -> str:
    """Return the positions matrix as CSV, one row per cell (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csvsafe.SafeWriter(out)
    writer.writerow(CSV_COLUMNS + tuple(CSV_EXTRAS) + CSV_CONTEXT)
    for st in view.statements:
        for party, pos in zip(view.parties, st.positions, strict=True):
            review = pos.review
            writer.writerow([st.key, party.key, "" if pos.value is None else pos.value,
                             pos.quote or "", pos.source or "", pos.note or "",
                             pos.evidence or "", pos.rationale or "", pos.review_status,
                             review.comment or "" if review else "",
                             review.counter_quote or "" if review else "",
                             review.answer or "" if review else "", st.text, party.name])
    return csvsafe.BOM + out.getvalue()


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def read_csv(text: str):
    """Open an uploaded CSV (BOM dropped, `,` or `;`): return its reader, past the header row,
    and the header's column names in lower case; raise `ImportRejected` for an empty file or
    an unreadable header."""
    text = text.lstrip(csvsafe.BOM)
    if not text.strip():
        raise ImportRejected([_("rad 1: filen är tom")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise ImportRejected([_("rad 1: %(e)s", e=str(exc))]) from None
    return reader, header


def parse_csv(text: str, view: SetView) -> list[CellUpdate]:
    """Check a positions CSV against a version; raise `ImportRejected` listing every error."""
    errors: list[str] = []
    reader, header = read_csv(text)
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ImportRejected([_("rad 1: kolumnen %(c)s saknas (rubrikraden ska vara %(h)s)",
                                c=", ".join(missing), h=",".join(CSV_COLUMNS))])
    at = {c: header.index(c) for c in (*CSV_COLUMNS, *CSV_EXTRAS) if c in header}
    allowed = scale_values(view.levels)
    statements = {s.key for s in view.statements}
    seen: dict[tuple[str, str], int] = {}
    updates: list[CellUpdate] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            cells = {c: csvsafe.unescape_cell(_one_line_ending(record[i]).strip()
                                              if i < len(record) else "")
                     for c, i in at.items()}
            update = _check_row(start, cells, view, statements, allowed, seen, errors)
            if update is not None:
                updates.append(update)
    except csv.Error as exc:
        errors.append(_("rad %(n)d: %(e)s", n=line, e=str(exc)))
    if errors:
        raise ImportRejected(errors)
    return updates


def _check_row(line, cells, view, statements, allowed, seen, errors) -> CellUpdate | None:
    def error(message: str) -> None:
        errors.append(_("rad %(n)d: %(m)s", n=line, m=message))

    st_key, party_key = cells["pastaende"], cells["parti"]
    if st_key not in statements:
        error(_("okänt påstående '%(k)s'", k=st_key))
        return None
    party = view.party(party_key)
    if party is None:
        error(_("okänt parti '%(k)s'", k=party_key))
        return None
    if (st_key, party_key) in seen:
        error(_("rutan %(s)s/%(p)s står redan på rad %(n)d", s=st_key, p=party_key,
                n=seen[(st_key, party_key)]))
        return None
    seen[(st_key, party_key)] = line
    raw, quote, source = cells["varde"], cells["citat"] or None, cells["kalla"] or None
    value = None
    if raw:
        try:
            value = int(raw.replace("\u2212", "-").lstrip("+"))
        except ValueError:
            error(_("värdet '%(v)s' är inte ett heltal", v=raw))
            return None
        if value not in allowed:
            error(_("värdet %(v)d ligger utanför skalan %(lo)d…%(hi)d", v=value,
                    lo=allowed[0], hi=allowed[-1]))
            return None
        if not quote or not source:
            error(_("värdet %(v)d behöver både citat och källa", v=value))
            return None
        document = view.source(source)
        if document is None:
            error(_("okänd källa '%(k)s'", k=source))
            return None
        if source not in party.sources:
            error(_("källan '%(k)s' hör inte till partiet '%(p)s'", k=source, p=party_key))
            return None
        if not quote_in_text(quote, document.text):
            error(_("citatet finns inte ordagrant i källan '%(k)s'", k=source))
            return None
    elif quote or source:
        error(_("citat eller källa utan värde: ange ett värde eller töm citat och källa"))
        return None
    extras = {field: cells[column] or None for column, field in CSV_EXTRAS.items()
              if column in cells}
    if not _check_extras(extras, value, error):
        return None
    return CellUpdate(line, st_key, party_key, value, quote, source, cells["kommentar"] or None,
                      extras)


def _check_extras(extras: dict, value: int | None, error) -> bool:
    """Check the optional evidence and review columns of one row (only those present)."""
    evidence, status = extras.get("evidence"), extras.get("review_status")
    if evidence is not None and evidence not in EVIDENCE_KINDS:
        error(_("typen av belägg '%(v)s' finns inte (välj %(k)s)", v=evidence,
                k=", ".join(EVIDENCE_KINDS)))
        return False
    if status is not None and status not in REVIEW_STATUSES:
        error(_("granskningen '%(v)s' finns inte (välj %(k)s)", v=status,
                k=", ".join(REVIEW_STATUSES)))
        return False
    review = PartyReviewDef(status=status or "not_asked", comment=extras.get("review_comment"),
                            counter_quote=extras.get("review_counter_quote"),
                            answer=extras.get("review_answer"))
    if not {"review_status", "review_comment", "review_counter_quote",
            "review_answer"} & extras.keys():
        review = None  # the file says nothing about the review: nothing to check
    found = position_problems(PositionDef(value=value, evidence=evidence, party_review=review))
    for _path, code, params in found:
        error(problemtext.text(code, params))
    return not found


def import_csv(session: Session, row: QuestionSet, view: SetView, text: str, user_id: int
               ) -> tuple[QuestionSet, int]:
    """Apply a checked positions CSV to a draft; return it and how many cells changed."""
    versions.require_draft(row)
    updates = parse_csv(text, view)
    changed = 0
    for update in updates:
        st = editing.statement(row, update.statement)
        party = editing.party(row, update.party)
        pos = next((p for p in st.positions if p.party_id == party.id), None)
        before = audit.position_snapshot(pos)
        after = before | {"value": update.value, "quote": update.quote,
                          "source": update.source, "note": update.note} | update.extras
        if after["value"] is None:
            after["evidence"] = None  # only a stated position has an evidence kind
        if before == after:
            continue
        if pos is None:
            pos = Position(party=party, value=None)
            st.positions.append(pos)
        pos.value, pos.quote, pos.note = update.value, update.quote, update.note
        pos.source = editing.source(row, update.source) if update.source else None
        pos.evidence_kind, pos.rationale = after["evidence"], after["rationale"]
        review = review_after_edit(before, after, PartyReviewDef(
            after["review_status"] or "not_asked", after["review_comment"],
            after["review_counter_quote"], after["review_answer"]))
        apply_review(pos, review)
        after["review_status"] = review.status
        audit.record(session, row, user_id, "position.csv",
                     f"position:{update.statement}/{update.party}", before, after)
        changed += 1
    editing.flush(session)
    return versions.refresh(session, row), changed
