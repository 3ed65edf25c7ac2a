"""Draft edits of a set's metadata, statements and parties, each written to the audit log.

Services take a session and never commit; each returns the refreshed version (new content
hash) so previews never show a stale cached view.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import versions
from ..models import Party, Position, QuestionSet, Statement
from . import audit, editing, merge
from .editing import EditError, check_key
from .merge import Merge, Opened

STATEMENT_TEXTS = ("theme", "direction", "text", "easy_read", "background", "text_en",
                   "easy_read_en", "background_en", "theme_en")
PARTY_TEXTS = ("name", "short_name", "colour", "name_en", "short_name_en")
SET_TEXTS = ("title", "description", "municipality", "election", "year", "language",
             "levels", "missing", "coded_by", "title_en", "description_en", "actors",
             "framing", "framing_en")


def _set_snapshot(row: QuestionSet) -> dict:
    return {f: getattr(row, "missing_policy" if f == "missing" else f) for f in SET_TEXTS}


def update_metadata(session: Session, row: QuestionSet, data: dict, user_id: int
                    ) -> QuestionSet:
    """Change a draft's title, municipality, year, scale, missing policy and other texts."""
    versions.require_draft(row)
    before = _set_snapshot(row)
    for field in SET_TEXTS:
        if field in data:
            setattr(row, "missing_policy" if field == "missing" else field, data[field])
    after = _set_snapshot(row)
    if after != before:
        audit.record(session, row, user_id, "set.update", "set", before, after)
    return versions.refresh(session, row)


# ---------------------------------------------------------------------------- statements


def create_statement(session: Session, row: QuestionSet, data: dict, user_id: int
                     ) -> tuple[QuestionSet, str]:
    """Add a statement at the end, with no stated position for every party; return its key."""
    versions.require_draft(row)
    taken = {s.key for s in row.statements}
    wanted = (data.get("key") or "").strip()
    key = check_key(wanted, taken) if wanted else editing.unique_key(
        editing.slugify(data["text"]), taken)
    st = Statement(key=key, order=len(row.statements),
                   **{f: data.get(f) for f in STATEMENT_TEXTS})
    st.positions = [Position(party=p, value=None) for p in row.parties]
    row.statements.append(st)
    session.flush()
    audit.record(session, row, user_id, "statement.create", f"statement:{key}", None,
                 audit.statement_snapshot(st))
    return versions.refresh(session, row), key


def statement_base(st: Statement) -> dict:
    """The values an edit form of a statement starts from (its place included)."""
    return audit.statement_snapshot(st)


def update_statement(session: Session, row: QuestionSet, key: str, data: dict,
                     opened: Opened, user_id: int) -> tuple[QuestionSet, str, Merge]:
    """Change a statement's texts (and key), merged field by field with any change saved
    since the form was opened; raises `MergeConflict` on a clash, `EditConflict` if gone."""
    versions.require_draft(row)
    st = editing.reload(session, editing.find(row.statements, key, opened.row_id))
    before = statement_base(st)
    if not (data.get("key") or "").strip():
        data = {k: v for k, v in data.items() if k != "key"}  # blank key: keep the key
    result = merge.resolve(opened.start(st.id, st.row_version, before), before, data,
                           opened.choices)
    new_key = (result.values.get("key") or st.key).strip()
    if new_key != st.key:
        st.key = check_key(new_key, {s.key for s in row.statements} - {st.key})
    for field in STATEMENT_TEXTS:
        if field in data:
            setattr(st, field, result.values[field])
    editing.flush(session)
    after = audit.statement_snapshot(st)
    if after != before:
        audit.record(session, row, user_id, "statement.update", f"statement:{st.key}",
                     before, after)
    return versions.refresh(session, row), st.key, result


def delete_statement(session: Session, row: QuestionSet, key: str, user_id: int
                     ) -> QuestionSet:
    """Remove a statement and its positions from a draft."""
    versions.require_draft(row)
    st = editing.statement(row, key)
    if st is None:
        raise LookupError(key)
    audit.record(session, row, user_id, "statement.delete", f"statement:{key}",
                 audit.statement_deletion_snapshot(row, st), None)
    row.statements.remove(st)
    session.flush()
    for order, each in enumerate(sorted(row.statements, key=lambda s: s.order)):
        each.order = order
    return versions.refresh(session, row)


