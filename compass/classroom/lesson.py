"""Teacher-paced lessons: the teacher opens one statement at a time and reveals it.

Functions take a `Session` and never commit. Revealing freezes the class's answers to the
open statement (a reveal snapshot, see `snapshots`); the phones answer only the open one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import ClassResponse, ClassSession
from . import snapshots
from .service import ClassInfo, ClassroomError, lock_class


def open_next(session: Session, info: ClassInfo, n_statements: int,
              seconds: int | None = None) -> int:
    """Open the next statement to the class (with an optional timer); return its number."""
    if not info.paced or not info.is_open:
        raise ClassroomError("only an open paced class moves on")
    number = (info.current or 0) + 1
    if number > n_statements:
        raise ClassroomError("no statement left")
    ends = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)) if seconds else None
    lock_class(session, info)
    session.execute(update(ClassSession).where(ClassSession.id == info.id)
                    .values(current=number, timer_ends_at=ends))
    return number


def reveal_current(session: Session, info: ClassInfo) -> bool:
    """Freeze and reveal the answers to the open statement; False if already revealed."""
    if not info.paced or not info.current:
        raise ClassroomError("nothing to reveal")
    lock_class(session, info)
    return snapshots.reveal(session, info, info.current)


def answered_current(session: Session, info: ClassInfo) -> int:
    """How many students have answered (or skipped) the open statement: a count, no answers."""
    if not info.current:
        return 0
    char = func.substr(ClassResponse.answers, info.current, 1)
    return session.scalar(select(func.count()).select_from(ClassResponse).where(
        ClassResponse.class_session_id == info.id, char != ".")) or 0
