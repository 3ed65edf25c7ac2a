"""A question-set version as immutable plain data (with its position matrix), cached.

Published versions never change, so the view of one is built once per process and reused;
the cache key includes the content hash, so a replaced draft is never served stale.
Templates and the API receive these dataclasses, never lazy ORM relationships.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from cachetools import LRUCache, TTLCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import catalog
from .models import QuestionSet
from .questionsets.definitions import KEY_RE

MAX_VERSION = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
_cache: LRUCache = LRUCache(maxsize=64)
# Which version a (slug, version) request resolves to, and the newest published version,
# are looked up at most once per few seconds: a new publication shows up that much later.
HEAD_TTL = 5.0
_heads: TTLCache = TTLCache(maxsize=1024, ttl=HEAD_TTL)
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


@dataclass(frozen=True)
class PositionView:
    """A party's position on a statement; `value is None` = no stated position."""

    value: int | None
    quote: str | None
    source: str | None
    note: str | None


@dataclass(frozen=True)
class StatementView:
    """A statement with its texts in both languages and one position per party."""

    index: int
    key: str
    theme: str
    direction: str
    text: str
    easy_read: str
    background: str
    text_en: str | None
    easy_read_en: str | None
    background_en: str | None
    positions: tuple[PositionView, ...]

    def localised(self, locale: str) -> tuple[str, str, str, bool]:
        """Return (text, easy_read, background, fell_back) for `locale`.

        English falls back to Swedish, per field, when the set has no English text; the
        flag lets the page say so.
        """
        if locale != "en":
            return self.text, self.easy_read, self.background, False
        fell_back = not (self.text_en and self.easy_read_en and self.background_en)
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
    levels: int
    missing: str
    coded_by: str
    content_hash: str
    parties: tuple[PartyView, ...]
    statements: tuple[StatementView, ...]
    sources: tuple[SourceView, ...]
    positions: np.ndarray  # (P, S) float, NaN = no stated position; read-only

    @property
    def themes(self) -> list[str]:
        """The theme label of every statement, in statement order."""
        return [s.theme for s in self.statements]

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


def _build(row: QuestionSet) -> SetView:
    parties = tuple(
        PartyView(index=i, key=p.key, name=p.name, short_name=p.short_name, colour=p.colour,
                  sources=tuple(s.key for s in p.sources))
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
                                    source=source_key.get(pos.source_id), note=pos.note)
            if pos.value is not None:
                matrix[i, j] = pos.value
        statements.append(StatementView(
            index=j, key=st.key, theme=st.theme, direction=st.direction, text=st.text,
            easy_read=st.easy_read, background=st.background, text_en=st.text_en,
            easy_read_en=st.easy_read_en, background_en=st.background_en,
            positions=tuple(s or PositionView(None, None, None, None) for s in slots)))
    matrix.setflags(write=False)
    return SetView(
        slug=row.slug, version=row.version, status=row.status, title=row.title,
        title_en=row.title_en, description=row.description, description_en=row.description_en,
        municipality=row.municipality, election=row.election, year=row.year, levels=row.levels,
        missing=row.missing_policy, coded_by=row.coded_by, content_hash=row.content_hash,
        parties=parties, statements=tuple(statements),
        sources=tuple(SourceView(key=s.key, title=s.title, publisher=s.publisher, year=s.year,
                                 url=s.url, text=s.text) for s in row.sources),
        positions=matrix)


def _plausible(slug: str, version: int | None = None) -> bool:
    """Whether a slug and version from a URL could exist (keeps odd input away from the DB)."""
    return bool(KEY_RE.match(slug)) and (version is None or 1 <= version <= MAX_VERSION)


def _cached_head(session: Session, key: tuple, lookup):
    """Return `lookup()` through the short-lived head cache (keyed per database)."""
    full_key = (str(session.get_bind().url), *key)
    with _lock:
        found = _heads.get(full_key, _MISSING)
    if found is _MISSING:
        found = lookup()
        with _lock:
            _heads[full_key] = found
    return found


def get_view(session: Session, slug: str, version: int | None = None,
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
        row = session.execute(query.order_by(QuestionSet.version.desc()).limit(1)).first()
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
    row = catalog.get_set(session, slug, head[1], published_only=published_only)
    if row is None:  # removed between the two queries
        return None
    view = _build(row)
    with _lock:
        _cache[head] = view
    return view


def newest_version(session: Session, slug: str) -> int | None:
    """Return the newest published version number of `slug`, or None."""
    if not _plausible(slug):
        return None
    return _cached_head(session, ("newest", slug), lambda: session.scalar(
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
