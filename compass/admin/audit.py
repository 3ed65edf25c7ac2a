"""The audit log of a question set: who changed what and when, before and after (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..models import AuditEntry, Party, Position, QuestionSet, SourceDocument, Statement

PAGE_SIZE = 100
_TEXT_PREVIEW = 300


@dataclass(frozen=True)
class AuditChange:
    """One field of an audit entry: the value before and after (None when absent)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class AuditRow:
    """An audit entry as the log page shows it."""

    at: dt.datetime
    version: int | None
    user: str | None
    action: str
    target: str
    changes: tuple[AuditChange, ...]


def record(session: Session, row: QuestionSet, user_id: int | None, action: str, target: str,
           before: dict | None = None, after: dict | None = None) -> None:
    """Add an audit entry for a change to version `row`."""
    session.add(AuditEntry(
        question_set_slug=row.slug, question_set_version=row.version, user_id=user_id,
        at=dt.datetime.now(dt.UTC), action=action, target=target[:200],
        before=_dump(before), after=_dump(after)))


def _dump(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"?": text}
    return value if isinstance(value, dict) else {"?": value}


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def entries(session: Session, slug: str, page: int = 1) -> tuple[list[AuditRow], bool]:
    """Return one page of a set's audit log, newest first, and whether there are more."""
    page = max(page, 1)
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.question_set_slug == slug)
        .options(joinedload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    out = []
    for entry in rows[:PAGE_SIZE]:
        before, after = _load(entry.before), _load(entry.after)
        fields = list(dict.fromkeys([*before, *after]))
        changes = tuple(AuditChange(f, _show(before.get(f)), _show(after.get(f)))
                        for f in fields if before.get(f) != after.get(f))
        out.append(AuditRow(at=entry.at, version=entry.question_set_version,
                            user=entry.user.email if entry.user else None,
                            action=entry.action, target=entry.target, changes=changes))
    return out, len(rows) > PAGE_SIZE


def count(session: Session, slug: str) -> int:
    """Return how many audit entries a set has."""
    return session.scalar(select(func.count(AuditEntry.id))
                          .where(AuditEntry.question_set_slug == slug)) or 0


# ---------------------------------------------------------------------------- snapshots


def _preview(text: str | None) -> str | None:
    if text is None or len(text) <= _TEXT_PREVIEW:
        return text
    return text[:_TEXT_PREVIEW] + f"… ({len(text)} tecken)"


def statement_snapshot(st: Statement) -> dict:
    """The audited fields of a statement."""
    return {"key": st.key, "order": st.order, "theme": st.theme, "direction": st.direction,
            "text": st.text, "easy_read": st.easy_read, "background": st.background,
            "text_en": st.text_en, "easy_read_en": st.easy_read_en,
            "background_en": st.background_en}


def party_snapshot(party: Party) -> dict:
    """The audited fields of a party."""
    return {"key": party.key, "order": party.order, "name": party.name,
            "short_name": party.short_name, "colour": party.colour,
            "sources": [s.key for s in party.sources]}


def source_snapshot(source: SourceDocument) -> dict:
    """The audited fields of a source document (long texts shortened)."""
    return {"key": source.key, "title": source.title, "publisher": source.publisher,
            "year": source.year, "url": source.url, "text": _preview(source.text)}


def position_snapshot(position: Position | None, source_key: str | None = None) -> dict:
    """The audited fields of a position (an absent row reads as no stated position)."""
    if position is None:
        return {"value": None, "quote": None, "source": None, "note": None}
    return {"value": position.value, "quote": position.quote,
            "source": source_key if source_key is not None else
            (position.source.key if position.source else None),
            "note": position.note}
