"""Review links and the party's answers. Services take a session and never commit.

A link belongs to one party in one *draft* version: the review runs on the draft, its states
are part of the version's content (and content hash), and publishing carries them into the
published version, where they are frozen like everything else. A link of a version that has
since been published still opens, read-only. Only the SHA-256 of a token is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .. import catalog, versions
from ..models import AuditEntry, Party, Position, QuestionSet, ReviewLink
from ..setview import PartyView, PositionView, SetView, StatementView

TOKEN_BYTES = 32
MAX_DAYS = 90
MAX_TEXT = 4000
VERDICTS = ("confirm", "object")
# The party can answer until the editors have resolved its objection.
ANSWERABLE = ("not_asked", "pending", "confirmed", "objected")


class ReviewError(ValueError):
    """A review action that is refused; the message is shown to the user."""


@dataclass(frozen=True)
class LinkSummary:
    """A review link as the editors list it (never the token itself)."""

    id: int
    party: str
    created_at: dt.datetime | None
    expires_at: dt.datetime
    revoked: bool
    expired: bool

    @property
    def active(self) -> bool:
        """Whether the link still opens the review page for answering."""
        return not (self.revoked or self.expired)


@dataclass(frozen=True)
class ReviewAccess:
    """What a token opens: the link's version and party, and whether it may still answer."""

    link_id: int
    slug: str
    version: int
    party_key: str
    state: str  # "open", "expired", "revoked" or "published"
    expires_at: dt.datetime


@dataclass(frozen=True)
class ReviewItem:
    """One coded position as the party reviews it."""

    statement: StatementView
    position: PositionView

    @property
    def answerable(self) -> bool:
        """Whether the party can still confirm or object here."""
        return self.position.review_status in ANSWERABLE


def open_objections(view: SetView) -> int:
    """How many positions of a version carry an objection the editors have not answered."""
    return sum(pos.review_status == "objected" for st in view.statements for pos in st.positions)


def new_token() -> str:
    """A long random secret for a review link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 hex digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything here is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def create_link(session: Session, row: QuestionSet, party_key: str, days: int,
                user_id: int | None) -> str:
    """Create a party's review link for a draft; return the token (shown once, never stored).

    The party's stated positions that were never asked become `pending`.
    """
    versions.require_draft(row)
    party = next((p for p in row.parties if p.key == party_key), None)
    if party is None:
        raise ReviewError(_("Okänt parti."))
    if not 1 <= days <= MAX_DAYS:
        raise ReviewError(_("Välj mellan %(min)d och %(max)d dagar.", min=1, max=MAX_DAYS))
    token = new_token()
    expires = _now() + dt.timedelta(days=days)
    session.add(ReviewLink(token_hash=hash_token(token), question_set_id=row.id,
                           party_id=party.id, created_by=user_id, expires_at=expires))
    for st in row.statements:
        for pos in st.positions:
            if pos.party_id == party.id and pos.value is not None \
                    and pos.review_status == "not_asked":
                pos.review_status = "pending"
    record(session, row, user_id, "review.link", f"party:{party_key}", None,
           {"party": party_key, "expires_at": expires.isoformat(timespec="minutes")})
    versions.refresh(session, row)
    return token


def links(session: Session, row: QuestionSet) -> list[LinkSummary]:
    """Every review link of a version, newest first."""
    now = _now()
    found = session.scalars(select(ReviewLink).where(ReviewLink.question_set_id == row.id)
                            .options(joinedload(ReviewLink.party))
                            .order_by(ReviewLink.id.desc()))
    return [LinkSummary(id=link.id, party=link.party.name, created_at=link.created_at,
                        expires_at=_aware(link.expires_at), revoked=link.revoked_at is not None,
                        expired=_aware(link.expires_at) <= now) for link in found]


def revoke_link(session: Session, slug: str, link_id: int, user_id: int | None) -> int:
    """Revoke a link of set `slug` at once; return its version. Revoking twice changes nothing."""
    link = session.scalar(select(ReviewLink).where(ReviewLink.id == link_id)
                          .options(joinedload(ReviewLink.party),
                                   joinedload(ReviewLink.question_set)))
    if link is None or link.question_set.slug != slug:
        raise ReviewError(_("Granskningslänken finns inte."))
    if link.revoked_at is None:
        link.revoked_at = _now()
        record(session, link.question_set, user_id, "review.revoke", f"party:{link.party.key}",
               {"party": link.party.key}, None)
        session.flush()
    return link.question_set.version


def open_link(session: Session, token: str) -> ReviewAccess | None:
    """Return what a token opens, or None for an unknown token."""
    if not token or len(token) > 200:
        return None
    link = session.scalar(select(ReviewLink).where(ReviewLink.token_hash == hash_token(token))
                          .options(joinedload(ReviewLink.party),
                                   joinedload(ReviewLink.question_set)))
    if link is None:
        return None
    expires = _aware(link.expires_at)
    if link.revoked_at is not None:
        state = "revoked"
    elif link.question_set.status != "draft":
        state = "published"
    elif expires <= _now():
        state = "expired"
    else:
        state = "open"
    return ReviewAccess(link_id=link.id, slug=link.question_set.slug,
                        version=link.question_set.version, party_key=link.party.key,
                        state=state, expires_at=expires)


def items(view: SetView, party: PartyView) -> list[ReviewItem]:
    """The party's coded (stated) positions, in statement order."""
    return [ReviewItem(statement=st, position=st.positions[party.index])
            for st in view.statements if st.positions[party.index].value is not None]


