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


def test_embed_may_be_framed_anywhere(loaded, client):
    headers = client.get("/embed/trygghet").headers
    assert headers["Content-Security-Policy"] == "frame-ancestors *"
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
    expect(page.get_by_role("button", name="Kopiera länken")).to_be_visible()  # share.js ran
    page.goto(live_server + "/omgang/trygghet/v1/partier?s=" + "ebdaecdbaecdabecdbeacdbeab")
    page.get_by_role("link", name="Välj inga").click()
    expect(page.locator(".choice-count")).to_have_text("0 av 5 partier är valda.")
    page.goto(live_server + "/klass")
    context.close()
    assert problems == []
