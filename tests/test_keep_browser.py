"""Never lose input, in real Chromium: a version published meanwhile, an ended login, a form
token that went stale in another tab, and a paste over the request limit all bring the form
back filled, with the reason and one explicit save."""

from __future__ import annotations

import re

import pytest
from helpers import axe_violations, screenshot
from playwright.sync_api import expect
from test_admin_support import (
    PASSWORD,
    definition,
    editor_client,
    load_exempel,
    make_user,
    new_draft,
    post,
)

TYPED = "Det bör finnas fler ordningsvakter i centrum på kvällarna."


@pytest.fixture
def site(app, live_server):
    load_exempel(app)
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def _log_in(page) -> None:
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _open_statement(page, site: str, version: int) -> None:
    page.goto(f"{site}/admin/exempel/v{version}/pastaenden/ordningsvakter")
    if "/admin/login" in page.url:
        _log_in(page)
    expect(page.get_by_role("heading", name="Redigera påstående")).to_be_visible()


def test_a_version_published_meanwhile_opens_the_typed_form_in_a_new_draft(app, site, page,
                                                                          request):
    # The pages are the same HTML on either database: axe runs once, on the SQLite run.
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"
    colleague = editor_client(app)
    v = new_draft(colleague, "exempel")
    _open_statement(page, site, v)
    page.get_by_label("Påstående", exact=True).fill(TYPED)
    assert post(colleague, f"/admin/exempel/v{v}/publicera").status_code == 303
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.get_by_role("heading", name=f"Version {v} är publicerad")).to_be_visible()
    expect(page.get_by_text("inget är förlorat")).to_be_visible()
    assert not check_axe or axe_violations(page) == []
    screenshot(page, "admin-kept-published")
    page.get_by_role("button", name="Skapa ett utkast och fyll i formuläret där").click()

    expect(page).to_have_url(re.compile(rf"/v{v + 1}/pastaenden/ordningsvakter$"))
    expect(page.get_by_label("Påstående", exact=True)).to_have_value(TYPED)
    expect(page.get_by_text(f"Version {v} publicerades medan du skrev")).to_be_visible()
    assert not check_axe or axe_violations(page) == []
    screenshot(page, "admin-kept-restored")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Påståendet är sparat.")).to_be_visible()
    expect(page.get_by_label("Påstående", exact=True)).to_have_value(TYPED)
    published = definition(app, "exempel", v).statements[0]
    assert published.key == "ordningsvakter" and published.text != TYPED  # frozen


def test_an_ended_login_comes_back_to_the_filled_form_after_logging_in(app, site, page):
    v = new_draft(editor_client(app), "exempel")
    _open_statement(page, site, v)
    page.get_by_label("Påstående", exact=True).fill(TYPED)
    page.context.clear_cookies()  # the session ended (expired, or signed out elsewhere)
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    expect(page.get_by_text("Du hade blivit utloggad. Det du skrev är sparat")).to_be_visible()
    expect(page.get_by_text("fylls i igen när du har loggat in")).to_be_visible()
    _log_in(page)

    expect(page).to_have_url(re.compile(rf"/v{v}/pastaenden/ordningsvakter$"))
    expect(page.get_by_label("Påstående", exact=True)).to_have_value(TYPED)
    expect(page.get_by_text("Du hade blivit utloggad, så ingenting sparades.")).to_be_visible()
    expect(page.locator(".admin-bar")).to_be_visible()
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Påståendet är sparat.")).to_be_visible()
    expect(page.get_by_label("Påstående", exact=True)).to_have_value(TYPED)


def test_a_token_gone_stale_in_another_tab_brings_the_form_back_filled(app, site, page):
    v = new_draft(editor_client(app), "exempel")
    _open_statement(page, site, v)
    page.get_by_label("Påstående", exact=True).fill(TYPED)
    other = page.context.new_page()  # signing out and in again elsewhere renews the session
    other.goto(f"{site}/admin/")
    other.get_by_role("button", name="Logga ut").click()
    _log_in(other)
    expect(other.get_by_role("heading", name="Frågeomgångar")).to_be_visible()
    other.close()
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.get_by_label("Påstående", exact=True)).to_have_value(TYPED)
    expect(page.get_by_text("Formuläret hade gått ut")).to_be_visible()
    expect(page.get_by_text("CSRF")).to_have_count(0)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Påståendet är sparat.")).to_be_visible()


def test_a_paste_over_the_request_limit_comes_back_filled_with_the_limits(app, site, page):
    v = new_draft(editor_client(app), "exempel")
    page.goto(f"{site}/admin/exempel/v{v}/kallor/ny")
    _log_in(page)
    page.get_by_label("Titel", exact=True).fill("Långt program")
    page.get_by_label("Utgivare").fill("Parti A i Exempelstad")
    # About 4 MB: more than a form may send (3 MB). Set as a paste would, without typing it.
    page.get_by_label("Text (klistra in)").evaluate(
        "el => { el.value = 'Ett mycket långt partiprogram. '.repeat(130000); }")
    with page.expect_navigation(timeout=30_000):  # a 4 MB body takes a moment
        page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.get_by_text("mer än de 3\u00a0MB som kan tas emot")).to_be_visible()
    expect(page.get_by_text("En källtext får vara högst 2\u00a0MB")).to_be_visible()
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Långt program")
    length = page.get_by_label("Text (klistra in)").evaluate("el => el.value.length")
    assert length == len("Ett mycket långt partiprogram. ") * 130000
    expect(page.locator(".admin-bar")).to_be_visible()


def test_a_light_colour_is_a_warning_on_the_party_form_until_saved_anyway(app, site, page,
                                                                          request):
    v = new_draft(editor_client(app), "exempel")
    page.goto(f"{site}/admin/exempel/v{v}/partier/ny")
    _log_in(page)
    page.get_by_label("Namn", exact=True).fill("Gula partiet")
    page.get_by_label("Kortnamn", exact=True).fill("G")
    page.get_by_label("Färg (#rrggbb)").fill("#ffff00")
    page.get_by_role("button", name="Spara", exact=True).click()

    warning = page.locator("#form-warnings")
    expect(warning).to_contain_text("kontrasten 1,07:1 mot den vita sidan")
    expect(page.locator(".flash-ok")).to_have_count(0)
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Gula partiet")
    if request.node.callspec.params.get("database_url") == "sqlite":
        assert axe_violations(page) == []
        screenshot(page, "admin-colour-warning")
    page.get_by_role("button", name="Spara ändå").click()
    expect(page.get_by_text("Partiet är tillagt.")).to_be_visible()
