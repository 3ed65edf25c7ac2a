"""No input gives a 5xx (except 503): a property-based fuzz over every rule of the url_map.

Every rule × method is requested by three identities (anonymous, editor, admin) on SQLite
and PostgreSQL: first once with real values (the set, a class, its token and code), then
with Hypothesis-drawn path values, query strings, form bodies and JSON — including raw bytes
that are not UTF-8, huge integers and control characters. CSRF checks are off here so the
forms behind them are reached (test_admin_auth and test_classroom assert the 400 without a
token). Exceptions propagate (TESTING), so a crash fails with its traceback. The whole module
runs in about a minute on a quiet machine (FUZZ_EXAMPLES scales it).
"""

from __future__ import annotations

import os
import re
import urllib.parse

import pytest
import sqlalchemy as sa
from helpers import DEFAULT_SET, fresh_database, make_loaded_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_admin_support import make_user, sign_in

from compass import create_app
from compass.classroom import service
from compass.db import get_session
from compass.models import User

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
IDENTITIES = ("anonymous", "editor", "admin")
PARAMETER = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>")
FIELDS = ("s", "nr", "svar", "vikt", "lang", "next", "sedan", "p", "fran", "till", "sida",
          "version", "omgang", "pastaende", "kod", "code", "email", "password", "role",
          "active", "year", "row_version", "value", "quote", "source", "title", "slug",
          "key", "url", "text", "file", "csrf_token", "answers", "parties", "metric", "visa")

HUGE = ["9" * 12, "9" * 309, "9" * 5000, "2147483648", "-1", "0", "1e309", "nan", "inf"]
NASTY = ["", " ", "%", "%ff", "\x00", "\u202e", "../../etc/passwd", "<script>", "'\"", "∞",
         "a" * 3000, "javascript:alert(1)", "=1+1", "\r\nX-Header: 1", "０", "٣"]

text = st.one_of(st.sampled_from(HUGE + NASTY), st.text(max_size=40),
                 st.integers().map(str), st.text(alphabet="abcdefghij-0123", max_size=12))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """One app per backend with the default set, a class and an editor and an admin."""
    with fresh_database(request, request.param, tmp_path_factory.mktemp("fuzz")) as url:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "fuzz",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        make_loaded_app(app, DEFAULT_SET)
        with app.app_context():
            session = get_session()
            info, token = service.create_class(session, "trygghet", 1, None)
            session.commit()
        users = {"editor": make_user(app, "fuzz-editor@example.org", "editor"),
                 "admin": make_user(app, "fuzz-admin@example.org", "admin")}
        good = {"slug": "trygghet", "version": "1", "number": "1", "key": "m", "statement": "s1",
                "party": "m", "line": "1", "user_id": str(users["editor"]), "token": token,
                "code": info.code, "name": "partier.csv", "lang": "en", "filename": "css/site.css",
                "link_id": "1", "order": "0", "entry_id": "1"}
        yield app, users, good
        app.extensions["db_engine"].dispose()


def _routes(app):
    return sorted((rule.rule, method) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def _client(app, users, identity):
    client = app.test_client()
    if identity != "anonymous":
        # Drawn requests may switch accounts off or change roles: start each one as itself.
        with app.extensions["db_engine"].begin() as conn:
            conn.execute(sa.update(User).where(User.id == users[identity])
                         .values(active=True, role=identity))
        sign_in(client, users[identity], app)
    return client


def _path(rule: str, values: dict[str, str]) -> str:
    def fill(match):
        return urllib.parse.quote(values[match.group(2)], safe="")

    return PARAMETER.sub(fill, rule)


def _check(response, what):
    response.close()  # static files stay open otherwise
    assert response.status_code < 500 or response.status_code == 503, (
        what, response.status_code, response.get_data(as_text=True)[:300])


def test_every_route_with_real_values_answers_without_5xx(world):
    app, users, good = world
    for identity in IDENTITIES:
        for rule, method in _routes(app):
            client = _client(app, users, identity)
            response = client.open(_path(rule, good), method=method, data={})
            _check(response, (identity, method, rule))


@st.composite
def requests(draw, routes, good):
    """A request: a route, path values (real or drawn), a query string and a body."""
    rule, method = draw(st.sampled_from(routes))
    names = [m.group(2) for m in PARAMETER.finditer(rule)]
    values = {n: good.get(n, "x") if draw(st.integers(0, 3)) else draw(text) for n in names}
    path = _path(rule, values)
    raw_path = draw(st.booleans()) and draw(st.integers(0, 3)) == 0
    if raw_path:  # an undecodable byte in the path, as a raw HTTP client may send it
        path += draw(st.binary(min_size=1, max_size=4)).decode("latin-1")
    fields = draw(st.dictionaries(st.sampled_from(FIELDS), text, max_size=5))
    if draw(st.integers(0, 3)):
        query = urllib.parse.urlencode(fields)
    else:  # raw bytes, not necessarily UTF-8 or even well-formed
        query = draw(st.binary(max_size=30)).decode("latin-1")
    body = draw(st.one_of(
        st.just(None),
        st.dictionaries(st.sampled_from(FIELDS), text, max_size=6),
        st.binary(max_size=60),
        st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | text,
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(text, inner, max_size=4), max_leaves=8)
        .map(lambda value: ("json", value))))
    identity = draw(st.sampled_from(IDENTITIES))
    return identity, method, path, query, body


def _send(client, method, path, query, body):
    environ = {"PATH_INFO": path, "QUERY_STRING": query}
    if isinstance(body, tuple):
        return client.open("/", method=method, json=body[1], environ_overrides=environ)
    if isinstance(body, bytes):
        return client.open("/", method=method, data=body, environ_overrides=environ,
                           content_type="application/x-www-form-urlencoded")
    return client.open("/", method=method, data=body or {}, environ_overrides=environ)


def test_drawn_requests_never_get_a_5xx(world):
    app, users, good = world

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(requests(_routes(app), good))
    def run(request):
        identity, method, path, query, body = request
        _check(_send(_client(app, users, identity), method, path, query, body), request)

    run()
