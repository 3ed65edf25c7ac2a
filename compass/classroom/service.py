"""Class sessions in the database: create, find, answer, close, delete, purge.

Functions take a `Session` and never commit; the views own the transaction. See `tokens` for
how codes and secrets are drawn and stored (hashes only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, String, delete, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..answers import SKIPPED, UNANSWERED, Answer, encode
from ..models import ClassResponse, ClassSession, ClassSnapshot, QuestionSet
from ..setview import SetView
from . import classview
from .aggregates import StudentAnswers
from .tokens import device_hash, hash_secret, looks_like_code, new_code, new_token, normalise_code

CODE_ATTEMPTS = 20
MIN_SUBSET = 3


class ClassroomError(ValueError):
    """A class session cannot be created as asked."""


@dataclass(frozen=True)
class ClassInfo:
    """A class session as the pages see it (no secrets)."""

    id: int
    code: str
    status: str
    slug: str
    version: int
    title: str
    content_hash: str
    statement_keys: tuple[str, ...] | None
    created_at: dt.datetime
    closed_at: dt.datetime | None
    mode: str = "free"
    released: bool = False
    current: int | None = None
    timer_ends_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether students can still answer."""
        return self.status == "open"

    @property
    def paced(self) -> bool:
        """Whether the teacher opens the statements one at a time."""
        return self.mode == "paced"

    def deleted_after(self, days: int) -> dt.datetime:
        """When the retention purge removes this class."""
        return self.created_at + dt.timedelta(days=days)


@dataclass(frozen=True)
class StudentState:
    """One device's stored answers in a class."""

    code: str
    finished: bool


def create_class(session: Session, slug: str, version: int,
                 statement_keys: list[str] | None = None,
                 mode: str = "free") -> tuple[ClassInfo, str]:
    """Open a class on a published set version; return it and the teacher token (shown once)."""
    row = session.scalar(select(QuestionSet).where(
        QuestionSet.slug == slug, QuestionSet.version == version,
        QuestionSet.status == "published"))
    if row is None:
        raise ClassroomError(f"no published question set {slug} version {version}")
    if mode not in ("free", "paced"):
        raise ClassroomError(f"unknown mode {mode}")
    keys = None
    if statement_keys:
        known = [st.key for st in row.statements]
        unknown = set(statement_keys) - set(known)
        if unknown:
            raise ClassroomError(f"unknown statements: {', '.join(sorted(unknown))}")
        chosen = [k for k in known if k in set(statement_keys)]
        if len(chosen) < MIN_SUBSET:
            raise ClassroomError(f"choose at least {MIN_SUBSET} statements")
        keys = None if len(chosen) == len(known) else ",".join(chosen)
    for _attempt in range(CODE_ATTEMPTS):
        token = new_token()
        class_session = ClassSession(code=new_code(), teacher_token_hash=hash_secret(token),
                                     question_set_id=row.id, statement_keys=keys,
                                     status="open", mode=mode)
        try:
            with session.begin_nested():
                session.add(class_session)
                session.flush()
        except IntegrityError:  # the code is taken: draw another
            continue
        return find_by_code(session, class_session.code), token
    raise ClassroomError("could not draw a free join code")


_INFO_COLUMNS = (ClassSession.id, ClassSession.code, ClassSession.status,
                 ClassSession.statement_keys, ClassSession.created_at, ClassSession.closed_at,
                 ClassSession.mode, ClassSession.released, ClassSession.current,
                 ClassSession.timer_ends_at,
                 QuestionSet.slug, QuestionSet.version, QuestionSet.title,
                 QuestionSet.content_hash)


def _classes():
    return select(*_INFO_COLUMNS).join(QuestionSet,
                                       ClassSession.question_set_id == QuestionSet.id)


