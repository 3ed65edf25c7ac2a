"""A question set's versions and everything in one: sources, parties, statements,
positions, party review links and codings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..questionsets import limits
from .base import Base

party_source = Table(
    "party_source",
    Base.metadata,
    Column("party_id", ForeignKey("party.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", ForeignKey("source_document.id", ondelete="CASCADE"), primary_key=True),
)


class QuestionSet(Base):
    """One version of a question set (frågeomgång)."""

    __tablename__ = "question_set"
    __table_args__ = (
        UniqueConstraint("slug", "version"),
        CheckConstraint("levels IN (3, 5)", name="levels"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        CheckConstraint("missing_policy IN ('neutral', 'exclude', 'penalize')", name="missing"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("actors IN ('partier', 'aktörer')", name="actors"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.KEY), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    description: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(String(limits.TITLE))
    description_en: Mapped[str | None] = mapped_column(Text)
    municipality: Mapped[str] = mapped_column(String(limits.MUNICIPALITY))
    election: Mapped[str | None] = mapped_column(String(limits.ELECTION))
    year: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(limits.LANGUAGE))
    levels: Mapped[int] = mapped_column(Integer)
    missing_policy: Mapped[str] = mapped_column(String(16))
    coded_by: Mapped[str] = mapped_column(String(limits.CODED_BY))
    # How pages name the ranked actors, and the line that says what they are.
    actors: Mapped[str] = mapped_column(String(16), default="partier", server_default="partier")
    framing: Mapped[str | None] = mapped_column(Text)
    framing_en: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    sources: Mapped[list[SourceDocument]] = relationship(
        back_populates="question_set", cascade="all, delete-orphan", order_by="SourceDocument.id"
    )
    parties: Mapped[list[Party]] = relationship(
        back_populates="question_set", cascade="all, delete-orphan", order_by="Party.order"
    )
    statements: Mapped[list[Statement]] = relationship(
        back_populates="question_set", cascade="all, delete-orphan", order_by="Statement.order"
    )
    codings: Mapped[list[Coding]] = relationship(
        back_populates="question_set", cascade="all, delete-orphan", order_by="Coding.order"
    )


class SourceDocument(Base):
    """A public text that party positions are quoted from (källdokument)."""

    __tablename__ = "source_document"
    __table_args__ = (UniqueConstraint("question_set_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: an editor's save names the row_version it started from.
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(limits.KEY))
    title: Mapped[str] = mapped_column(String(limits.SOURCE_TITLE))
    title_en: Mapped[str | None] = mapped_column(String(limits.SOURCE_TITLE))
    publisher: Mapped[str] = mapped_column(String(limits.PUBLISHER))
    year: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(limits.URL))
    origin: Mapped[str | None] = mapped_column(String(16))  # web | document | pasted
    text: Mapped[str] = mapped_column(Text)

    question_set: Mapped[QuestionSet] = relationship(back_populates="sources")


class Party(Base):
    """A party or other political actor whose positions are compared (parti)."""

    __tablename__ = "party"
    __table_args__ = (UniqueConstraint("question_set_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: an editor's save names the row_version it started from.
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(limits.KEY))
    order: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(limits.PARTY_NAME))
    short_name: Mapped[str] = mapped_column(String(limits.SHORT_NAME))
    name_en: Mapped[str | None] = mapped_column(String(limits.PARTY_NAME))
    short_name_en: Mapped[str | None] = mapped_column(String(limits.SHORT_NAME))
    colour: Mapped[str] = mapped_column(String(limits.COLOUR))

    question_set: Mapped[QuestionSet] = relationship(back_populates="parties")
    sources: Mapped[list[SourceDocument]] = relationship(
        secondary=party_source, order_by="SourceDocument.id"
    )


class Statement(Base):
    """A statement voters agree or disagree with (påstående)."""

    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("question_set_id", "key"),
        CheckConstraint("direction IS NULL OR direction IN ('more', 'less')", name="direction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: an editor's save names the row_version it started from.
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(limits.KEY))
    order: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(limits.THEME))
    theme_en: Mapped[str | None] = mapped_column(String(limits.THEME))
    direction: Mapped[str | None] = mapped_column(String(8))  # optional in the format
    text: Mapped[str] = mapped_column(String(limits.STATEMENT_COLUMN))
    easy_read: Mapped[str] = mapped_column(Text)
    background: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(String(limits.STATEMENT_COLUMN))
    easy_read_en: Mapped[str | None] = mapped_column(Text)
    background_en: Mapped[str | None] = mapped_column(Text)
    # JSON list of [lint, party key or null, reason]: coding lints the editors accepted.
    accepted_lints: Mapped[str | None] = mapped_column(Text)

    question_set: Mapped[QuestionSet] = relationship(back_populates="statements")
    positions: Mapped[list[Position]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="Position.party_id"
    )


class Position(Base):
    """A party's position on a statement (ståndpunkt); `value` NULL = no stated position."""

    __tablename__ = "position"
    __table_args__ = (
        UniqueConstraint("statement_id", "party_id"),
        CheckConstraint("value BETWEEN -2 AND 2", name="value"),
        # A stated position names its source; it quotes it unless it is a questionnaire answer.
        CheckConstraint("value IS NULL OR (source_id IS NOT NULL AND (quote IS NOT NULL OR "
                        "COALESCE(evidence_kind, '') = 'questionnaire'))", name="evidence"),
        CheckConstraint("evidence_kind IS NULL OR evidence_kind IN "
                        "('proposal', 'goal', 'description', 'questionnaire')",
                        name="evidence_kind"),
        CheckConstraint("review_status IN "
                        "('not_asked', 'pending', 'confirmed', 'objected', 'resolved')",
                        name="review_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: an editor's save names the row_version it started from.
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_document.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    # What kind of text backs the value (see EVIDENCE_KINDS) and the coder's internal reason.
    evidence_kind: Mapped[str | None] = mapped_column(String(16))
    rationale: Mapped[str | None] = mapped_column(Text)
    justification: Mapped[str | None] = mapped_column(Text)  # a questionnaire answer's own words
    answered: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD
    # The party review round: the party's verdict and the editors' public answer.
    review_status: Mapped[str] = mapped_column(String(16), default="not_asked",
                                               server_default="not_asked")
    review_comment: Mapped[str | None] = mapped_column(Text)
    review_counter_quote: Mapped[str | None] = mapped_column(Text)
    review_answer: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)

    statement: Mapped[Statement] = relationship(back_populates="positions")
    party: Mapped[Party] = relationship()
    source: Mapped[SourceDocument | None] = relationship()


class ReviewLink(Base):
    """A party's secret link to review its coded positions in one draft version.

    Only a hash of the token is stored; the editor sees the link once, to copy it.
    """

    __tablename__ = "review_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    question_set: Mapped[QuestionSet] = relationship()
    party: Mapped[Party] = relationship()


class Coding(Base):
    """One independent, blind coding of a version (kodning), behind its published agreement."""

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("question_set_id", "coder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    order: Mapped[int] = mapped_column(Integer)
    coder: Mapped[str] = mapped_column(String(200))

    question_set: Mapped[QuestionSet] = relationship(back_populates="codings")
    values: Mapped[list[CodingValue]] = relationship(
        back_populates="coding", cascade="all, delete-orphan", passive_deletes=True
    )


class CodingValue(Base):
    """A coding's value for one cell; `value` NULL = no stated position."""

    __tablename__ = "coding_value"
    __table_args__ = (
        UniqueConstraint("coding_id", "statement_id", "party_id"),
        CheckConstraint("value BETWEEN -2 AND 2", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None] = mapped_column(Integer)

    coding: Mapped[Coding] = relationship(back_populates="values")
    statement: Mapped[Statement] = relationship()
    party: Mapped[Party] = relationship()
