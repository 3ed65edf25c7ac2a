"""A party review end to end in real Chromium: the editor makes a link, the party confirms one
position and objects to another, the editor declines the objection with a public answer and
publishes, and the voter's pages show both states."""

from __future__ import annotations

import re

import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, make_user

PARTY = "Liberalerna Kalmar"
CONFIRMED = "fler-ordningsvakter"
OBJECTED = "okad-polisnarvaro"
OBJECTED_NUMBER = 3  # its place in the default set's version 1
OBJECTION = "Vi vill ha fler poliser, men inte fler kontroller."
ANSWER = "Citatet säger ordagrant att partiet vill se fler poliser i Kalmar."


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def test_party_review_end_to_end(site, page, browser, request):
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"

    def no_violations(p) -> None:
        if check_axe:
            assert axe_violations(p) == [], p.url

    # The editor signs in, makes a draft and creates the party's link on the version page.
    page.goto(f"{site}/admin/login")
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trygghet i kommunen").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()
    expect(page.get_by_role("heading", name="Partiernas granskning")).to_be_visible()
    page.get_by_label("Parti", exact=True).select_option(label=PARTY)
    page.get_by_label("Giltig i antal dagar").fill("7")
    page.get_by_role("button", name="Skapa granskningslänk").click()
    link = page.get_by_label("Länken").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/granska/[A-Za-z0-9_-]{43}", link), link
    no_violations(page)

    # The party opens the link in its own browser: no login, no cookies shared.
    party_context = browser.new_context(locale="sv-SE", bypass_csp=True)
    party = party_context.new_page()
    response = party.goto(link)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(party.get_by_role("heading", name=f"Granska era ståndpunkter: {PARTY}")).to_be_visible()
    no_violations(party)
    first = party.locator(f"#p-{CONFIRMED}")
    first.get_by_label("Vi bekräftar kodningen").check()
    first.get_by_role("button", name=re.compile("Skicka svaret")).click()
    expect(party.get_by_text("Tack! Ert svar är sparat.")).to_be_visible()
    expect(party.locator(f"#p-{CONFIRMED} .review-status")).to_have_text("Bekräftad av partiet")
    second = party.locator(f"#p-{OBJECTED}")
    second.get_by_label("Vi invänder mot kodningen").check()
    second.get_by_role("button", name=re.compile("Skicka svaret")).click()
    expect(party.get_by_text("Skriv vad ni invänder mot.")).to_be_visible()  # comment needed
    second = party.locator(f"#p-{OBJECTED}")
    second.get_by_label("Vi invänder mot kodningen").check()
    second.get_by_label(re.compile("Er kommentar")).fill(OBJECTION)
    second.get_by_role("button", name=re.compile("Skicka svaret")).click()
    expect(party.get_by_text("Tack! Er invändning är sparad.")).to_be_visible()
    expect(party.locator(f"#p-{OBJECTED} .review-status")).to_have_text("Partiet invänder")
    screenshot(party, "party-review")

    # The editor sees the objection in the matrix and declines it with a public answer.
    page.goto(f"{site}/admin/trygghet/v2/matris")
    cell = page.locator(f"#c-{OBJECTED}-l-kalmar")
    expect(cell).to_have_class(re.compile("cell-objected"))
    expect(page.locator(f"#c-{CONFIRMED}-l-kalmar .mark.confirmed")).to_have_count(1)
    cell.get_by_role("link").click()
    expect(page.locator(".objection q")).to_have_text(OBJECTION)
    no_violations(page)
    page.get_by_label("Svar till partiet och väljarna").fill(ANSWER)
    page.get_by_role("button", name="Avslå invändningen med svaret").click()
    expect(page.get_by_text("Invändningen är besvarad.")).to_be_visible()
    expect(page.locator(f"#c-{OBJECTED}-l-kalmar")).not_to_have_class(
        re.compile("cell-objected"))
    page.get_by_role("link", name="Översikt").click()
    page.get_by_role("button", name="Publicera version 2").click()
    expect(page.get_by_text("Version 2 är publicerad.")).to_be_visible()

    # The voter's party page shows both states; the old version says "not reviewed".
    page.goto(f"{site}/omgang/trygghet/v2/parti/l-kalmar")
    positions = page.locator("ol.party-positions > li")
    expect(positions.filter(has_text="Bekräftad av partiet")).to_have_count(1)
    objected = positions.filter(has_text="Partiet invänder:")
    expect(objected).to_have_count(1)
    expect(objected.get_by_text(OBJECTION)).to_be_visible()
    expect(objected.get_by_text(ANSWER)).to_be_visible()
    expect(positions.filter(has_text="Inte granskad av partiet")).to_have_count(11)
    no_violations(page)
    screenshot(page, "party-page-review")
    page.goto(f"{site}/omgang/trygghet/v1/parti/l-kalmar")
    expect(page.get_by_text("Bekräftad av partiet")).to_have_count(0)

    # The result's statement pages (every party's words, one tap from the result) show them too.
    page.goto(f"{site}/omgang/trygghet/v2/resultat?s=" + "e" * 26)
    page.locator(f"a[href*='/jamfor/{OBJECTED_NUMBER}?']").first.click()
    expect(page).to_have_url(re.compile(rf"/jamfor/{OBJECTED_NUMBER}\?"))
    expect(page.get_by_text(OBJECTION)).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    page.goto(f"{site}/omgang/trygghet/v2/jamfor/1?s=" + "e" * 26)
    expect(page.get_by_text("Bekräftad av partiet")).to_be_visible()
    party_context.close()
