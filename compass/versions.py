"""Versions of a question set: create, copy into a draft, publish, import, diff.

A `QuestionSet` row is one version. Editors only ever change a *draft*; publishing freezes it
for good, and the next round of edits happens on a copy (version = newest + 1). Services take
a `Session` and never commit; every change ends with `refresh`, which stores the new content
hash so a cached `setview` of the draft is never served stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import catalog
from .models import QuestionSet
from .questionsets import PositionDef, Problem, QuestionSetDef, validate

SET_FIELDS = ("title", "description", "municipality", "election", "year", "language",
              "levels", "missing", "coded_by", "title_en", "description_en", "actors",
              "framing", "framing_en")
STATEMENT_FIELDS = ("theme", "direction", "text", "easy_read", "background", "text_en",
                    "easy_read_en", "background_en", "theme_en")
PARTY_FIELDS = ("name", "short_name", "colour", "sources", "name_en", "short_name_en")
SOURCE_FIELDS = ("title", "publisher", "year", "url", "text", "title_en")
POSITION_FIELDS = ("value", "quote", "source", "note", "evidence", "rationale", "party_review",
                   "note_en")


class VersionError(ValueError):
    """A version operation that is refused; the message is shown to the editor."""


class PublishedError(VersionError):
    """An attempt to change a published (frozen) version."""


@dataclass(frozen=True)
class VersionSummary:
    """One version of a set as the set page lists it."""

    version: int
    status: str
    title: str
    content_hash: str
    created_at: dt.datetime | None
    published_at: dt.datetime | None


@dataclass(frozen=True)
class SetRow:
    """A set as the admin's list shows it: its newest version and any draft."""

    slug: str
    title: str
    newest: int
    published: int | None
    draft: int | None


def all_sets(session: Session) -> list[SetRow]:
    """Return every set (slug), with its newest, newest published and draft versions."""
    by_slug: dict[str, list[tuple[int, str, str]]] = {}
    for slug, version, status, title in session.execute(
            select(QuestionSet.slug, QuestionSet.version, QuestionSet.status, QuestionSet.title)
            .order_by(QuestionSet.slug, QuestionSet.version.desc())):
        by_slug.setdefault(slug, []).append((version, status, title))
    return [SetRow(slug=slug, title=rows[0][2], newest=rows[0][0],
                   published=next((v for v, s, _t in rows if s == "published"), None),
                   draft=next((v for v, s, _t in rows if s == "draft"), None))
            for slug, rows in by_slug.items()]


def require_draft(row: QuestionSet) -> None:
    """Raise `PublishedError` unless `row` is a draft."""
    if row.status != "draft":
        raise PublishedError(_(
            "Version %(v)d av %(slug)s är publicerad och kan aldrig ändras. "
            "Skapa ett nytt utkast för att göra ändringar.", v=row.version, slug=row.slug))


def _still_draft(row: QuestionSet):
    return update(QuestionSet).where(QuestionSet.id == row.id, QuestionSet.status == "draft")


def _gone(row: QuestionSet) -> PublishedError:
    return PublishedError(_(
        "Version %(v)d av %(slug)s publicerades eller togs bort av någon annan i samma "
        "ögonblick. Ingenting ändrades.", v=row.version, slug=row.slug))


