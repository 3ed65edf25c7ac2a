"""Editor and admin accounts: password hashing, the user service, the Flask-Login loader.

Services take a `Session` and never commit. Passwords are hashed with scrypt (Werkzeug's
``generate_password_hash(method="scrypt")``, N=2**15, r=8, p=1) and must be at least
`MIN_PASSWORD_LENGTH` characters long.

Sessions end for good: the id in the session cookie is ``"<user id>.<session version>"``
(Flask-Login's alternative id), and logging out, a new password, a new role or deactivation
raise the user's session version, so every older cookie of that user stops opening the admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import User

ROLES = ("admin", "editor")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
HASH_METHOD = "scrypt"
# Checked against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and the response time does not tell which addresses have accounts.
_DUMMY_HASH = ("scrypt:32768:8:1$0000000000000000$"
               "0fe1f2b1c5a1a6a7a6e4d0a6b9e4c3d2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6"
               "b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4")


class AccountError(ValueError):
    """An account change that is refused; the message is shown to the user."""


@dataclass(frozen=True, eq=False)
class CurrentUser(UserMixin):
    """The signed-in user as Flask-Login sees it: plain values, never an ORM row."""

    id: int
    email: str
    role: str
    session_version: int = 1

    @property
    def is_admin(self) -> bool:
        """Whether the user may manage accounts."""
        return self.role == "admin"

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session cookie (it names the version)."""
        return session_id(self.id, self.session_version)


@dataclass(frozen=True)
class UserSummary:
    """A user as the user list shows it."""

    id: int
    email: str
    role: str
    active: bool
    created_at: dt.datetime | None


def session_id(user_id: int, version: int) -> str:
    """Return the session-cookie id of a user at a session version."""
    return f"{user_id}.{version}"


def end_sessions(user: User) -> None:
    """Make every existing session of `user` invalid (the caller commits)."""
    user.session_version = (user.session_version or 1) + 1


def normalise_email(email: str) -> str:
    """Return the e-mail address trimmed and lower-cased (addresses are compared like this)."""
    return (email or "").strip().lower()


def check_password_rules(password: str) -> None:
    """Raise `AccountError` unless `password` is long enough (and not absurdly long)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(_("Lösenordet måste ha minst %(n)d tecken.", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(_("Lösenordet får ha högst %(n)d tecken.", n=MAX_PASSWORD_LENGTH))


def hash_password(password: str) -> str:
    """Return the scrypt hash of a password that follows the rules."""
    check_password_rules(password)
    return generate_password_hash(password, method=HASH_METHOD)


def verify_password(password_hash: str, password: str) -> bool:
    """Return whether `password` matches `password_hash`."""
    if not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    return check_password_hash(password_hash, password)


def get_user(session: Session, user_id: int) -> User | None:
    """Return the user with `user_id`, or None."""
    return session.get(User, user_id)


def find_user(session: Session, email: str) -> User | None:
    """Return the user with `email` (any case), or None."""
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(session: Session, email: str, password: str, role: str) -> User:
    """Add a user; refuse duplicates, unknown roles and short passwords."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Ange en giltig e-postadress."))
    if role not in ROLES:
        raise AccountError(_("Okänd roll."))
    if find_user(session, email) is not None:
        raise AccountError(_("Det finns redan ett konto med den e-postadressen."))
    user = User(email=email, password_hash=hash_password(password), role=role, active=True)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None (never says which was wrong)."""
    user = find_user(session, email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def list_users(session: Session) -> list[UserSummary]:
    """Return every user, by e-mail."""
    return [UserSummary(u.id, u.email, u.role, u.active, u.created_at)
            for u in session.scalars(select(User).order_by(User.email))]


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(
        User.role == "admin", User.active.is_(True))) or 0


def update_user(session: Session, user: User, role: str, active: bool) -> None:
    """Change a user's role and whether it may sign in; never remove the last active admin."""
    if role not in ROLES:
        raise AccountError(_("Okänd roll."))
    losing_admin = user.role == "admin" and user.active and (role != "admin" or not active)
    if losing_admin and _active_admins(session) <= 1:
        raise AccountError(_("Det måste finnas minst en aktiv administratör."))
    if (role, active) != (user.role, user.active):
        end_sessions(user)  # the old cookies carried the old rights
    user.role, user.active = role, active
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a user's password."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    session.flush()


def as_current_user(user: User) -> CurrentUser:
    """Return the plain signed-in user for an ORM row."""
    return CurrentUser(id=user.id, email=user.email, role=user.role,
                       session_version=user.session_version)


def load_user(cookie_id: str) -> CurrentUser | None:
    """Flask-Login user loader: the active user of this session id, if the session is current."""
    from .db import get_session

    user_id, _dot, version = str(cookie_id).partition(".")
    if not (user_id.isdigit() and version.isdigit()) or len(cookie_id) > 40:
        return None
    user = get_user(get_session(), int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return as_current_user(user)


def init_login(manager: LoginManager, login_view: str) -> None:
    """Wire Flask-Login: where to sign in and how to load the user of a session."""
    manager.user_loader(load_user)
    manager.login_view = login_view
    manager.session_protection = "basic"