def answer(session: Session, access: ReviewAccess, statement_key: str, verdict: str,
           comment: str | None, counter_quote: str | None) -> None:
    """Store the party's verdict on one position: confirm it, or object with a comment."""
    if access.state != "open":
        raise ReviewError(_("Granskningen är stängd för den här länken."))
    row = catalog.get_set(session, access.slug, access.version, published_only=False)
    pos = _position(row, statement_key, access.party_key)
    if pos is None or pos.value is None:
        raise ReviewError(_("Den här ståndpunkten finns inte i granskningen."))
    if pos.review_status not in ANSWERABLE:
        raise ReviewError(_("Redaktionen har redan besvarat er invändning här."))
    comment, counter_quote = _clean(comment), _clean(counter_quote)
    if verdict not in VERDICTS:
        raise ReviewError(_("Välj om ni bekräftar eller invänder."))
    if verdict == "object" and not comment:
        raise ReviewError(_("Skriv vad ni invänder mot."))
    if any(text and len(text) > MAX_TEXT for text in (comment, counter_quote)):
        raise ReviewError(_("Högst %(max)d tecken.", max=MAX_TEXT))
    before = {"review_status": pos.review_status, "review_comment": pos.review_comment,
              "review_counter_quote": pos.review_counter_quote}
    if verdict == "confirm":
        pos.review_status, pos.review_comment, pos.review_counter_quote = "confirmed", None, None
    else:
        pos.review_status, pos.review_comment = "objected", comment
        pos.review_counter_quote = counter_quote
    pos.review_answer = None
    after = {"review_status": pos.review_status, "review_comment": pos.review_comment,
             "review_counter_quote": pos.review_counter_quote}
    record(session, row, None, f"review.{verdict}",
           f"position:{statement_key}/{access.party_key}", before,
           after | {"link": access.link_id})
    versions.refresh(session, row)


def _position(row: QuestionSet | None, statement_key: str, party_key: str) -> Position | None:
    if row is None:
        return None
    party: Party | None = next((p for p in row.parties if p.key == party_key), None)
    st = next((s for s in row.statements if s.key == statement_key), None)
    if party is None or st is None:
        return None
    return next((p for p in st.positions if p.party_id == party.id), None)


def _clean(text: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL characters, and no party means to type one.
    return (text or "").replace("\x00", "").strip() or None


def record(session: Session, row: QuestionSet, user_id: int | None, action: str, target: str,
           before: dict | None, after: dict | None) -> None:
    """Add an entry to the set's audit log (the same log the admin's editors write)."""
    def dump(values: dict | None) -> str | None:
        return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)

    session.add(AuditEntry(question_set_slug=row.slug, question_set_version=row.version,
                           user_id=user_id, at=_now(), action=action, target=target[:200],
                           before=dump(before), after=dump(after)))