def claim_draft(session: Session, row: QuestionSet) -> None:
    """Lock a draft for a change, or raise `PublishedError` if it no longer is one.

    A conditional UPDATE (status stays 'draft'): it waits for a concurrent publish or discard
    of the same version to finish and then sees its outcome, so a change never lands in a
    version that was published (or deleted) a moment ago.
    """
    claimed = session.execute(_still_draft(row).values(status="draft")
                              .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise _gone(row)


def refresh(session: Session, row: QuestionSet) -> QuestionSet:
    """Flush pending changes, reload the version and store its new content hash."""
    session.flush()
    session.expire_all()
    fresh = catalog.get_set(session, row.slug, row.version, published_only=False)
    assert fresh is not None  # the caller holds the row
    fresh.content_hash = catalog.to_definition(fresh).content_hash()
    session.flush()
    return fresh


def problems(row: QuestionSet) -> list[Problem]:
    """Run the question-set validator on a stored version."""
    return validate(catalog.to_definition(row), f"{row.slug}-v{row.version}")


def list_versions(session: Session, slug: str) -> list[VersionSummary]:
    """Return every version of `slug`, newest first."""
    rows = session.scalars(select(QuestionSet).where(QuestionSet.slug == slug)
                           .order_by(QuestionSet.version.desc()))
    return [VersionSummary(r.version, r.status, r.title, r.content_hash, r.created_at,
                           r.published_at) for r in rows]


def newest(session: Session, slug: str) -> QuestionSet | None:
    """Return the newest version of `slug` (draft or published), or None."""
    return session.scalar(select(QuestionSet).where(QuestionSet.slug == slug)
                          .order_by(QuestionSet.version.desc()).limit(1))


def create_set(session: Session, slug: str, **fields) -> QuestionSet:
    """Create a new, empty set as version 1, a draft."""
    if newest(session, slug) is not None:
        raise VersionError(_("Det finns redan en frågeomgång med kortnamnet %(slug)s.",
                             slug=slug))
    definition = QuestionSetDef(slug=slug, version=1, status="draft", sources=(), parties=(),
                                statements=(), **fields)
    catalog.add_definition(session, definition)
    return _get(session, slug, 1)


def new_draft(session: Session, slug: str) -> QuestionSet:
    """Copy the newest published version into a new draft (version = newest + 1)."""
    head = newest(session, slug)
    if head is None:
        raise VersionError(_("Frågeomgången finns inte."))
    if head.status == "draft":
        raise VersionError(_("Det finns redan ett utkast: version %(v)d. Arbeta vidare i det.",
                             v=head.version))
    full = catalog.get_set(session, slug, head.version, published_only=False)
    definition = dataclasses.replace(catalog.to_definition(full), version=head.version + 1,
                                     status="draft")
    catalog.add_definition(session, definition)
    return _get(session, slug, head.version + 1)


def publish(session: Session, row: QuestionSet) -> QuestionSet:
    """Freeze a draft as a published version; refused while the validator finds problems."""
    require_draft(row)
    found = problems(row)
    if found:
        raise VersionError(_("Utkastet har %(n)d problem som måste rättas innan det kan "
                             "publiceras.", n=len(found)))
    published = session.execute(
        _still_draft(row).values(status="published", published_at=dt.datetime.now(dt.UTC))
        .execution_options(synchronize_session=False))
    if published.rowcount != 1:  # a concurrent publish or discard won
        raise _gone(row)
    return refresh(session, row)


def discard(session: Session, row: QuestionSet) -> None:
    """Delete a draft (published versions stay forever)."""
    require_draft(row)
    claim_draft(session, row)
    session.delete(row)
    session.flush()


def replace_content(session: Session, row: QuestionSet, definition: QuestionSetDef
                    ) -> QuestionSet:
    """Replace a draft's whole content with `definition` (keeping its slug and version)."""
    require_draft(row)
    slug, version = row.slug, row.version
    definition = dataclasses.replace(definition, slug=slug, version=version, status="draft")
    session.delete(row)
    session.flush()
    catalog.add_definition(session, definition)
    return _get(session, slug, version)


def _get(session: Session, slug: str, version: int) -> QuestionSet:
    session.expire_all()
    row = catalog.get_set(session, slug, version, published_only=False)
    assert row is not None
    return row


def max_version(session: Session, slug: str) -> int:
    """Return the highest version number of `slug` (0 when there is none)."""
    return session.scalar(select(func.max(QuestionSet.version))
                          .where(QuestionSet.slug == slug)) or 0


# ---------------------------------------------------------------------------- diff (pure)


@dataclass(frozen=True)
class FieldChange:
    """One field of one item that differs between two versions."""

    field: str
    before: object
    after: object


@dataclass(frozen=True)
class ItemChange:
    """A statement, party or source present in both versions with changed fields."""

    key: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class PositionChange:
    """A party's position on a statement that differs between two versions."""

    statement: str
    party: str
    before: PositionDef | None
    after: PositionDef | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class SetDiff:
    """What changed from one version (`old`) to another (`new`)."""

    old_version: int
    new_version: int
    metadata: tuple[FieldChange, ...]
    statements_added: tuple[str, ...]
    statements_removed: tuple[str, ...]
    statements_changed: tuple[ItemChange, ...]
    statements_moved: bool
    parties_added: tuple[str, ...]
    parties_removed: tuple[str, ...]
    parties_changed: tuple[ItemChange, ...]
    sources_added: tuple[str, ...]
    sources_removed: tuple[str, ...]
    sources_changed: tuple[ItemChange, ...]
    positions: tuple[PositionChange, ...]

    @property
    def empty(self) -> bool:
        """Whether the two versions have the same content."""
        return not any((self.metadata, self.statements_added, self.statements_removed,
                        self.statements_changed, self.statements_moved, self.parties_added,
                        self.parties_removed, self.parties_changed, self.sources_added,
                        self.sources_removed, self.sources_changed, self.positions))


def _field_changes(old, new, fields) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f, getattr(old, f), getattr(new, f)) for f in fields
                 if getattr(old, f) != getattr(new, f))


def _items(old_items, new_items, fields):
    old = {i.key: i for i in old_items}
    new = {i.key: i for i in new_items}
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = tuple(ItemChange(k, c) for k in new if k in old
                    if (c := _field_changes(old[k], new[k], fields)))
    return added, removed, changed


def diff(old: QuestionSetDef, new: QuestionSetDef) -> SetDiff:
    """Compare two versions of a set: metadata, statements, parties, sources, positions."""
    st_added, st_removed, st_changed = _items(old.statements, new.statements, STATEMENT_FIELDS)
    common = [s.key for s in new.statements if s.key not in st_added]
    moved = common != [s.key for s in old.statements if s.key not in st_removed]
    p_added, p_removed, p_changed = _items(old.parties, new.parties, PARTY_FIELDS)
    s_added, s_removed, s_changed = _items(old.sources, new.sources, SOURCE_FIELDS)
    old_st = {s.key: s for s in old.statements}
    parties = [p.key for p in new.parties if p.key not in p_added]
    positions = []
    for st in new.statements:
        if st.key not in old_st:
            continue
        for party in parties:
            before = old_st[st.key].positions.get(party)
            after = st.positions.get(party)
            if before == after:
                continue
            old_pos, new_pos = before or PositionDef(), after or PositionDef()
            fields = tuple(f for f in POSITION_FIELDS
                           if getattr(old_pos, f) != getattr(new_pos, f))
            positions.append(PositionChange(st.key, party, before, after, fields))
    return SetDiff(
        old_version=old.version, new_version=new.version,
        metadata=_field_changes(old, new, SET_FIELDS),
        statements_added=st_added, statements_removed=st_removed,
        statements_changed=st_changed, statements_moved=moved,
        parties_added=p_added, parties_removed=p_removed, parties_changed=p_changed,
        sources_added=s_added, sources_removed=s_removed, sources_changed=s_changed,
        positions=tuple(positions))
