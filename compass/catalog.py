"""Question sets in the database: load definitions, read them back, list what is published.

Services take a `Session` and never commit: the caller (a CLI command or a view) owns the
transaction, so a load of several files is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .models import Coding, CodingValue, Party, Position, QuestionSet, SourceDocument, Statement
from .questionsets import (
    CodingDef,
    PartyDef,
    PartyReviewDef,
    PositionDef,
    QuestionSetDef,
    SourceDef,
    StatementDef,
)


class CatalogError(ValueError):
    """A question set cannot be stored as asked (e.g. it would change a published version)."""


@dataclass(frozen=True)
class LoadOutcome:
    """What loading one definition did: `created`, `unchanged` or `replaced`."""

    slug: str
    version: int
    action: str


@dataclass(frozen=True)
class SetSummary:
    """A published question set as the landing page lists it."""

    slug: str
    version: int
    title: str
    title_en: str | None
    description: str
    municipality: str
    election: str | None
    year: int
    coded_by: str
    statements: int
    parties: int


def load_definition(session: Session, qs: QuestionSetDef) -> LoadOutcome:
    """Store `qs` as version `(slug, version)`; identical content is left as it is."""
    digest = qs.content_hash()
    existing = session.scalar(
        select(QuestionSet).where(QuestionSet.slug == qs.slug, QuestionSet.version == qs.version)
    )
    action = "created"
    if existing is not None:
        if existing.content_hash == digest:
            return LoadOutcome(qs.slug, qs.version, "unchanged")
        if existing.status == "published":
            raise CatalogError(
                f"{qs.slug} version {qs.version} is published and differs from this file; "
                "published versions never change — raise 'version' to publish a new one"
            )
        session.delete(existing)
        session.flush()
        action = "replaced"
    session.add(_build(qs, digest))
    session.flush()
    return LoadOutcome(qs.slug, qs.version, action)


def add_definition(session: Session, qs: QuestionSetDef) -> None:
    """Store `qs` as a new version `(slug, version)`, never over an existing one.

    For the editor's new sets, new drafts and imports: if another request stored the same
    version a moment ago (after this one looked), the unique key refuses this one with an
    `IntegrityError` (a 409 in the admin) instead of `load_definition` taking the other's
    version as "unchanged" or replacing it.
    """
    session.add(_build(qs, qs.content_hash()))
    session.flush()


def _build(qs: QuestionSetDef, digest: str) -> QuestionSet:
    row = QuestionSet(
        slug=qs.slug, version=qs.version, status=qs.status, title=qs.title,
        description=qs.description, title_en=qs.title_en, description_en=qs.description_en,
        municipality=qs.municipality, election=qs.election, year=qs.year,
        language=qs.language, levels=qs.levels, missing_policy=qs.missing,
        coded_by=qs.coded_by, actors=qs.actors, framing=qs.framing, framing_en=qs.framing_en,
        content_hash=digest,
        published_at=dt.datetime.now(dt.UTC) if qs.status == "published" else None,
    )
    sources = {s.key: SourceDocument(key=s.key, title=s.title, publisher=s.publisher,
                                     year=s.year, url=s.url, text=s.text, origin=s.origin,
                                     title_en=s.title_en)
               for s in qs.sources}
    row.sources = list(sources.values())
    parties = {}
    for order, p in enumerate(qs.parties):
        parties[p.key] = Party(key=p.key, order=order, name=p.name, short_name=p.short_name,
                               colour=p.colour, sources=[sources[k] for k in p.sources],
                               name_en=p.name_en, short_name_en=p.short_name_en)
    row.parties = list(parties.values())
    for order, st in enumerate(qs.statements):
        statement = Statement(
            key=st.key, order=order, theme=st.theme, direction=st.direction, text=st.text,
            easy_read=st.easy_read, background=st.background, text_en=st.text_en,
            easy_read_en=st.easy_read_en, background_en=st.background_en,
            accepted_lints=json.dumps([list(a) for a in st.accepted_lints], ensure_ascii=False)
            if st.accepted_lints else None, theme_en=st.theme_en)
        statement.positions = [
            Position(party=parties[key], value=pos.value, quote=pos.quote,
                     source=sources[pos.source] if pos.source else None, note=pos.note,
                     note_en=pos.note_en, **position_extras(pos))
            for key, pos in st.positions.items()]
        row.statements.append(statement)
    statements = {st.key: st for st in row.statements}
    row.codings = [
        Coding(order=order, coder=coding.coder, values=[
            CodingValue(statement=statements[st_key], party=parties[party_key],
                        value=value)
            for st_key, values in coding.values.items() for party_key, value in values.items()])
        for order, coding in enumerate(qs.codings)]
    return row


def position_extras(pos: PositionDef) -> dict:
    """The column values of a position's evidence kind, rationale and party review."""
    review = pos.party_review or PartyReviewDef()
    return {"evidence_kind": pos.evidence, "rationale": pos.rationale,
            "justification": pos.justification, "answered": pos.answered,
            "review_status": review.status, "review_comment": review.comment,
            "review_counter_quote": review.counter_quote, "review_answer": review.answer}


