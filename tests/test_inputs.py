"""Input that used to end in a 500, or was cut silently: bad bytes, huge integers, big bodies."""

from __future__ import annotations

import http.client
import json
import urllib.parse

import pytest
from helpers import DEFAULT_SET, make_loaded_app, table_counts
from test_admin_support import editor_client, post

from compass.inputs import MAX_INT

N = 26


@pytest.fixture
def loaded(app):
    return make_loaded_app(app, DEFAULT_SET)


RAW = "a=\xff&lang=\xfe"  # what a raw \xff byte looks like in the WSGI environ


@pytest.mark.parametrize("path", ["/", "/omgang/trygghet/v1/pastaende/1", "/finns-inte",
                                  "/admin/", "/api/v1/sets", "/klass"])
def test_bytes_that_are_not_utf8_are_a_400_with_a_translated_page(loaded, client, path):
    for environ in ({"QUERY_STRING": RAW}, {"PATH_INFO": path + "\xff"}):
        response = client.get(path, environ_overrides=environ)
        assert response.status_code == 400, (path, environ)
        text = response.get_data(as_text=True)
        if not path.startswith("/api/"):
            assert "Adressen innehåller tecken som inte kunde läsas" in text


@pytest.mark.parametrize("url", [
    "/omgang/trygghet/v2147483648/", "/omgang/trygghet/v" + "9" * 5000 + "/",
    "/omgang/trygghet/v1/pastaende/99999999999", "/admin/trygghet/v2147483648/",
    "/admin/anvandare/99999999999999999999"])
def test_integers_in_urls_are_bounded(loaded, client, url):
    assert client.get(url).status_code in (302, 404)  # admin: sent to the login first


def test_integers_in_forms_are_bounded(loaded, app, client):
    answer = client.get("/omgang/trygghet/v1/svara?nr=" + "9" * 309 + "&svar=1")
    assert answer.status_code == 400
    before = table_counts(app)
    token_page = client.get("/klassrum/ny").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', token_page).group(1)
    for version in (str(MAX_INT + 1), "9" * 400, "-" + "9" * 20):
        created = client.post("/klassrum/ny", data={"csrf_token": token, "omgang": "trygghet",
                                                    "version": version})
        assert created.status_code == 400, version
    assert table_counts(app) == before
    editor = editor_client(app)
    for year in (str(MAX_INT + 1), "9" * 400):
        response = post(editor, "/admin/ny", {"slug": "ny", "title": "T", "description": "D",
                                              "municipality": "M", "year": year,
                                              "language": "sv", "levels": "5",
                                              "missing": "neutral", "coded_by": "X"})
        assert response.status_code == 400
        assert "Talet är för stort." in response.get_data(as_text=True)


def _chunked(live_server, path, body: bytes):
    host = urllib.parse.urlsplit(live_server)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    for start in range(0, len(body), 65536):
        piece = body[start:start + 65536]
        conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
    conn.send(b"0\r\n\r\n")
    response = conn.getresponse()
    status, data = response.status, response.read()
    conn.close()
    return status, data


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_chunked_body_over_the_limit_is_a_413_and_under_it_works(loaded, app, live_server):
    limit = app.config["MAX_CONTENT_LENGTH"]
    keys = [s["key"] for s in app.test_client().get("/api/v1/sets/trygghet").json["statements"]]
    answers = {"answers": dict.fromkeys(keys, 1)}
    small = json.dumps(answers).encode()
    status, data = _chunked(live_server, "/api/v1/sets/trygghet/match", small)
    assert status == 200, data[:300]
    big = json.dumps({**answers, "padding": "x" * limit}).encode()
    status, data = _chunked(live_server, "/api/v1/sets/trygghet/match", big)
    assert status == 413, data[:300]


def test_the_form_memory_limit_matches_the_body_limit_and_is_named(loaded, app):
    from compass.questionsets import limits
    assert app.config["MAX_FORM_MEMORY_SIZE"] == app.config["MAX_CONTENT_LENGTH"]
    # The longest source text always fits in its form, with room for the other fields.
    assert app.config["MAX_CONTENT_LENGTH"] == limits.SOURCE_TEXT + limits.FORM_ROOM
    client = app.test_client()
    # A 1 MB field (a long source text) is read by the form, not refused by Werkzeug.
    response = client.post("/admin/login", data={"email": "a" * 1_000_000, "password": "x"})
    assert response.status_code == 400  # no CSRF token: the form was read
    too_big = client.post("/admin/login", data={"email": "a" * (4 * 1024 * 1024)})
    assert too_big.status_code == 413
    assert "högst 3\u00a0MB" in too_big.get_data(as_text=True)
    editor = editor_client(app)
    page = editor.get("/admin/importera").get_data(as_text=True)
    assert "Högst 3\u00a0MB för hela formuläret" in page
