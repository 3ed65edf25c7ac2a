"""Snapshots: the only answers any page or export of a class ever aggregates.

A differencing attack compares two views of a class (before and after one more student, or
the live dashboard from one refresh to the next) and reads one student's answers off the
difference. So views never aggregate live rows. A *picture* snapshot freezes the answer codes
of every counted student, and a new one is taken only once at least k (`MIN_STUDENTS`) more
students have come to count since the last: two views differ by k students or not at all.
In a teacher-paced lesson a *reveal* snapshot freezes the answers to one statement when the
teacher reveals it; it is taken once and never changes.

Fake students are the other attack: a script that joins k − 1 devices with known answers
and waits for one real student learns that student's answers from the first picture. So no
picture exists before the teacher *releases* it, which the teacher does once the room has
answered (the control page shows how many devices joined, to compare with the heads in the
room); after that the fakes would have to be timed into a step of k without seeing how many
students are pending, and still would not learn whose answers they got.

Taking a snapshot reads and marks other students' rows, so every answer first locks its
class row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers anyway): answers
of one class queue behind each other for a few milliseconds and can never deadlock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..models import ClassResponse, ClassSession, ClassSnapshot
from ..setview import SetView
from .aggregates import (
    MIN_STUDENTS,
    ClassAggregates,
    StudentAnswers,
    compute,
    counts,
    most_divisive,
    reveal_stats,
)
from .service import ClassInfo, StoredAnswers, class_counts, lock_class, record_answer

PICTURE = "picture"
REVEAL = "reveal"
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Picture:
    """The latest picture snapshot of a class: its number (0 = none yet) and its students."""

    number: int
    students: tuple[StudentAnswers, ...]


def pending(session: Session, info: ClassInfo) -> int:
    """How many students count but are in no picture snapshot yet."""
    return session.scalar(select(func.count()).select_from(ClassResponse).where(
        ClassResponse.class_session_id == info.id, ClassResponse.counted.is_(True),
        ClassResponse.snapshot_no.is_(None))) or 0


def take_picture_if_due(session: Session, info: ClassInfo, k: int = MIN_STUDENTS) -> int | None:
    """Take a new picture snapshot when at least `k` students are pending; return its number.

    Nothing is taken before the teacher has released the picture. The caller holds the class
    lock (`lock_class`).
    """
    if not info.released or pending(session, info) < k:
        return None
    number = (session.scalar(select(func.max(ClassSnapshot.number)).where(
        ClassSnapshot.class_session_id == info.id, ClassSnapshot.kind == PICTURE)) or 0) + 1
    codes = sorted(session.scalars(select(ClassResponse.answers).where(
        ClassResponse.class_session_id == info.id, ClassResponse.counted.is_(True))))
    session.execute(insert(ClassSnapshot).values(
        class_session_id=info.id, kind=PICTURE, number=number, students=len(codes),
        codes=_SEPARATOR.join(codes)))
    session.execute(update(ClassResponse).where(
        ClassResponse.class_session_id == info.id, ClassResponse.counted.is_(True),
        ClassResponse.snapshot_no.is_(None)).values(snapshot_no=number))
    return number


def store_answer(session: Session, info: ClassInfo, device: str, index: int, char: str,
                 n_statements: int, levels: int) -> StoredAnswers:
    """Store one answer, keep the device's counted mark, and take a snapshot when due."""
    lock_class(session, info)
    stored = record_answer(session, info, device, index, char, n_statements)
    now_counts = counts(stored.code, n_statements, levels)
    if now_counts != stored.counted:
        set_counted(session, info, device, now_counts)
    if now_counts and stored.snapshot_no is None:
        take_picture_if_due(session, info)
    return stored


def release_picture(session: Session, info: ClassInfo) -> ClassInfo:
    """The teacher shows the class picture: from now on snapshots are taken (first one now)."""
    lock_class(session, info)
    session.execute(update(ClassSession).where(ClassSession.id == info.id).values(released=True))
    released = replace(info, released=True)
    take_picture_if_due(session, released)
    return released


def set_counted(session: Session, info: ClassInfo, device: str, counted: bool) -> None:
    """Record whether this device now counts toward the class picture."""
    session.execute(update(ClassResponse).where(
        ClassResponse.class_session_id == info.id,
        ClassResponse.device_token_hash == device).values(counted=counted))


def latest_picture(session: Session, info: ClassInfo) -> Picture:
    """The newest picture snapshot of the class (number 0 and nobody before the first)."""
    found = session.execute(select(ClassSnapshot.number, ClassSnapshot.codes).where(
        ClassSnapshot.class_session_id == info.id, ClassSnapshot.kind == PICTURE)
        .order_by(ClassSnapshot.number.desc()).limit(1)).first()
    if found is None:
        return Picture(number=0, students=())
    codes = found.codes.split(_SEPARATOR) if found.codes else []
    return Picture(number=found.number, students=tuple(
        StudentAnswers(code=code, finished="." not in code) for code in codes))


def reveal(session: Session, info: ClassInfo, number: int) -> bool:
    """Freeze the answers to statement `number` (1-based) as its reveal; False if done before.

    The caller holds the class lock (`lock_class`).
    """
    exists = session.scalar(select(ClassSnapshot.id).where(
        ClassSnapshot.class_session_id == info.id, ClassSnapshot.kind == REVEAL,
        ClassSnapshot.number == number))
    if exists is not None:
        return False
    chars = sorted(code[number - 1] for code in session.scalars(
        select(ClassResponse.answers).where(ClassResponse.class_session_id == info.id))
        if len(code) >= number and code[number - 1] != ".")
    session.execute(insert(ClassSnapshot).values(
        class_session_id=info.id, kind=REVEAL, number=number, students=len(chars),
        codes="".join(chars)))
    return True


def reveals(session: Session, info: ClassInfo) -> dict[int, str]:
    """The frozen answers per revealed statement number: one character per student."""
    return dict(session.execute(select(ClassSnapshot.number, ClassSnapshot.codes).where(
        ClassSnapshot.class_session_id == info.id, ClassSnapshot.kind == REVEAL)).all())


def class_aggregates(session: Session, info: ClassInfo, view: SetView) -> ClassAggregates:
    """The class picture as every page and export shows it: from snapshots only.

    Joined and finished are live counts of devices (no answers in them); everything else is
    the latest picture snapshot, and in a paced lesson the statements' distributions are
    their reveal snapshots.
    """
    picture = latest_picture(session, info)
    aggregates = compute(view, picture.students)
    if info.paced:
        statements = reveal_stats(view, reveals(session, info))
        aggregates = replace(aggregates, statements=statements,
                             divisive=most_divisive(statements))
    joined, finished = class_counts(session, info)
    return replace(aggregates, joined=joined, finished=finished, snapshot=picture.number)
