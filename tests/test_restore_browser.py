"""Undo in real Chromium: a party deleted with its positions comes back from the audit log in
one click, and the restore is in the log."""

from __future__ import annotations

import re

import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, definition, make_user

PARTY = "MalmöAlliansen (M, C, L, KD)"


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def test_a_deleted_party_is_undone_from_the_log_in_one_click(app, site, page, request):
    page.goto(f"{site}/admin/")
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trygghet i kommunen").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()
    expect(page.get_by_text("Version 2 är skapad som utkast")).to_be_visible()
    before = definition(app, "trygghet", 2)
    stated = sum(st.positions["alliansen-malmo"].value is not None for st in before.statements)
    assert stated > 10

    # Delete the party: its positions go with it.
    page.get_by_role("link", name="Partier", exact=True).click()
    page.get_by_role("link", name=PARTY).click()
    page.get_by_text("Ta bort partiet").click()
    page.get_by_role("button", name="Ta bort", exact=True).click()
    expect(page.get_by_text("Partiet alliansen-malmo är borttaget.")).to_be_visible()
    assert "alliansen-malmo" not in [p.key for p in definition(app, "trygghet", 2).parties]

    # The log says what happened in words, in Swedish time, and offers the undo.
    page.get_by_role("link", name="Översikt").click()
    page.get_by_role("link", name="Ändringslogg").click()
    deleted = page.locator("ol.log > li").first
    expect(deleted).to_contain_text(f"Parti borttaget: {PARTY}")
    expect(deleted).to_contain_text(f"{stated} ståndpunkter")
    expect(deleted.locator("time")).to_have_text(re.compile(r"\d{4} \d\d:\d\d:\d\d CES?T$"))
    if request.node.callspec.params.get("database_url") == "sqlite":
        assert axe_violations(page) == [], page.url

    deleted.get_by_role("button", name="Ångra borttagningen").click()  # the one click
    expect(page.get_by_text(f"Partiet är tillbaka med {stated} ståndpunkter.")).to_be_visible()
    restored = page.locator("ol.log > li").first
    expect(restored).to_contain_text(f"Parti återställt: {PARTY}")
    expect(restored).to_contain_text("Återställer läget före ändringen")
    expect(page.locator("ol.log > li").nth(1)).to_contain_text("Finns redan i utkastet")
    screenshot(page, "admin-log-undo")
    assert definition(app, "trygghet", 2) == before  # place, positions, quotes, notes

    page.goto(f"{site}/admin/trygghet/v2/partier")
    expect(page.get_by_role("link", name=PARTY)).to_be_visible()

    # The diff names what changed and leads on to the draft and to publishing.
    page.goto(f"{site}/admin/trygghet/v2/")
    page.get_by_role("link", name="Se vad som ändrats sedan version 1").click()
    expect(page.get_by_role("heading", name="Från version 1 till version 2")).to_be_visible()
    expect(page.get_by_role("button", name="Publicera version 2")).to_be_visible()
    if request.node.callspec.params.get("database_url") == "sqlite":
        assert axe_violations(page) == [], page.url
    page.get_by_role("link", name="Till utkastet (version 2)").click()
    expect(page).to_have_url(re.compile(r"/admin/trygghet/v2/$"))
