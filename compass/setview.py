"""A question-set version as immutable plain data (with its position matrix), cached.

Published versions never change, so the view of one is built once per process and reused;
the cache key includes the content hash, so a replaced draft is never served stale.
Templates and the API receive these dataclasses, never lazy ORM relationships.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import numpy as np
from cachetools import LRUCache, TTLCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import catalog
from .db import DATABASE_DOWN, LazySession, database_key
from .models import QuestionSet
from .questionsets.definitions import KEY_RE, PartyReviewDef
from .urls import web_url

MAX_VERSION = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
_cache: LRUCache = LRUCache(maxsize=64)
# Which version a (slug, version) request resolves to, and the newest published version,
# are looked up at most once per few seconds: a new publication shows up that much later.
HEAD_TTL = 5.0
_heads: TTLCache = TTLCache(maxsize=1024, ttl=HEAD_TTL)
# The last answer of every lookup, kept without expiry: while the database is unreachable
# the published sets in memory keep being served as they were.
_last_heads: LRUCache = LRUCache(maxsize=1024)
_lock = threading.Lock()
_MISSING = object()


@dataclass(frozen=True)
class PartyView:
    """A party of the set."""

    index: int
    key: str
    name: str
    short_name: str
    colour: str
    sources: tuple[str, ...]
    name_en: str | None = None
    short_name_en: str | None = None


@dataclass(frozen=True)
class PositionView:
    """A party's position on a statement; `value is None` = no stated position.

    `rationale` is internal (editors and the party review); voter pages never show it.
    """

    value: int | None
    quote: str | None
    source: str | None
    note: str | None
    evidence: str | None = None
    rationale: str | None = None
    review: PartyReviewDef | None = None
    justification: str | None = None  # questionnaire answers: the party's own words
    answered: str | None = None       # questionnaire answers: the day (YYYY-MM-DD)
    note_en: str | None = None
    note_lang: str | None = None  # set when the note shown is a translation

    @property
    def is_answer(self) -> bool:
        """Whether this is the party's own questionnaire answer rather than a quote."""
        return self.evidence == "questionnaire"

    @property
    def review_status(self) -> str:
        """The party review status, `not_asked` when the party was never asked."""
        return self.review.status if self.review else "not_asked"


@dataclass(frozen=True)
class StatementView:
    """A statement with its texts in both languages and one position per party."""

    index: int
    key: str
    theme: str
    direction: str | None
    text: str
    easy_read: str
    background: str
    text_en: str | None
    easy_read_en: str | None
    background_en: str | None
    positions: tuple[PositionView, ...]
    theme_en: str | None = None
    theme_lang: str | None = None  # set when the theme shown is a translation

    def localised(self, locale: str) -> tuple[str, str, str, bool]:
        """Return (text, easy_read, background, fell_back) for `locale`.

        English falls back to Swedish, per field, when the set has no English text; the
        flag lets the page say so.
        """
        if locale != "en":
            return self.text, self.easy_read, self.background, False
        fell_back = any(sv and not en for sv, en in ((self.text, self.text_en),
                                                     (self.easy_read, self.easy_read_en),
                                                     (self.background, self.background_en)))
        return (self.text_en or self.text, self.easy_read_en or self.easy_read,
                self.background_en or self.background, fell_back)


@dataclass(frozen=True)
class SourceView:
    """A source document."""

    key: str
    title: str
    publisher: str
    year: int | None
    url: str | None
    text: str
    origin: str | None = None  # web | document | pasted (None: not recorded)
    title_en: str | None = None
    title_lang: str | None = None  # set when the title shown is a translation


