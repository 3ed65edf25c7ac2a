"""The audit log of a question set: who changed what and when, before and after (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..models import AuditEntry, Party, Position, QuestionSet, SourceDocument, Statement

PAGE_SIZE = 100
_TEXT_PREVIEW = 300

ACTION_LABELS = {
    "set.create": _l("Frågeomgång skapad"), "set.update": _l("Uppgifter ändrade"),
    "version.draft": _l("Utkast skapat"), "version.publish": _l("Version publicerad"),
    "version.discard": _l("Utkast kastat"),
    "statement.create": _l("Påstående tillagt"), "statement.update": _l("Påstående ändrat"),
    "statement.move": _l("Påstående flyttat"), "statement.delete": _l("Påstående borttaget"),
    "party.create": _l("Parti tillagt"), "party.update": _l("Parti ändrat"),
    "party.move": _l("Parti flyttat"), "party.delete": _l("Parti borttaget"),
    "position.update": _l("Ruta ändrad"), "position.csv": _l("Ruta ändrad via CSV"),
    "source.create": _l("Källdokument tillagt"), "source.update": _l("Källdokument ändrat"),
    "source.delete": _l("Källdokument borttaget"), "import.yaml": _l("YAML-fil importerad"),
    "review.link": _l("Granskningslänk skapad"), "review.revoke": _l("Granskningslänk spärrad"),
    "review.confirm": _l("Partiet bekräftade"), "review.object": _l("Partiet invände"),
    "review.resolve": _l("Invändning besvarad"),
    "coding.create": _l("Kodning sparad"), "coding.delete": _l("Kodning borttagen"),
}
FIELD_LABELS = {
    "key": _l("Nyckel"), "order": _l("Plats"), "theme": _l("Tema"), "direction": _l("Riktning"),
    "text": _l("Text"), "easy_read": _l("Lättläst"), "background": _l("Bakgrund"),
    "text_en": _l("Text (engelska)"), "easy_read_en": _l("Lättläst (engelska)"),
    "background_en": _l("Bakgrund (engelska)"), "name": _l("Namn"),
    "short_name": _l("Kortnamn"), "colour": _l("Färg"), "sources": _l("Källor"),
    "parties": _l("Partier"), "title": _l("Titel"), "publisher": _l("Utgivare"),
    "year": _l("År"), "url": _l("Webbadress"), "value": _l("Värde"), "quote": _l("Citat"),
    "source": _l("Källa"), "note": _l("Kommentar"), "description": _l("Beskrivning"),
    "municipality": _l("Kommun"), "election": _l("Val"), "language": _l("Språk"),
    "levels": _l("Skala"), "missing": _l("Saknad ståndpunkt"), "coded_by": _l("Kodad av"),
    "title_en": _l("Titel (engelska)"), "description_en": _l("Beskrivning (engelska)"),
    "status": _l("Status"), "version": _l("Version"), "content_hash": _l("Kontrollsumma"),
    "copied_from": _l("Kopierad från version"), "statements": _l("Påståenden"),
    "evidence": _l("Typ av belägg"), "rationale": _l("Kodarens motivering"),
    "review_status": _l("Partiets granskning"), "party_review": _l("Partiets granskning"),
    "review_comment": _l("Partiets kommentar"),
    "review_counter_quote": _l("Partiets motcitat"),
    "review_answer": _l("Redaktionens svar"), "party": _l("Parti"),
    "expires_at": _l("Giltig till"), "link": _l("Granskningslänk"),
    "actors": _l("Vad jämförs"), "framing": _l("Rad om vad som jämförs"),
    "framing_en": _l("Raden på engelska"), "coder": _l("Kodare"), "cells": _l("Rutor"),
    "theme_en": _l("Tema (engelska)"), "name_en": _l("Namn (engelska)"),
    "short_name_en": _l("Kortnamn (engelska)"), "note_en": _l("Kommentar (engelska)"),
}


def label(name: str) -> str:
    """Return the Swedish label of an audited action or field (the name itself if unknown)."""
    found = ACTION_LABELS.get(name) or FIELD_LABELS.get(name)
    return str(found) if found else name


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
            "background_en": st.background_en, "theme_en": st.theme_en}


def party_snapshot(party: Party) -> dict:
    """The audited fields of a party."""
    return {"key": party.key, "order": party.order, "name": party.name,
            "short_name": party.short_name, "colour": party.colour,
            "sources": [s.key for s in party.sources], "name_en": party.name_en,
            "short_name_en": party.short_name_en}


def source_snapshot(source: SourceDocument) -> dict:
    """The audited fields of a source document (long texts shortened)."""
    return {"key": source.key, "title": source.title, "publisher": source.publisher,
            "year": source.year, "url": source.url, "text": _preview(source.text),
            "title_en": source.title_en}


def position_snapshot(position: Position | None, source_key: str | None = None) -> dict:
    """The audited fields of a position (an absent row reads as no stated position)."""
    if position is None:
        return {"value": None, "quote": None, "source": None, "note": None, "evidence": None,
                "rationale": None, "review_status": "not_asked", "review_comment": None,
                "review_counter_quote": None, "review_answer": None}
    return {"value": position.value, "quote": position.quote,
            "source": source_key if source_key is not None else
            (position.source.key if position.source else None),
            "note": position.note, "evidence": position.evidence_kind,
            "rationale": position.rationale, "review_status": position.review_status,
            "review_comment": position.review_comment,
            "review_counter_quote": position.review_counter_quote,
            "review_answer": position.review_answer}