def move_statement(session: Session, row: QuestionSet, key: str, step: int, user_id: int
                   ) -> QuestionSet:
    """Move a statement one place up (-1) or down (+1)."""
    versions.require_draft(row)
    st = editing.statement(row, key)
    if st is None:
        raise LookupError(key)
    before = st.order
    if editing.move(row.statements, st, step):
        audit.record(session, row, user_id, "statement.move", f"statement:{key}",
                     {"order": before + 1}, {"order": st.order + 1})
    return versions.refresh(session, row)


# ---------------------------------------------------------------------------- parties


def _party_sources(row: QuestionSet, keys: list[str]):
    by_key = {s.key: s for s in row.sources}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise EditError(_("Okänd källa: %(keys)s", keys=", ".join(unknown)))
    return [by_key[k] for k in keys]


def create_party(session: Session, row: QuestionSet, data: dict, user_id: int
                 ) -> tuple[QuestionSet, str]:
    """Add a party at the end, with no stated position on any statement; return its key."""
    versions.require_draft(row)
    taken = {p.key for p in row.parties}
    wanted = (data.get("key") or "").strip()
    key = check_key(wanted, taken) if wanted else editing.unique_key(
        editing.slugify(data["short_name"]), taken)
    party = Party(key=key, order=len(row.parties), sources=_party_sources(
        row, data.get("sources", [])), **{f: data.get(f) for f in PARTY_TEXTS})
    row.parties.append(party)
    session.flush()
    for st in row.statements:
        st.positions.append(Position(party=party, value=None))
    session.flush()
    audit.record(session, row, user_id, "party.create", f"party:{key}", None,
                 audit.party_snapshot(party))
    return versions.refresh(session, row), key


def party_base(party: Party) -> dict:
    """The values an edit form of a party starts from (its place included)."""
    return audit.party_snapshot(party)


def update_party(session: Session, row: QuestionSet, key: str, data: dict,
                 opened: Opened, user_id: int) -> tuple[QuestionSet, str, Merge]:
    """Change a party's names, colour, sources (and key), merged field by field with any
    change saved since the form was opened; raises `MergeConflict` on a clash."""
    versions.require_draft(row)
    party = editing.reload(session, editing.find(row.parties, key, opened.row_id))
    before = party_base(party)
    if not (data.get("key") or "").strip():
        data = {k: v for k, v in data.items() if k != "key"}
    result = merge.resolve(opened.start(party.id, party.row_version, before), before, data,
                           opened.choices)
    values = result.values
    new_key = (values.get("key") or party.key).strip()
    if new_key != party.key:
        party.key = check_key(new_key, {p.key for p in row.parties} - {party.key})
    for field in PARTY_TEXTS:
        if field in data:
            setattr(party, field, values[field])
    if "sources" in data and sorted(s.key for s in party.sources) != sorted(values["sources"]):
        party.sources = _party_sources(row, list(values["sources"]))
        # A link-table change alone does not update the row: bump its version by hand.
        flag_modified(party, "name")
    editing.flush(session)
    after = audit.party_snapshot(party)
    if after != before:
        audit.record(session, row, user_id, "party.update", f"party:{party.key}", before, after)
    return versions.refresh(session, row), party.key, result


def delete_party(session: Session, row: QuestionSet, key: str, user_id: int) -> QuestionSet:
    """Remove a party and its positions from a draft."""
    versions.require_draft(row)
    party = editing.party(row, key)
    if party is None:
        raise LookupError(key)
    audit.record(session, row, user_id, "party.delete", f"party:{key}",
                 audit.party_deletion_snapshot(session, row, party), None)
    for st in row.statements:
        for pos in [p for p in st.positions if p.party_id == party.id]:
            st.positions.remove(pos)
    party.sources = []
    row.parties.remove(party)
    session.flush()
    for order, each in enumerate(sorted(row.parties, key=lambda p: p.order)):
        each.order = order
    return versions.refresh(session, row)


def move_party(session: Session, row: QuestionSet, key: str, step: int, user_id: int
               ) -> QuestionSet:
    """Move a party one place up (-1) or down (+1)."""
    versions.require_draft(row)
    party = editing.party(row, key)
    if party is None:
        raise LookupError(key)
    before = party.order
    if editing.move(row.parties, party, step):
        audit.record(session, row, user_id, "party.move", f"party:{key}",
                     {"order": before + 1}, {"order": party.order + 1})
    return versions.refresh(session, row)