@dataclass(frozen=True)
class SetView:
    """One version of a question set, ready for scoring and rendering."""

    slug: str
    version: int
    status: str
    title: str
    title_en: str | None
    description: str
    description_en: str | None
    municipality: str
    election: str | None
    year: int
    language: str
    levels: int
    missing: str
    coded_by: str
    content_hash: str
    parties: tuple[PartyView, ...]
    statements: tuple[StatementView, ...]
    sources: tuple[SourceView, ...]
    positions: np.ndarray  # (P, S) float, NaN = no stated position; read-only
    actors: str = "partier"  # how pages name the ranked actors: partier | aktörer
    framing: str | None = None  # the line shown wherever actors are ranked
    framing_en: str | None = None

    @property
    def themes(self) -> list[str]:
        """The theme label of every statement, in statement order."""
        return [s.theme for s in self.statements]

    def theme_language(self, theme: str) -> str:
        """The language a theme label is shown in (English where it was translated)."""
        found = next((s for s in self.statements if s.theme == theme), None)
        return (found.theme_lang if found else None) or self.language

    def party(self, key: str) -> PartyView | None:
        """Return the party with `key`, or None."""
        return next((p for p in self.parties if p.key == key), None)

    def source(self, key: str) -> SourceView | None:
        """Return the source document with `key`, or None."""
        return next((s for s in self.sources if s.key == key), None)

    def localised_title(self, locale: str) -> str:
        """Return the title in `locale`, falling back to Swedish."""
        return self.title_en if locale == "en" and self.title_en else self.title

    def localised_description(self, locale: str) -> str:
        """Return the description in `locale`, falling back to Swedish."""
        return self.description_en if locale == "en" and self.description_en else self.description

    def localised_framing(self, locale: str) -> str | None:
        """Return the framing line in `locale` (falling back to Swedish), or None."""
        return self.framing_en if locale == "en" and self.framing_en else self.framing


def _build(row: QuestionSet) -> SetView:
    parties = tuple(
        PartyView(index=i, key=p.key, name=p.name, short_name=p.short_name, colour=p.colour,
                  sources=tuple(s.key for s in p.sources), name_en=p.name_en,
                  short_name_en=p.short_name_en)
        for i, p in enumerate(row.parties))
    party_index = {p.id: i for i, p in enumerate(row.parties)}
    source_key = {s.id: s.key for s in row.sources}
    matrix = np.full((len(parties), len(row.statements)), np.nan)
    statements = []
    for j, st in enumerate(row.statements):
        slots: list[PositionView | None] = [None] * len(parties)
        for pos in st.positions:
            i = party_index[pos.party_id]
            slots[i] = PositionView(value=pos.value, quote=pos.quote,
                                    source=source_key.get(pos.source_id), note=pos.note,
                                    evidence=pos.evidence_kind, rationale=pos.rationale,
                                    review=catalog.stored_review(pos),
                                    justification=pos.justification, answered=pos.answered,
                                    note_en=pos.note_en)
            if pos.value is not None:
                matrix[i, j] = pos.value
        statements.append(StatementView(
            index=j, key=st.key, theme=st.theme, direction=st.direction, text=st.text,
            easy_read=st.easy_read, background=st.background, text_en=st.text_en,
            easy_read_en=st.easy_read_en, background_en=st.background_en, theme_en=st.theme_en,
            positions=tuple(s or PositionView(None, None, None, None) for s in slots)))
    matrix.setflags(write=False)
    return SetView(
        slug=row.slug, version=row.version, status=row.status, title=row.title,
        title_en=row.title_en, description=row.description, description_en=row.description_en,
        municipality=row.municipality, election=row.election, year=row.year,
        language=row.language or "sv", levels=row.levels,
        missing=row.missing_policy, coded_by=row.coded_by, content_hash=row.content_hash,
        parties=parties, statements=tuple(statements),
        sources=tuple(SourceView(key=s.key, title=s.title, publisher=s.publisher, year=s.year,
                                 url=web_url(s.url), text=s.text, origin=s.origin,
                                 title_en=s.title_en)
                      for s in row.sources),
        positions=matrix, actors=row.actors, framing=row.framing, framing_en=row.framing_en)


_localised: LRUCache = LRUCache(maxsize=64)