def _info(row) -> ClassInfo:
    return ClassInfo(id=row.id, code=row.code, status=row.status, slug=row.slug,
                     version=row.version, title=row.title, content_hash=row.content_hash,
                     statement_keys=tuple(row.statement_keys.split(","))
                     if row.statement_keys else None,
                     created_at=_aware(row.created_at),
                     closed_at=_aware(row.closed_at) if row.closed_at else None,
                     mode=row.mode, released=row.released, current=row.current,
                     timer_ends_at=_aware(row.timer_ends_at) if row.timer_ends_at else None)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive UTC timestamps; PostgreSQL aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def find_by_code(session: Session, code: str) -> ClassInfo | None:
    """The class with this join code, or None."""
    code = normalise_code(code)
    if not looks_like_code(code):
        return None
    found = session.execute(_classes().where(ClassSession.code == code)).first()
    return _info(found) if found else None


def find_for_device(session: Session, code: str,
                    device_token: str | None) -> tuple[ClassInfo | None, StudentState | None]:
    """The class with this code and this device's answers in it, in one query."""
    code = normalise_code(code)
    if not looks_like_code(code):
        return None, None
    if device_token is None:
        return find_by_code(session, code), None
    found = session.execute(
        _classes().add_columns(ClassResponse.answers, ClassResponse.finished)
        .outerjoin(ClassResponse, (ClassResponse.class_session_id == ClassSession.id)
                   & (ClassResponse.device_token_hash == device_hash(code, device_token)))
        .where(ClassSession.code == code)).first()
    if found is None:
        return None, None
    state = (StudentState(code=found.answers, finished=found.finished)
             if found.answers is not None else None)
    return _info(found), state


def find_by_token(session: Session, token: str) -> ClassInfo | None:
    """The class whose teacher token this is, or None."""
    if not token or len(token) > 200:
        return None
    found = session.execute(_classes().where(
        ClassSession.teacher_token_hash == hash_secret(token))).first()
    return _info(found) if found else None


def class_view(session: Session, info: ClassInfo, locale: str = "sv") -> SetView:
    """The class's statement list in `locale`: its pinned version, narrowed to its
    statements."""
    return classview.class_view(session, info.slug, info.version, info.content_hash,
                                info.statement_keys, locale)


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported databases
        raise RuntimeError(f"class answers are stored on PostgreSQL or SQLite, not {dialect}")
    return insert


def join(session: Session, info: ClassInfo, device: str, n_statements: int) -> None:
    """Add a device (its hash) to a class; joining twice (two tabs, a retry) changes nothing."""
    insert = _insert(session)
    session.execute(insert(ClassResponse).values(
        class_session_id=info.id, device_token_hash=device, answers=UNANSWERED * n_statements,
        finished=False).on_conflict_do_nothing(
        index_elements=["class_session_id", "device_token_hash"]))


@dataclass(frozen=True)
class StoredAnswers:
    """A device's row right after an answer: its code, and its counted/snapshot marks."""

    code: str
    counted: bool
    snapshot_no: int | None


def record_answer(session: Session, info: ClassInfo, device: str, index: int, char: str,
                  n_statements: int) -> StoredAnswers:
    """Store one answer character for statement `index` as one atomic upsert.

    The row's code is edited in SQL, not read-modified-written here, so two tabs answering
    different statements at once cannot undo each other, and a repeated POST is harmless.
    """
    if not 0 <= index < n_statements or len(char) != 1:
        raise ClassroomError("answer out of range")
    table = ClassResponse.__table__
    fresh = UNANSWERED * index + char + UNANSWERED * (n_statements - index - 1)
    merged = (func.substr(table.c.answers, 1, index, type_=String)
              + literal(char, String)
              + func.substr(table.c.answers, index + 2, type_=String))
    insert = _insert(session)
    statement = insert(ClassResponse).values(
        class_session_id=info.id, device_token_hash=device, answers=fresh,
        finished=UNANSWERED not in fresh)
    row = session.execute(statement.on_conflict_do_update(
        index_elements=["class_session_id", "device_token_hash"],
        set_={"answers": merged, "finished": merged.not_like(f"%{UNANSWERED}%"),
              "updated_at": func.now()}).returning(
        ClassResponse.answers, ClassResponse.counted, ClassResponse.snapshot_no)).one()
    return StoredAnswers(code=row.answers, counted=row.counted, snapshot_no=row.snapshot_no)


