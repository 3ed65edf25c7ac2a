"""Double coding in real Chromium: keep the matrix as coding A, code blind as coding B, read
the agreement and follow a disagreement into the cell editor; axe-core on the new pages."""

from __future__ import annotations

import re

import pytest
from helpers import VALID, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, make_user


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, VALID / "exempel.yaml")
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def test_second_editor_codes_blind_and_the_disagreement_is_reconciled(site, page, request):
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"

    def _no_violations() -> None:
        if check_axe:
            assert axe_violations(page) == [], page.url

    page.goto(f"{site}/admin/login")
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Exempelomgång").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()

    # The first coder's work is the matrix: keep it as coding A.
    page.get_by_role("link", name="Överensstämmelse", exact=True).first.click()
    expect(page.get_by_text("Överensstämmelsen räknas när det finns minst två.")).to_be_visible()
    _no_violations()
    page.get_by_label("Vem kodar? (till exempel Kodare B)").fill("Kodare A")
    page.get_by_role("button", name="Spara matrisen som kodning").click()
    expect(page.get_by_text("Matrisen är sparad som en kodning.")).to_be_visible()

    # The second coder codes blind: nothing of coding A is on the page.
    page.get_by_role("link", name="Blind kodning").click()
    expect(page.get_by_role("heading", name="Blind kodning")).to_be_visible()
    expect(page.get_by_text("Kodare A")).to_have_count(0)
    _no_violations()
    screenshot(page, "admin-blind-coding")
    page.get_by_label("Vem kodar? (till exempel Kodare B)").fill("Kodare B")
    selects = page.locator("select")
    expect(selects).to_have_count(4)
    for name, value in (("v:ordningsvakter:a", "ingen"), ("v:ordningsvakter:b", "1"),
                        ("v:kameror-restriktivt:a", "ingen")):
        page.locator(f'select[name="{name}"]').select_option(value)
    page.get_by_role("button", name="Spara kodningen").click()
    # One cell left out: refused, the three choices kept.
    expect(page.get_by_role("alert")).to_have_text("Koda varje ruta: 1 saknas.")
    expect(page.locator('select[name="v:ordningsvakter:b"]')).to_have_value("1")
    page.locator('select[name="v:kameror-restriktivt:b"]').select_option("2")
    page.get_by_role("button", name="Spara kodningen").click()

    expect(page.get_by_text("Kodningen är sparad.")).to_be_visible()
    expect(page.get_by_text("75\u202f%")).to_be_visible()
    expect(page.get_by_role("heading", name="1 ruta där kodningarna skiljer sig")).to_be_visible()
    _no_violations()
    screenshot(page, "admin-agreement")
    page.get_by_role("link", name=re.compile("Stäm av B, påstående 1")).click()
    expect(page).to_have_url(re.compile(r"/matris/ordningsvakter/b$"))
