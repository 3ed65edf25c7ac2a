"""Two editors in two Chromium windows edit the same statement: the second sees only the
real clash, in words, with the form filled with their input, and keeps the first's change."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, make_user

STATEMENT = "Det bör finnas fler ordningsvakter på gator och torg."


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    make_user(app, "redaktor@example.org", "editor")
    make_user(app, "kollega@example.org", "editor")
    return live_server


def _sign_in(page, site: str, email: str) -> None:
    page.goto(f"{site}/admin/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Frågeomgångar")).to_be_visible()


def _open_statement(page, site: str) -> None:
    page.goto(f"{site}/admin/trygghet/v2/pastaenden")
    page.get_by_role("link", name=STATEMENT).click()
    expect(page.get_by_role("heading", name="Redigera påstående")).to_be_visible()


def test_two_editors_merge_field_by_field(site, browser, browser_context_args, request):
    first_context = browser.new_context(**browser_context_args)
    second_context = browser.new_context(**browser_context_args)
    first, second = first_context.new_page(), second_context.new_page()
    try:
        _sign_in(first, site, "redaktor@example.org")
        first.get_by_role("link", name="Trygghet i kommunen").click()
        first.get_by_role("button", name="Skapa nytt utkast av version 1").click()
        expect(first.get_by_text("Version 2 är skapad som utkast")).to_be_visible()
        _sign_in(second, site, "kollega@example.org")

        # Both open the statement; the colleague saves a new theme and a new text first.
        _open_statement(first, site)
        _open_statement(second, site)
        second.get_by_label("Tema", exact=True).fill("Trygghet på gator och torg")
        second.get_by_label("Påstående", exact=True).fill(
            "Det bör finnas fler ordningsvakter i centrum.")
        second.get_by_role("button", name="Spara").click()
        expect(second.get_by_text("Påståendet är sparat.")).to_be_visible()

        # I change the text too (a real clash) and the background (only mine).
        first.get_by_label("Påstående", exact=True).fill(
            "Det bör finnas fler ordningsvakter vid stationerna.")
        first.get_by_label("Bakgrund (valfritt)").fill("Min nya bakgrund om vakter.")
        first.get_by_role("button", name="Spara").click()
        box = first.get_by_role("alert")
        expect(box.get_by_role("heading", name="Någon annan har ändrat samma sak medan du "
                                               "arbetade")).to_be_visible()
        clash = box.get_by_role("group", name="Text")
        expect(clash).to_contain_text(STATEMENT)  # as I opened it
        expect(clash).to_contain_text("Det bör finnas fler ordningsvakter i centrum.")
        expect(clash).to_contain_text("Det bör finnas fler ordningsvakter vid stationerna.")
        expect(box.get_by_role("group")).to_have_count(1)  # the background is not asked about
        expect(box).to_contain_text("Trygghet på gator och torg")  # their kept theme
        # My input is still in the form; their theme is filled in, since it stays.
        expect(first.get_by_label("Påstående", exact=True)).to_have_value(
            "Det bör finnas fler ordningsvakter vid stationerna.")
        expect(first.get_by_label("Bakgrund (valfritt)")).to_have_value(
            "Min nya bakgrund om vakter.")
        expect(first.get_by_label("Tema", exact=True)).to_have_value(
            "Trygghet på gator och torg")
        if request.node.callspec.params.get("database_url") == "sqlite":
            assert axe_violations(first) == [], first.url
        screenshot(first, "admin-field-conflict")

        # Saving without a choice asks again; then keep their text.
        first.get_by_role("button", name="Spara").click()
        expect(first.get_by_role("group", name="Text")).to_be_visible()
        first.get_by_role("radio", name="Behåll den andras ändring").check()
        first.get_by_role("button", name="Spara").click()
        # (Their theme was already in my form, so only the text is named as theirs.)
        expect(first.get_by_role("status")).to_contain_text(
            "Påståendet är sparat. Under tiden hade någon annan ändrat Text. Den ändringen "
            "är kvar.")
        expect(first.get_by_label("Påstående", exact=True)).to_have_value(
            "Det bör finnas fler ordningsvakter i centrum.")
        expect(first.get_by_label("Tema", exact=True)).to_have_value(
            "Trygghet på gator och torg")
        expect(first.get_by_label("Bakgrund (valfritt)")).to_have_value(
            "Min nya bakgrund om vakter.")
        # The colleague, reloading, sees both editors' changes.
        second.reload()
        expect(second.get_by_label("Bakgrund (valfritt)")).to_have_value(
            "Min nya bakgrund om vakter.")
    finally:
        first_context.close()
        second_context.close()
