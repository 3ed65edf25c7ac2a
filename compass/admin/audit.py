"""The audit log of a question set: who changed what and when, before and after (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from ..models import (
    AuditEntry,
    Party,
    Position,
    QuestionSet,
    ReviewLink,
    SourceDocument,
    Statement,
    party_source,
)

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
    "position.questionnaire": _l("Ruta ändrad från enkätsvar"),
    "statement.restore": _l("Påstående återställt"), "party.restore": _l("Parti återställt"),
    "source.restore": _l("Källdokument återställt"), "position.restore": _l("Ruta återställd"),
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
    "positions": _l("Ståndpunkter"), "codings": _l("Kodningar"),
    "origin": _l("Textens ursprung"), "justification": _l("Partiets motivering"),
    "answered": _l("Besvarat"), "slug": _l("Kortnamn i adressen"), "?": _l("Värde"),
}


def label(name: str) -> str:
    """Return the Swedish label of an audited action or field (the name itself if unknown)."""
    found = ACTION_LABELS.get(name) or FIELD_LABELS.get(name)
    return str(found) if found else name


# Set in `session.info` while a compound change (a restore) runs: it writes one entry itself.
_MUTED = "audit.muted"
RESTORED_FROM = "_restored_from"  # in a restore's `after`: the id of the entry it restored


@contextmanager
def muted(session: Session) -> Iterator[None]:
    """Inside this block `record` adds nothing (the caller records the whole change once)."""
    session.info[_MUTED] = session.info.get(_MUTED, 0) + 1
    try:
        yield
    finally:
        session.info[_MUTED] -= 1


def record(session: Session, row: QuestionSet, user_id: int | None, action: str, target: str,
           before: dict | None = None, after: dict | None = None) -> AuditEntry | None:
    """Add an audit entry for a change to version `row` (none inside a `muted` block)."""
    if session.info.get(_MUTED):
        return None
    entry = AuditEntry(
        question_set_slug=row.slug, question_set_version=row.version, user_id=user_id,
        at=dt.datetime.now(dt.UTC), action=action, target=target[:200],
        before=_dump(before), after=_dump(after))
    session.add(entry)
    return entry


def _dump(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def load(text: str | None) -> dict | None:
    """Read one side of an entry (None when the side is empty: before a create, after a
    delete); a value that is not a JSON object comes back under the field name `?`."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"?": text}
    return value if isinstance(value, dict) else {"?": value}


def count(session: Session, slug: str) -> int:
    """Return how many audit entries a set has."""
    return session.scalar(select(func.count(AuditEntry.id))
                          .where(AuditEntry.question_set_slug == slug)) or 0


# ---------------------------------------------------------------------------- snapshots
# A snapshot holds every field an editor can change, so any state in the log can be restored.


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
            "name_en": party.name_en, "short_name_en": party.short_name_en,
            "sources": [s.key for s in party.sources]}


def source_snapshot(source: SourceDocument) -> dict:
    """The audited fields of a source document (the whole text: a restore needs it)."""
    return {"key": source.key, "title": source.title, "publisher": source.publisher,
            "year": source.year, "url": source.url, "text": source.text,
            "title_en": source.title_en, "origin": source.origin,
            "parties": _owners(source)}


def _owners(source: SourceDocument) -> list[str]:
    session = object_session(source)
    if session is None or source.id is None:
        return []
    return sorted(session.scalars(
        select(Party.key).join(party_source, party_source.c.party_id == Party.id)
        .where(party_source.c.source_id == source.id)))


def position_snapshot(position: Position | None, source_key: str | None = None) -> dict:
    """The audited fields of a position (an absent row reads as no stated position)."""
    if position is None:
        return {"value": None, "quote": None, "source": None, "note": None, "evidence": None,
                "rationale": None, "review_status": "not_asked", "review_comment": None,
                "review_counter_quote": None, "review_answer": None, "note_en": None}
    return {"value": position.value, "quote": position.quote,
            "source": source_key if source_key is not None else
            (position.source.key if position.source else None),
            "note": position.note, "evidence": position.evidence_kind,
            "rationale": position.rationale, "review_status": position.review_status,
            "review_comment": position.review_comment,
            "review_counter_quote": position.review_counter_quote,
            "review_answer": position.review_answer, "note_en": position.note_en}


# What a deletion keeps beyond the item's own fields, so undoing it brings everything back.
POSITION_EXTRAS = ("justification", "answered", "note_en")


def _position_state(position: Position) -> dict:
    return position_snapshot(position) | {f: getattr(position, f) for f in POSITION_EXTRAS}


def _review_links(session: Session, party: Party) -> list[dict]:
    links = session.scalars(select(ReviewLink).where(ReviewLink.party_id == party.id)
                            .order_by(ReviewLink.id))
    return [{"token_hash": link.token_hash, "created_by": link.created_by,
             "created_at": _iso(link.created_at), "expires_at": _iso(link.expires_at),
             "revoked_at": _iso(link.revoked_at)} for link in links]


def _iso(at: dt.datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def party_deletion_snapshot(session: Session, row: QuestionSet, party: Party) -> dict:
    """A party about to be deleted: its fields, its position on every statement, its values
    in every coding and its review links (undoing the delete restores them all)."""
    codings: dict[str, dict[str, int | None]] = {}
    for coding in row.codings:
        codings[coding.coder] = {v.statement.key: v.value for v in coding.values
                                 if v.party_id == party.id}
    positions = {st.key: _position_state(pos) for st in row.statements
                 for pos in st.positions if pos.party_id == party.id}
    return party_snapshot(party) | {"positions": positions, "codings": codings,
                                    "review_links": _review_links(session, party)}


def statement_deletion_snapshot(row: QuestionSet, st: Statement) -> dict:
    """A statement about to be deleted: its fields, accepted lints, every party's position
    and every coding's values (undoing the delete restores them all)."""
    party_key = {p.id: p.key for p in row.parties}
    positions = {party_key[pos.party_id]: _position_state(pos) for pos in st.positions
                 if pos.party_id in party_key}
    codings = {coding.coder: {party_key[v.party_id]: v.value for v in coding.values
                              if v.statement_id == st.id and v.party_id in party_key}
               for coding in row.codings}
    return statement_snapshot(st) | {"accepted_lints": st.accepted_lints,
                                     "positions": positions, "codings": codings}