def stored_review(pos: Position) -> PartyReviewDef | None:
    """The party review of a stored position (None when the party was never asked)."""
    review = PartyReviewDef(status=pos.review_status or "not_asked", comment=pos.review_comment,
                            counter_quote=pos.review_counter_quote, answer=pos.review_answer)
    return None if review == PartyReviewDef() else review


def get_set(session: Session, slug: str, version: int | None = None,
            published_only: bool = True) -> QuestionSet | None:
    """Return a version of a set (the newest published one when `version` is None)."""
    query = select(QuestionSet).where(QuestionSet.slug == slug)
    if published_only:
        query = query.where(QuestionSet.status == "published")
    if version is not None:
        query = query.where(QuestionSet.version == version)
    query = query.order_by(QuestionSet.version.desc()).limit(1).options(
        selectinload(QuestionSet.sources),
        selectinload(QuestionSet.parties).selectinload(Party.sources),
        selectinload(QuestionSet.statements).selectinload(Statement.positions),
        selectinload(QuestionSet.codings).selectinload(Coding.values),
    )
    return session.scalar(query)


def to_definition(row: QuestionSet) -> QuestionSetDef:
    """Turn a stored version back into the plain definition the file format describes."""
    source_key = {s.id: s.key for s in row.sources}
    party_key = {p.id: p.key for p in row.parties}
    party_order = {p.id: p.order for p in row.parties}
    statements = []
    for st in row.statements:
        positions = {
            party_key[pos.party_id]: PositionDef(
                value=pos.value, quote=pos.quote,
                source=source_key.get(pos.source_id) if pos.source_id else None, note=pos.note,
                evidence=pos.evidence_kind, rationale=pos.rationale,
                party_review=stored_review(pos), justification=pos.justification,
                answered=pos.answered, note_en=pos.note_en)
            for pos in sorted(st.positions, key=lambda p: party_order[p.party_id])}
        statements.append(StatementDef(
            key=st.key, theme=st.theme, direction=st.direction, text=st.text,
            easy_read=st.easy_read, background=st.background, positions=positions,
            text_en=st.text_en, easy_read_en=st.easy_read_en, background_en=st.background_en,
            accepted_lints=tuple(tuple(a) for a in json.loads(st.accepted_lints or "[]")),
            theme_en=st.theme_en))
    return QuestionSetDef(
        slug=row.slug, version=row.version, status=row.status, title=row.title,
        description=row.description, municipality=row.municipality, year=row.year,
        language=row.language, levels=row.levels, missing=row.missing_policy,
        coded_by=row.coded_by, election=row.election, title_en=row.title_en,
        description_en=row.description_en, actors=row.actors, framing=row.framing,
        framing_en=row.framing_en, codings=codings_of(row),
        sources=tuple(SourceDef(key=s.key, title=s.title, publisher=s.publisher, text=s.text,
                                year=s.year, url=s.url, origin=s.origin, title_en=s.title_en)
                      for s in row.sources),
        parties=tuple(PartyDef(key=p.key, name=p.name, short_name=p.short_name,
                               colour=p.colour, sources=tuple(s.key for s in p.sources),
                               name_en=p.name_en, short_name_en=p.short_name_en)
                      for p in row.parties),
        statements=tuple(statements))


def codings_of(row: QuestionSet) -> tuple[CodingDef, ...]:
    """Return a stored version's codings, every cell in statement and party order."""
    order = [(st.id, st.key) for st in row.statements]
    parties = [(p.id, p.key) for p in row.parties]
    result = []
    for coding in row.codings:
        stored = {(v.statement_id, v.party_id): v.value for v in coding.values}
        values = {st_key: {p_key: stored[(st_id, p_id)] for p_id, p_key in parties
                           if (st_id, p_id) in stored}
                  for st_id, st_key in order}
        # A statement added after the coding has no values: leave it out, so the validator
        # names it once instead of once per party.
        result.append(CodingDef(coder=coding.coder,
                                values={k: v for k, v in values.items() if v}))
    return tuple(result)


def published_sets(session: Session) -> list[SetSummary]:
    """List the newest published version of every set, newest year first."""
    newest = (select(QuestionSet.slug, func.max(QuestionSet.version).label("version"))
              .where(QuestionSet.status == "published").group_by(QuestionSet.slug).subquery())
    statements = (select(func.count(Statement.id))
                  .where(Statement.question_set_id == QuestionSet.id)
                  .correlate(QuestionSet).scalar_subquery())
    parties = (select(func.count(Party.id)).where(Party.question_set_id == QuestionSet.id)
               .correlate(QuestionSet).scalar_subquery())
    rows = session.execute(
        select(QuestionSet, statements, parties)
        .join(newest, (QuestionSet.slug == newest.c.slug)
              & (QuestionSet.version == newest.c.version))
        .order_by(QuestionSet.year.desc(), QuestionSet.title)
    ).all()
    return [SetSummary(slug=qs.slug, version=qs.version, title=qs.title, title_en=qs.title_en,
                       description=qs.description, municipality=qs.municipality,
                       election=qs.election, year=qs.year, coded_by=qs.coded_by,
                       statements=n_st, parties=n_p)
            for qs, n_st, n_p in rows]
