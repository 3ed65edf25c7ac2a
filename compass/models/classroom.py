"""Classroom sessions: the class, its students' anonymous answers, its frozen snapshots."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .sets import QuestionSet


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
