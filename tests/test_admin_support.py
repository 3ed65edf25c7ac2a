"""Small helpers for the admin tests (this module holds no tests of its own).

CSRF protection stays on: POSTs carry a token read from a rendered form, exactly like a
browser. Users are stored with a password hash computed once per test session (scrypt costs
about 0.2 s per hash), and most tests sign in by putting the user id in the session cookie;
the login form itself is tested in test_admin_auth.py.
"""

from __future__ import annotations

import functools
import re

import sqlalchemy as sa
from helpers import make_loaded_app

from compass.models import QuestionSet, User

PASSWORD = "rätt häst batteri häftklammer"
EXEMPEL_DIR = "questionsets/valid"
_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@functools.cache
def password_hash() -> str:
    """The scrypt hash of `PASSWORD`, computed once."""
    from compass.accounts import hash_password

    return hash_password(PASSWORD)


def make_user(app, email: str = "redaktor@example.org", role: str = "editor",
              active: bool = True) -> int:
    """Store a user whose password is `PASSWORD`; return its id."""
    with app.extensions["db_engine"].begin() as conn:
        return conn.execute(sa.insert(User).values(
            email=email, password_hash=password_hash(), role=role, active=active)
            .returning(User.id)).scalar_one()


def sign_in(client, user_id: int, app=None) -> None:
    """Sign `client` in as the user, the way Flask-Login keeps it in the session
    (with the user's current session version, read from `app`'s database if given)."""
    from compass.accounts import session_id

    version = 1
    if app is not None:
        with app.extensions["db_engine"].connect() as conn:
            version = conn.execute(sa.select(User.session_version)
                                   .where(User.id == user_id)).scalar_one()
    with client.session_transaction() as session:
        session["_user_id"] = session_id(user_id, version)
        session["_fresh"] = True
    client.csrf = None


def editor_client(app, role: str = "editor"):
    """Return a test client signed in as a new user with `role`."""
    client = app.test_client()
    sign_in(client, make_user(app, f"{role}@example.org", role))
    return client


def token_from(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    found = _TOKEN.search(html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def csrf(client, url: str = "/admin/login") -> str:
    """Return a CSRF token valid for the client's session (cached on the client)."""
    if getattr(client, "csrf", None) is None:
        client.csrf = token_from(client.get(url).get_data(as_text=True))
    return client.csrf


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token."""
    token_page = "/admin/" if _signed_in(client) else "/admin/login"
    return client.post(url, data={"csrf_token": csrf(client, token_page), **(data or {})},
                       **kwargs)


def _signed_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the login form; return the response."""
    client.csrf = None
    response = client.post("/admin/login", data={
        "csrf_token": csrf(client), "email": email, "password": password})
    client.csrf = None  # the session is renewed at login
    return response


def load_exempel(app):
    """Load the small example set (2 statements, 2 parties) as published version 1."""
    from helpers import VALID

    return make_loaded_app(app, VALID / "exempel.yaml")


def load_trygghet(app):
    """Load the default set (trygghet, 36 statements, 5 parties) as published version 1."""
    from helpers import DEFAULT_SET

    return make_loaded_app(app, DEFAULT_SET)


def new_draft(client, slug: str) -> int:
    """Create a draft from the newest published version; return its version number."""
    response = post(client, f"/admin/{slug}/nytt-utkast")
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/v(\d+)/$", response.headers["Location"]).group(1))


def set_row(app, slug: str, version: int) -> dict:
    """Return the stored columns of one version (status, content hash …)."""
    with app.extensions["db_engine"].connect() as conn:
        row = conn.execute(sa.select(QuestionSet).where(
            QuestionSet.slug == slug, QuestionSet.version == version)).mappings().first()
    return dict(row) if row else {}


def definition(app, slug: str, version: int):
    """Return a stored version as a `QuestionSetDef`."""
    from compass import catalog

    with app.app_context():
        from compass.db import get_session

        return catalog.to_definition(catalog.get_set(get_session(), slug, version,
                                                     published_only=False))