def localised_view(view: SetView, locale: str) -> SetView:
    """The view with English party names, themes, source titles and notes where the set has them.

    Statement texts stay as they are (`StatementView.localised` picks them per field); a
    swapped theme, title or note is marked with its language so pages can set `lang`.
    """
    if locale != "en" or view.language == "en":
        return view
    key = (view.slug, view.version, view.content_hash)
    with _lock:
        cached = _localised.get(key)
    if cached is not None:
        return cached

    def position(pos: PositionView) -> PositionView:
        return replace(pos, note=pos.note_en, note_lang="en") if pos.note_en else pos

    english = replace(
        view,
        parties=tuple(replace(p, name=p.name_en or p.name, short_name=p.short_name_en
                              or p.short_name) for p in view.parties),
        statements=tuple(replace(
            st, theme=st.theme_en or st.theme, theme_lang="en" if st.theme_en else None,
            positions=tuple(position(pos) for pos in st.positions)) for st in view.statements),
        sources=tuple(replace(s, title=s.title_en, title_lang="en") if s.title_en else s
                      for s in view.sources))
    with _lock:
        _localised[key] = english
    return english


def _plausible(slug: str, version: int | None = None) -> bool:
    """Whether a slug and version from a URL could exist (keeps odd input away from the DB)."""
    return bool(KEY_RE.match(slug)) and (version is None or 1 <= version <= MAX_VERSION)


# A session, or a request's `LazySession`: lookups answered from the caches below open none.
Sessions = Session | LazySession


def _open(session: Sessions) -> Session:
    return session() if isinstance(session, LazySession) else session


def _cached_head(session: Sessions, key: tuple, lookup):
    """Return `lookup()` through the short-lived head cache (keyed per database)."""
    database = session.database if isinstance(session, LazySession) else database_key(session)
    full_key = (database, *key)
    with _lock:
        found = _heads.get(full_key, _MISSING)
    if found is _MISSING:
        try:
            found = lookup()
        except DATABASE_DOWN:
            with _lock:
                found = _last_heads.get(full_key, _MISSING)
            if found is _MISSING:
                raise
            _rollback_quietly(_open(session))
            return found
        with _lock:
            _heads[full_key] = _last_heads[full_key] = found
    return found


def _rollback_quietly(session: Session) -> None:
    try:
        session.rollback()
    except DATABASE_DOWN:
        pass


def get_view(session: Sessions, slug: str, version: int | None = None,
             published_only: bool = True) -> SetView | None:
    """Return the view of a set version (newest published when `version` is None), or None."""
    if not _plausible(slug, version):
        return None

    def lookup():
        query = select(QuestionSet.slug, QuestionSet.version, QuestionSet.content_hash).where(
            QuestionSet.slug == slug)
        if published_only:
            query = query.where(QuestionSet.status == "published")
        if version is not None:
            query = query.where(QuestionSet.version == version)
        row = _open(session).execute(query.order_by(QuestionSet.version.desc()).limit(1)).first()
        return None if row is None else (row.slug, row.version, row.content_hash)

    # Drafts change under an editor's hands: only published lookups are cached.
    head = (_cached_head(session, ("view", slug, version), lookup) if published_only
            else lookup())
    if head is None:
        return None
    with _lock:
        cached = _cache.get(head)
    if cached is not None:
        return cached
    row = catalog.get_set(_open(session), slug, head[1], published_only=published_only)
    if row is None:  # removed between the two queries
        return None
    view = _build(row)
    with _lock:
        _cache[head] = view
    return view


def newest_version(session: Sessions, slug: str) -> int | None:
    """Return the newest published version number of `slug`, or None."""
    if not _plausible(slug):
        return None
    return _cached_head(session, ("newest", slug), lambda: _open(session).scalar(
        select(QuestionSet.version).where(
            QuestionSet.slug == slug, QuestionSet.status == "published")
        .order_by(QuestionSet.version.desc()).limit(1)))


def published_summaries(session: Session) -> list:
    """The published sets for the landing page, looked up at most once per few seconds."""
    return _cached_head(session, ("published",), lambda: catalog.published_sets(session))


def forget_heads() -> None:
    """Drop the cached version lookups (after publishing, so it shows at once here)."""
    with _lock:
        _heads.clear()
