"""Translating and bulk editing in real Chromium: the parties table, the missing-translations
overview, the themes form and the English statements table; axe-core on each page."""

from __future__ import annotations

import re

import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app
from playwright.sync_api import expect
from test_admin_support import PASSWORD, make_user


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def test_an_editor_translates_party_names_and_themes_from_the_overview(site, page, request):
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"

    def no_violations() -> None:
        if check_axe:
            assert axe_violations(page) == [], page.url

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/login")
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{site}/admin/trygghet/")
    page.get_by_role("button", name=re.compile("utkast", re.I)).first.click()
    draft = re.search(r"/admin/trygghet/v(\d+)/", page.url).group(1)
    base = f"{site}/admin/trygghet/v{draft}"

    page.get_by_role("link", name="Översättningar", exact=True).click()
    expect(page.get_by_role("heading", name="Saknade översättningar")).to_be_visible()
    before = int(re.search(r"(\d+) texter har svenska", page.content()).group(1))
    no_violations()

    page.get_by_role("link", name="Partier som tabell").click()
    no_violations()
    first = page.locator("tbody tr").first
    first.locator("input[name$='.namn_en']").fill("The Centre Party in Malmö")
    page.get_by_role("button", name="Spara tabellen").click()
    expect(page.locator(".flash-ok").first).to_have_text("1 parti ändrades.")
    expect(first.locator("input[name$='.namn_en']")).to_have_value("The Centre Party in Malmö")

    page.goto(f"{base}/oversattningar")
    page.locator("#missing-theme + ul a").first.click()
    expect(page.get_by_role("heading", name="Teman på engelska")).to_be_visible()
    no_violations()
    page.get_by_label(re.compile("Ordning och närvaro")).fill("Order and police presence")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".flash-ok").first).to_contain_text("påståenden ändrades.")

    page.goto(f"{base}/oversattningar")
    after = int(re.search(r"(\d+) texter har svenska", page.content()).group(1))
    assert after == before - 2  # one party name, one theme (on all its statements)

    page.goto(f"{base}/tabell/pastaenden")
    no_violations()
    page.goto(f"{base}/tabell/pastaenden?texter=en")
    no_violations()
    expect(page.locator("input[name$='.tema_en']").first).to_have_value(
        "Order and police presence")
    page.get_by_role("button", name="Spara tabellen").click()
    expect(page.locator(".flash-ok").first).to_have_text("0 påståenden ändrades.")
