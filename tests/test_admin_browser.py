"""The editor's whole way in real Chromium: sign in, find evidence, code a cell, fix what the
validator finds, publish, and see it in the voter's quiz; axe-core on the admin pages."""

from __future__ import annotations

import re

import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, make_user

QUOTE = "Ökad kameraövervakning på offentliga platser"
CAMERA_STATEMENT = "Kommunen bör vara restriktiv med kameraövervakning på offentliga platser."


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def test_editor_codes_a_cell_from_evidence_and_publishes(site, page, request):
    # The pages are the same HTML on either database: axe runs once, on the SQLite run.
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"

    def _no_violations(page) -> None:
        if check_axe:
            assert axe_violations(page) == [], page.url

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    _no_violations(page)
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Frågeomgångar")).to_be_visible()
    _no_violations(page)

    page.get_by_role("link", name="Trygghet i kommunen").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()
    expect(page.get_by_text("Version 2 är skapad som utkast")).to_be_visible()
    _no_violations(page)

    # Evidence for "kamera": compounds are found, with the target statement chosen.
    page.get_by_role("link", name="Sök bevis", exact=True).click()
    page.get_by_label("Sökord").fill("kamera")
    page.get_by_label("Påstående att koda (valfritt)").select_option(
        label=f"5. {CAMERA_STATEMENT}")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator("mark", has_text="övervakningskameror").first).to_be_visible()
    expect(page.get_by_text("del av sammansatt ord").first).to_be_visible()
    _no_violations(page)
    page.get_by_role("link", name="Använd som citat – Alliansen Malmö, rad 35").click()

    # The cell editor opens with the sentence as the quote; save it.
    expect(page.get_by_label("Citat (ordagrant ur källan)")).to_have_value(QUOTE)
    expect(page.get_by_label("Helt emot (-2)")).to_be_checked()
    _no_violations(page)
    page.get_by_role("button", name="Spara rutan").click()
    expect(page.get_by_text("Rutan är sparad.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/bevis\?q=kamera&"))  # back on the search results
    page.get_by_role("link", name="Matris", exact=True).click()
    cell = page.locator("#c-restriktiv-kameraovervakning-alliansen-malmo")
    expect(cell).to_have_class(re.compile("cell-ok"))
    _no_violations(page)
    screenshot(page, "admin-matrix")

    # The statement field knows the validator's limit (200 characters) before anything is sent.
    page.get_by_role("link", name="Påståenden", exact=True).click()
    page.get_by_role("link", name="Det bör finnas fler ordningsvakter på gator och torg.").click()
    expect(page.get_by_label("Påstående", exact=True)).to_have_attribute("maxlength", "200")
    page.get_by_label("Påstående", exact=True).fill(
        "Det bör finnas fler ordningsvakter på gator, torg och stationer.")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Översikt").click()
    expect(page.get_by_text("Validatorn hittar inga problem")).to_be_visible()
    page.get_by_role("button", name="Publicera version 2").click()
    expect(page.get_by_text("Version 2 är publicerad.")).to_be_visible()

    # Other admin pages pass axe too.
    for name in ("Balans", "Källor", "Förhandsvisning", "Import/export"):
        page.get_by_role("link", name=name, exact=True).click()
        _no_violations(page)

    # The voter sees the new version, with the new quote on the party's page.
    page.goto(f"{site}/omgang/trygghet/")
    expect(page.get_by_text("version 2")).to_be_visible()
    page.goto(f"{site}/omgang/trygghet/v2/parti/alliansen-malmo")
    expect(page.get_by_text(QUOTE)).to_be_visible()
    page.goto(f"{site}/omgang/trygghet/v1/parti/alliansen-malmo")
    expect(page.get_by_text(QUOTE)).to_have_count(0)  # version 1 never changes