def answer_char(choice: str, weight: float, levels: int) -> str:
    """The answer-code character of a form answer ("hoppa" = skip); ValueError if invalid."""
    if choice == "hoppa":
        return SKIPPED
    try:
        return encode((Answer(value=int(choice), weight=weight, answered=True),), levels)
    except KeyError as exc:
        raise ValueError(f"weight {weight} is not offered") from exc


def student_state(session: Session, info: ClassInfo, device: str) -> StudentState | None:
    """This device's answers in the class, or None if it has not joined."""
    found = session.execute(select(ClassResponse.answers, ClassResponse.finished).where(
        ClassResponse.class_session_id == info.id,
        ClassResponse.device_token_hash == device)).first()
    return StudentState(code=found.answers, finished=found.finished) if found else None


def class_answers(session: Session, info: ClassInfo) -> list[StudentAnswers]:
    """Every student's answers, in an order that says nothing about who joined when."""
    rows = session.execute(select(ClassResponse.answers, ClassResponse.finished)
                           .where(ClassResponse.class_session_id == info.id)
                           .order_by(ClassResponse.device_token_hash)).all()
    return [StudentAnswers(code=r.answers, finished=r.finished) for r in rows]


def class_counts(session: Session, info: ClassInfo) -> tuple[int, int]:
    """How many devices have joined the class and how many have reached the end."""
    row = session.execute(select(func.count(), func.count().filter(ClassResponse.finished))
                          .where(ClassResponse.class_session_id == info.id)).one()
    return int(row[0]), int(row[1])


def lock_class(session: Session, info: ClassInfo) -> None:
    """Hold the class row until commit (`SELECT … FOR UPDATE`; SQLite serialises writers).

    Everything that writes a class's rows takes this lock first, so writers of one class
    queue in one order and never deadlock (see `snapshots`).
    """
    session.execute(select(ClassSession.id).where(ClassSession.id == info.id)
                    .with_for_update())


def close_class(session: Session, info: ClassInfo) -> None:
    """Stop accepting answers."""
    lock_class(session, info)
    session.execute(update(ClassSession).where(
        ClassSession.id == info.id, ClassSession.status == "open")
        .values(status="closed", closed_at=func.now()))


def reopen_class(session: Session, info: ClassInfo) -> None:
    """Take answers again (the retention clock keeps running from the creation)."""
    lock_class(session, info)
    session.execute(update(ClassSession).where(
        ClassSession.id == info.id, ClassSession.status == "closed")
        .values(status="open", closed_at=None))


def delete_class(session: Session, info: ClassInfo) -> None:
    """Remove a class and every answer in it."""
    lock_class(session, info)
    session.execute(delete(ClassSnapshot).where(ClassSnapshot.class_session_id == info.id))
    session.execute(delete(ClassResponse).where(ClassResponse.class_session_id == info.id))
    session.execute(delete(ClassSession).where(ClassSession.id == info.id))


def purge_expired(session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Delete classes created more than `days` days ago, with their answers; return how many."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    expired = select(ClassSession.id).where(ClassSession.created_at < cutoff)
    session.execute(delete(ClassSnapshot).where(ClassSnapshot.class_session_id.in_(expired)))
    session.execute(delete(ClassResponse).where(ClassResponse.class_session_id.in_(expired)))
    return session.execute(delete(ClassSession).where(ClassSession.created_at < cutoff)).rowcount


CLASS_TABLES = ("class_snapshot", "class_response", "class_session")


def vacuum_class_tables(engine: Engine) -> None:
    """After a purge on PostgreSQL, VACUUM the class tables so the dead rows' space is reused.

    A plain VACUUM marks the deleted tuples' space free at once instead of whenever autovacuum
    gets to it (it only reclaims in place; the bytes go when the pages are rewritten). SQLite
    needs nothing here: `secure_delete` zeroes deleted content as it goes (see `db`).
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in CLASS_TABLES:
            conn.exec_driver_sql(f"VACUUM {table}")
