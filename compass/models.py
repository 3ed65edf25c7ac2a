"""SQLAlchemy 2.0 models: data only, no Flask, no commits, no I/O.

A `QuestionSet` row is one *version* of a question set: `(slug, version)` is unique and a
published row is never changed again, so a shared result link can always name the exact
texts and positions it was computed from.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .questionsets import limits

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SET_STATUSES = ("draft", "published")
MISSING_POLICIES = ("neutral", "exclude", "penalize")
DIRECTIONS = ("more", "less")
EVIDENCE_KINDS = ("proposal", "goal", "description", "questionnaire")
REVIEW_STATUSES = ("not_asked", "pending", "confirmed", "objected", "resolved")
ACTOR_NOUNS = ("partier", "aktörer")


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING)


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


class ClassSession(Base):
    """A class session (klassrum): students join with `code`; the teacher holds a secret link.

    Only a hash of the teacher token is stored, so a database leak does not open dashboards.
    The session pins one question-set *version*; `statement_keys` optionally narrows it.
    """

    __tablename__ = "class_session"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("mode IN ('free', 'paced')", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    teacher_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="RESTRICT"), index=True
    )
    statement_keys: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Teacher-paced lessons: the statement open to the class (None before the first) and
    # when its optional timer runs out.
    mode: Mapped[str] = mapped_column(String(8), default="free", server_default="free")
    current: Mapped[int | None] = mapped_column(Integer)
    timer_ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # No class picture is taken before the teacher releases it (when the room has answered).
    released: Mapped[bool] = mapped_column(default=False, server_default=false())

    question_set: Mapped[QuestionSet] = relationship()
    responses: Mapped[list[ClassResponse]] = relationship(
        back_populates="class_session", cascade="all, delete-orphan", passive_deletes=True
    )


class ClassResponse(Base):
    """One student's anonymous answers in a class: a per-device token hash and an answer code."""

    __tablename__ = "class_response"
    __table_args__ = (UniqueConstraint("class_session_id", "device_token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_session_id: Mapped[int] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE"), index=True
    )
    device_token_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[str] = mapped_column(String(400))
    finished: Mapped[bool] = mapped_column(default=False)
    # Whether the student counts toward the class picture, and the picture snapshot that
    # first included them (None: counted since the last snapshot, or not at all).
    counted: Mapped[bool] = mapped_column(default=False, server_default=false())
    snapshot_no: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    class_session: Mapped[ClassSession] = relationship(back_populates="responses")


class ClassSnapshot(Base):
    """A frozen view of a class's answers: everything a page or export shows comes from one.

    `kind` "picture": the answer codes of every counted student when at least k more had come
    to count (`number` runs 1, 2, …). `kind` "reveal": the answers to statement `number` when
    the teacher of a paced lesson revealed it, one character per student. Codes are sorted,
    so their order says nothing about who joined or answered when.
    """

    __tablename__ = "class_snapshot"
    __table_args__ = (
        UniqueConstraint("class_session_id", "kind", "number"),
        CheckConstraint("kind IN ('picture', 'reveal')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_session_id: Mapped[int] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    students: Mapped[int] = mapped_column(Integer)
    codes: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class User(Base):
    """An editor or admin of question sets (voters and students never have accounts)."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('admin', 'editor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the id in the session cookie: raising it ends every session of the user.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AuditEntry(Base):
    """Who changed what in a question set, and when, with the values before and after (JSON)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_slug: Mapped[str] = mapped_column(String(limits.KEY), index=True)
    question_set_version: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship()


class KeptForm(Base):
    """What an editor posted in a form that could not be saved (an expired login or form
    token, a version published meanwhile, a body over the limit), until it is shown again.

    `data` is JSON: the posted fields as [name, value] pairs (never passwords or files) and
    why they were kept. The browser's session holds the token.
    """

    __tablename__ = "kept_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(String(1000))
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
