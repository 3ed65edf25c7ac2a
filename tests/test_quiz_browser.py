"""The voter's whole way in real Chromium: with and without JavaScript, phone and desktop,
Swedish and English; axe-core on every voter page."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import DEFAULT_SET, axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect

from compass.questionsets import parse_file
from compass.scoring import match

SET = parse_file(DEFAULT_SET)
N = len(SET.statements)
PATTERN = [2, 1, 0, -1, -2, 1, -1, 2, None, 0]  # None = skip
LABELS = {"sv": {2: "Helt för", 1: "För", 0: "Neutral", -1: "Emot", -2: "Helt emot",
                 None: "Hoppa över"},
          "en": {2: "Strongly agree", 1: "Agree", 0: "Neutral", -1: "Disagree",
                 -2: "Strongly disagree", None: "Skip"}}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def answers() -> list[int | None]:
    return [PATTERN[i % len(PATTERN)] for i in range(N)]


def expected_order() -> list[str]:
    values = np.array([np.nan if a is None else a for a in answers()], dtype=float)
    weights = np.ones(N)
    weights[0] = 2.0  # the walk marks the first statement as important
    positions = np.array([[np.nan if st.positions[p.key].value is None
                           else st.positions[p.key].value for st in SET.statements]
                          for p in SET.parties])
    scores = match(values, positions, weights, levels=5, missing=SET.missing).scores
    return [SET.parties[i].name for i in np.argsort(-scores, kind="stable")]


@pytest.fixture
def site(app, live_server):
    make_loaded_app(app, DEFAULT_SET)
    return live_server


def walk(page, base: str, lang: str) -> None:
    """Take the quiz from the landing page to the result, answering the known pattern."""
    page.goto(base + "/")
    if lang == "en":
        page.get_by_role("link", name="English").click()
    page.get_by_role("link", name=re.compile("Trygghet|Safety")).first.click()
    page.get_by_role("link", name=re.compile("^(Starta|Start)$")).click()
    for i, value in enumerate(answers()):
        expect_text = f"{i + 1} av {N}" if lang == "sv" else f"{i + 1} of {N}"
        expect(page.locator(".progress-text")).to_contain_text(expect_text)
        if i == 0:
            page.get_by_label(re.compile("Viktigt för mig|Important to me")).check()
        page.get_by_role("button", name=LABELS[lang][value], exact=True).click()
    page.get_by_role("button", name=re.compile("Visa mitt resultat|Show my result")).click()
    page.wait_for_selector("ol.ranking")


@pytest.mark.parametrize("lang, viewport, javascript", [
    ("sv", DESKTOP, True),
    ("en", PHONE, False),
])
def test_whole_flow_gives_the_engines_ranking(browser, site, lang, viewport, javascript):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript,
                                  bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    walk(page, site, lang)
    listed = [t.strip() for t in page.locator("ol.ranking a.party-name").all_inner_texts()]
    assert listed == expected_order()
    assert "nan" not in page.content().lower().split("finansiering")[0].replace("nano", "")
    shot = screenshot(page, f"result-{lang}-{'js' if javascript else 'nojs'}")
    assert shot.stat().st_size > 10_000
    context.close()


def test_keyboard_alone_answers_a_statement(page, site):
    page.goto(site + "/omgang/trygghet/v1/pastaende/1")
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Helt emot":
            break
    else:
        pytest.fail("the first answer button is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pastaende/2\?s=a"))


def test_changing_an_answer_from_the_result(page, site):
    state = "c" * N
    page.goto(f"{site}/omgang/trygghet/v1/resultat?s={state}")
    page.locator("ol.compact-rows a.st-link").first.click()  # the statement's detail page
    page.get_by_role("link", name=re.compile("Ändra ditt svar")).first.click()
    page.get_by_role("button", name="Helt för", exact=True).click()
    page.wait_for_url(re.compile(r"/resultat\?s=e"))
    assert page.locator("ol.ranking li").count() == len(SET.parties)


VOTER_PAGES = [
    "/", "/omgang/trygghet/", "/omgang/trygghet/v1/pastaende/1",
    "/omgang/trygghet/v1/pastaende/3?s=eB" + "." * (N - 2),
    "/omgang/trygghet/v1/partier?s=" + "c" * N,
    "/omgang/trygghet/v1/resultat?s=" + "ebdaecdbaecdabecdbeacdbeab"[:N],
    "/omgang/trygghet/v1/resultat?s=e-" + "." * (N - 2),
    "/omgang/trygghet/v1/parti/l-kalmar?s=" + "c" * N,
    "/omgang/trygghet/v1/kalla/c-malmo?citat=restriktiv-kameraovervakning:c-malmo",
    "/metod", "/integritet", "/finns-inte",
]


# The markup does not depend on the database, so the accessibility sweep runs on SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_violations_on_voter_pages(browser, site, lang, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    if lang == "en":
        page.goto(site + "/sprak/en?next=/")
    found = {}
    for url in VOTER_PAGES:
        page.goto(site + url)
        for details in page.locator("details").all()[:3]:
            details.evaluate("d => d.open = true")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    context.close()
    assert found == {}
