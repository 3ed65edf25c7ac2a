"""Response headers and the Content-Security-Policy, including in a real browser."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_SET, make_loaded_app
from playwright.sync_api import expect

N = 26


@pytest.fixture
def loaded(app):
    return make_loaded_app(app, DEFAULT_SET)


@pytest.mark.parametrize("url", ["/", "/omgang/trygghet/v1/pastaende/1", "/metod",
                                 "/omgang/trygghet/v1/resultat?s=" + "c" * N, "/finns-inte"])
def test_pages_refuse_framing_and_inline_code(loaded, client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Answers travel in URLs: they must not leak to other sites through the Referer header.
    assert headers["Referrer-Policy"] == "same-origin"


def test_embed_may_be_framed_anywhere_but_keeps_the_strict_policy(loaded, client):
    from compass.security import CSP

    for url in ("/embed/trygghet", "/embed/finns-inte"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert csp == CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "X-Frame-Options" not in headers


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_csp_violations_in_the_browser(browser, loaded, live_server):
    """With the CSP enforced (no bypass), the pages and the quiz script run without errors."""
    context = browser.new_context(bypass_csp=False, locale="sv-SE")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(live_server + "/omgang/trygghet/v1/pastaende/1")
    page.get_by_role("button", name="Helt för", exact=True).click()
    page.wait_for_url("**/pastaende/2?s=e*")
    page.goto(live_server + "/omgang/trygghet/v1/resultat?s=" + "ebdaecdbaecdabecdbeacdbeab")
    expect(page.get_by_role("button", name="Kopiera länken")).to_be_visible()  # quiz.js ran
    page.goto(live_server + "/omgang/trygghet/v1/partier?s=" + "ebdaecdbaecdabecdbeacdbeab")
    page.get_by_role("link", name="Välj inga").click()
    expect(page.locator(".choice-count")).to_have_text("0 av 5 partier är valda.")
    page.goto(live_server + "/klass")
    context.close()
    assert problems == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>",
                                 "JaVaScRiPt:alert(1)", "//evil.example/", "http:/x"])
def test_only_web_addresses_are_ever_emitted_as_source_links(loaded, client, app, url):
    import sqlalchemy as sa

    from compass.models import QuestionSet, SourceDocument

    with app.extensions["db_engine"].begin() as conn:  # as if stored before the rule existed
        conn.execute(sa.update(SourceDocument).values(url=url))
        conn.execute(sa.update(QuestionSet).values(content_hash=f"{hash(url):064x}"[-64:]))
        key = conn.execute(sa.select(SourceDocument.key)).scalars().first()
    page = client.get(f"/omgang/trygghet/v1/kalla/{key}").get_data(as_text=True)
    api = client.get("/api/v1/sets/trygghet").get_data(as_text=True)
    assert url not in page and url.replace("<", "&lt;") not in page
    assert "Originalet på webben" not in page
    assert url not in api


def test_web_address_rule():
    from compass.questionsets.definitions import is_web_url

    assert is_web_url("https://example.org/a?b=1#c") and is_web_url("HTTP://example.org")
    for bad in ("javascript:alert(1)", "data:,x", "https://", "https:///x", "ftp://x.org",
                "https://ex ample.org", "https://a@evil.org", None, ""):
        assert not is_web_url(bad), bad


def test_hsts_only_with_secure_cookies(database_url, loaded, client):
    from compass import create_app

    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "k",
                         "SESSION_COOKIE_SECURE": True})
    try:
        for url in ("/", "/finns-inte", "/admin/login"):
            hsts = secure.test_client().get(url).headers["Strict-Transport-Security"]
            assert hsts.startswith("max-age=31536000")
    finally:
        secure.extensions["db_engine"].dispose()


def test_private_pages_are_never_stored_by_any_cache(database_url, loaded):
    from compass import create_app
    from compass.classroom import service
    from compass.db import get_session
    from compass.security import no_store

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "k"})
    assert "review" in app.blueprints  # the party review round's pages (an unknown link: 404)
    app.add_url_rule("/privat", "privat", no_store(lambda: "privat"))
    with app.app_context():
        session = get_session()
        info, token = service.create_class(session, "trygghet", 1, None)
        session.commit()
    client = app.test_client()
    try:
        for url in ("/admin/login", "/admin/", f"/klassrum/{token}/", f"/klass/{info.code}",
                    "/granska/abc", "/privat"):
            assert client.get(url).headers.get("Cache-Control") == "no-store", url
        assert client.get("/").headers.get("Cache-Control") != "no-store"
    finally:
        app.extensions["db_engine"].dispose()


def test_csrf_error_is_translated(app):
    client = app.test_client()
    swedish = client.post("/admin/login", data={"email": "a@example.org", "password": "x"})
    assert swedish.status_code == 400
    # The login page itself comes back with a fresh token and the e-mail address kept.
    assert "Inloggningssidan hade gått ut" in swedish.get_data(as_text=True)
    assert 'value="a@example.org"' in swedish.get_data(as_text=True)
    assert "CSRF" not in swedish.get_data(as_text=True)
    english = client.post("/admin/login?lang=en", data={"email": "a@example.org"})
    assert english.status_code == 400
    assert "The login page had expired" in english.get_data(as_text=True)
    other = client.post("/admin/logout?lang=en", data={})
    assert other.status_code == 400
    assert "The form could not be accepted" in other.get_data(as_text=True)
