"""The SQLAlchemy engine of an app and one session per request."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

# What an unreachable or overloaded database raises; the app answers 503 with Retry-After.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER = "5"  # seconds
CONNECT_TIMEOUT = 5  # seconds: an unreachable server fails fast instead of hanging workers


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for `url`; SQLite gets enforced foreign keys and secure deletes."""
    server = not url.startswith("sqlite")
    engine = create_engine(url, echo=echo, pool_pre_ping=server,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT} if server else {})
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # Deleted rows (a purged class's answers) are overwritten, not left in free pages.
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

    return engine


@dataclass(frozen=True)
class LazySession:
    """This request's session, opened only when called: for lookups that are usually
    answered from a cache (a published set version), so a hit opens no session at all.

    `database` names the database the way `database_key` does for an open session.
    """

    database: str

    def __call__(self) -> Session:
        return get_session()


def database_key(session: Session) -> str:
    """The name a cache keeps per database under (the same as `LazySession.database`)."""
    return str(session.get_bind().url)


def init_app(app: Flask) -> None:
    """Bind an engine and a session factory to `app` and close sessions after each request."""
    engine = make_engine(app.config["DATABASE_URL"], app.config.get("SQLALCHEMY_ECHO", False))
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.extensions["db_lazy_session"] = LazySession(str(engine.url))
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    """Return this request's (or app context's) session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def lazy_session() -> LazySession:
    """This request's session as a `LazySession` (opened on first call)."""
    return current_app.extensions["db_lazy_session"]


def get_engine() -> Engine:
    """Return the engine of the current app."""
    return current_app.extensions["db_engine"]


def close_session(_exc: BaseException | None = None) -> None:
    """Roll back anything uncommitted and close the session of this context."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
