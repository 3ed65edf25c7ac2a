"""Class sessions in the database: create, find, answer, close, delete, purge.

Functions take a `Session` and never commit; the views own the transaction. Secrets are
stored only as SHA-256 hashes: the teacher token, and each device token salted with the class
id, so the same device cannot be linked across classes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import String, delete, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..answers import SKIPPED, UNANSWERED, Answer, encode
from ..models import ClassResponse, ClassSession, QuestionSet
from ..setview import SetView, get_view
from .aggregates import ClassAggregates, StudentAnswers, compute

# Six characters from 22 that cannot be mistaken for each other on a projector or when
# typed: none of O/Q/D/0, I/L/1, S/5, Z/2, B/8, G (6 stays). 22**6 ≈ 1.1e8 codes.
CODE_ALPHABET = "ACEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6
CODE_ATTEMPTS = 20
TOKEN_BYTES = 32
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
    statement_keys: tuple[str, ...] | None
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        """Whether students can still answer."""
        return self.status == "open"

    def deleted_after(self, days: int) -> dt.datetime:
        """When the retention purge removes this class."""
        return self.created_at + dt.timedelta(days=days)


@dataclass(frozen=True)
class StudentState:
    """One device's stored answers in a class."""

    code: str
    finished: bool


def new_code() -> str:
    """Return a random join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """Upper-case a typed code and drop spaces and dashes ("ack 34m" → "ACK34M")."""
    return "".join((raw or "").split()).replace("-", "").upper()


def looks_like_code(code: str) -> bool:
    """Whether `code` could be a join code at all (saves a query for typos)."""
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def hash_secret(secret: str) -> str:
    """SHA-256 hex digest of a secret token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def device_hash(class_id: int, device_token: str) -> str:
    """The stored identity of a device in one class."""
    return hash_secret(f"{class_id}:{device_token}")


def new_device_token() -> str:
    """A random per-device token for the student cookie."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def create_class(session: Session, slug: str, version: int,
                 statement_keys: list[str] | None = None) -> tuple[ClassInfo, str]:
    """Open a class on a published set version; return it and the teacher token (shown once)."""
    row = session.scalar(select(QuestionSet).where(
        QuestionSet.slug == slug, QuestionSet.version == version,
        QuestionSet.status == "published"))
    if row is None:
        raise ClassroomError(f"no published question set {slug} version {version}")
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
        token = secrets.token_urlsafe(TOKEN_BYTES)
        class_session = ClassSession(code=new_code(), teacher_token_hash=hash_secret(token),
                                     question_set_id=row.id, statement_keys=keys,
                                     status="open")
        try:
            with session.begin_nested():
                session.add(class_session)
                session.flush()
        except IntegrityError:  # the code is taken: draw another
            continue
        session.refresh(class_session)
        return _info(class_session, row), token
    raise ClassroomError("could not draw a free join code")


def _info(cs: ClassSession, qs: QuestionSet) -> ClassInfo:
    return ClassInfo(id=cs.id, code=cs.code, status=cs.status, slug=qs.slug, version=qs.version,
                     title=qs.title, created_at=_aware(cs.created_at),
                     statement_keys=tuple(cs.statement_keys.split(","))
                     if cs.statement_keys else None,
                     closed_at=_aware(cs.closed_at) if cs.closed_at else None)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive UTC timestamps; PostgreSQL aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _find(session: Session, *condition) -> ClassInfo | None:
    found = session.execute(select(ClassSession, QuestionSet)
                            .join(QuestionSet, ClassSession.question_set_id == QuestionSet.id)
                            .where(*condition)).first()
    return _info(*found) if found else None


def find_by_code(session: Session, code: str) -> ClassInfo | None:
    """The class with this join code, or None."""
    code = normalise_code(code)
    return _find(session, ClassSession.code == code) if looks_like_code(code) else None


def find_by_token(session: Session, token: str) -> ClassInfo | None:
    """The class whose teacher token this is, or None."""
    if not token or len(token) > 200:
        return None
    return _find(session, ClassSession.teacher_token_hash == hash_secret(token))


def class_view(session: Session, info: ClassInfo) -> SetView:
    """The pinned set version, narrowed to the class's statements (renumbered from 0)."""
    view = get_view(session, info.slug, info.version, published_only=False)
    if view is None:
        raise LookupError(f"{info.slug} version {info.version} is gone")
    return subset(view, info.statement_keys)


def subset(view: SetView, keys: tuple[str, ...] | None) -> SetView:
    """`view` with only the statements named by `keys` (set order); all when None."""
    if not keys:
        return view
    wanted = set(keys)
    index = [j for j, st in enumerate(view.statements) if st.key in wanted]
    positions = view.positions[:, index]
    positions.setflags(write=False)
    statements = tuple(replace(view.statements[j], index=k) for k, j in enumerate(index))
    return replace(view, statements=statements, positions=positions)


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(f"upsert on {dialect}")
    return insert


def join(session: Session, info: ClassInfo, device: str, n_statements: int) -> None:
    """Add a device to a class; joining twice (two tabs, a retry) changes nothing."""
    insert = _insert(session)
    session.execute(insert(ClassResponse).values(
        class_session_id=info.id, device_token_hash=device, answers=UNANSWERED * n_statements,
        finished=False).on_conflict_do_nothing(
        index_elements=["class_session_id", "device_token_hash"]))


def record_answer(session: Session, info: ClassInfo, device: str, index: int, char: str,
                  n_statements: int) -> None:
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
    session.execute(statement.on_conflict_do_update(
        index_elements=["class_session_id", "device_token_hash"],
        set_={"answers": merged, "finished": merged.not_like(f"%{UNANSWERED}%"),
              "updated_at": func.now()}))


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


def class_aggregates(session: Session, info: ClassInfo, view: SetView) -> ClassAggregates:
    """The class picture of `info` (see `aggregates.compute` for the anonymity rule)."""
    return compute(view, class_answers(session, info))


def close_class(session: Session, info: ClassInfo) -> None:
    """Stop accepting answers."""
    session.execute(update(ClassSession).where(
        ClassSession.id == info.id, ClassSession.status == "open")
        .values(status="closed", closed_at=func.now()))


def delete_class(session: Session, info: ClassInfo) -> None:
    """Remove a class and every answer in it."""
    session.execute(delete(ClassResponse).where(ClassResponse.class_session_id == info.id))
    session.execute(delete(ClassSession).where(ClassSession.id == info.id))


def purge_expired(session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Delete classes created more than `days` days ago, with their answers; return how many."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    expired = select(ClassSession.id).where(ClassSession.created_at < cutoff)
    session.execute(delete(ClassResponse).where(ClassResponse.class_session_id.in_(expired)))
    return session.execute(delete(ClassSession).where(ClassSession.created_at < cutoff)).rowcount


def answer_char(choice: str, weight: float, levels: int) -> str:
    """The answer-code character of a form answer ("hoppa" = skip); ValueError if invalid."""
    if choice == "hoppa":
        return SKIPPED
    try:
        return encode((Answer(value=int(choice), weight=weight, answered=True),), levels)
    except KeyError as exc:
        raise ValueError(f"weight {weight} is not offered") from exc
