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
    # The deferred quiz.js has run by DOMContentLoaded: a click before it is a plain link.
    page.wait_for_load_state("domcontentloaded")
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


# ---------------------------------------------------------------- the quiz in the browser

STRUCTURE = """() => {
  const walk = (node) => node.nodeType === 3 ? node.textContent.replace(/\\s+/g, " ").trim()
    : [node.tagName, [...node.attributes].filter(a => a.name !== "tabindex")
         .map(a => a.name + "=" + a.value).sort(),
       [...node.childNodes].map(walk).filter(x => x !== "")];
  return walk(document.querySelector("main"));
}"""


def server_requests(page) -> list[str]:
    """Collect the paths of the app requests a page makes (static assets left out)."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url.split("//", 1)[1].split("/", 1)[1])
            if "/static/" not in r.url else None)
    return seen


def code_on(page) -> str:
    """The answer code the statement page carries on (its form's hidden `s`)."""
    return page.locator("form.answer-form input[name=s]").get_attribute("value")


def answer(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()


def test_with_javascript_the_server_sees_no_statement_request(browser, site):
    context = browser.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    seen = server_requests(page)
    walk(page, site, "sv")
    assert not [p for p in seen if "/pastaende/" in p or "/svara" in p], seen
    assert [p.split("?")[0] for p in seen] == [
        "", "omgang/trygghet/", "omgang/trygghet/v1/dokument.json", "omgang/trygghet/v1/resultat"]
    listed = [t.strip() for t in page.locator("ol.ranking a.party-name").all_inner_texts()]
    assert listed == expected_order()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_each_answer_is_one_request_and_back_and_reload_keep_the_answers(browser, site,
                                                                        javascript):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    redirects: list[str] = []
    page.on("response", lambda r: redirects.append(r.url) if r.status in (301, 302, 303) else None)
    page.goto(site + "/omgang/trygghet/")
    page.get_by_role("link", name="Starta").click()
    for label in ("Helt för", "Emot", "Hoppa över"):
        answer(page, label)
    expect(page.locator(".progress-text")).to_contain_text("4 av")
    assert redirects == []
    page.reload()
    expect(page.locator(".progress-text")).to_contain_text("4 av")
    assert code_on(page).startswith("eb-.")
    # Each page's address holds the answers given before it, as without JavaScript.
    page.go_back()
    expect(page.locator(".progress-text")).to_contain_text("3 av")
    expect(page.locator(".reweigh")).to_contain_text("påstående 2: Emot")
    assert code_on(page).startswith("eb.")
    page.go_back()
    expect(page.locator(".progress-text")).to_contain_text("2 av")
    assert code_on(page).startswith("e.")
    page.go_forward()
    page.go_forward()
    expect(page.locator(".progress-text")).to_contain_text("4 av")
    context.close()


STATES = ["", "?s=eB" + "." * (N - 2), "?s=eBa" + "." * (N - 3) + "&lattlast=1",
          "?s=" + "c" * (N - 1) + ".", "?s=e-" + "." * (N - 2) + "&p=90"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_browser_draws_the_same_page_as_the_server(browser, site, lang):
    """Every statement page drawn by quiz.js equals the server's page for the same URL."""
    context = browser.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    if lang == "en":
        page.goto(site + "/sprak/en?next=/")
    for query in STATES:
        number = 2 if query.startswith("?s=e") else N if "c" * 5 in query else 1
        url = f"{site}/omgang/trygghet/v1/pastaende/{number}{query}"
        page.goto(url)
        server = page.evaluate(STRUCTURE)
        page.wait_for_function("() => history.state && history.state.quiz")
        seen = server_requests(page)
        # Step back and forth in the browser: the page is drawn by the script.
        if number > 1:
            page.get_by_role("link", name=re.compile("Föregående|Previous")).click()
            page.get_by_role("link", name=re.compile("Nästa|Next")).click()
        else:
            page.locator("[data-easy]").click()
            page.locator("[data-easy]").click()
        expect(page.locator(".progress-text")).to_contain_text(str(number))
        assert page.evaluate(STRUCTURE) == server, query
        assert seen == []  # drawn in the browser, not fetched
        assert page.url == url
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_browser_draws_the_party_choice_as_the_server_and_goes_straight_to_the_result(
        browser, site, lang):
    context = browser.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    if lang == "en":
        page.goto(site + "/sprak/en?next=/")
    code = "c" * (N - 1) + "."
    base = f"{site}/omgang/trygghet/v1"
    page.goto(f"{base}/pastaende/{N}?s={code}&p=90&lattlast=1")
    page.wait_for_function("() => history.state && history.state.quiz")
    seen = server_requests(page)
    page.get_by_role("button", name=LABELS[lang][2], exact=True).click()
    expect(page.locator("form.party-form")).to_be_visible()
    drawn, title = page.evaluate(STRUCTURE), page.title()
    address = f"{base}/partier?s={'c' * (N - 1)}e&p=90&lattlast=1"
    assert page.url == address and seen == []  # drawn in the browser
    # None chosen is refused in place.
    page.locator("[data-choose=none]").click()
    expect(page.locator(".choice-count")).to_contain_text("0")
    page.get_by_role("button", name=re.compile("Visa mitt resultat|Show my result")).click()
    expect(page.locator("p.error[role=alert]")).to_be_visible()
    assert seen == [] and page.url == address
    page.reload()  # the same address from the server: the same page
    expect(page.locator("form.party-form")).to_be_visible()
    assert page.evaluate(STRUCTURE) == drawn and page.title() == title
    page.go_back()  # to the statement drawn before the reload: the script draws it again
    expect(page.locator(".progress-text")).to_contain_text(str(N))
    page.wait_for_function("() => history.state && history.state.quiz")
    page.get_by_role("button", name=LABELS[lang][2], exact=True).click()
    seen.clear()
    page.go_back()  # back and forth between the drawn pages, no request
    expect(page.locator(".progress-text")).to_contain_text(str(N))
    page.go_forward()
    assert page.evaluate(STRUCTURE) == drawn and seen == []
    page.locator("[data-choose=none]").click()
    page.get_by_label(re.compile("C Malmö")).check()
    page.get_by_label(re.compile("L Kalmar")).check()
    expect(page.locator(".choice-count")).to_contain_text("2")
    seen.clear()
    page.get_by_role("button", name=re.compile("Visa mitt resultat|Show my result")).click()
    page.wait_for_selector("ol.ranking")
    # One request: the result at its compact address (no party page, no redirect).
    assert [p.split("?")[0] for p in seen] == ["omgang/trygghet/v1/resultat"]
    assert page.url == f"{base}/resultat?s={'c' * (N - 1)}e&p=90"
    assert page.locator("ol.ranking li").count() == 2
    context.close()


def test_double_tap_answers_once_and_adds_one_history_entry(browser, site):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(site + "/omgang/trygghet/v1/pastaende/1")
    page.wait_for_function("() => history.state && history.state.quiz")
    before = page.evaluate("history.length")
    page.get_by_role("button", name="För", exact=True).dblclick()
    expect(page.locator(".progress-text")).to_contain_text("2 av")
    assert page.evaluate("history.length") == before + 1
    assert "s=d." in page.url  # statement 2 stayed unanswered
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_weight_chosen_after_answering_and_easy_read_for_the_whole_quiz(browser, site,
                                                                        javascript):
    context = browser.new_context(locale="sv-SE", viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + "/omgang/trygghet/v1/pastaende/1")
    answer(page, "För")
    page.locator(".reweigh").get_by_role("link", name=re.compile("Viktigt för mig")).click()
    expect(page.locator(".reweigh a[aria-current]")).to_contain_text("Viktigt för mig")
    assert code_on(page).startswith("D.")
    page.get_by_role("link", name="Visa lättläst text i hela testet").click()
    expect(page.locator("h1")).to_have_text(SET.statements[1].easy_read)
    answer(page, "Emot")
    expect(page.locator("h1")).to_have_text(SET.statements[2].easy_read)
    answer(page, "Neutral")
    assert code_on(page).startswith("Dbc.")
    page.get_by_role("link", name="Visa resultat nu").click()
    page.wait_for_selector("ol.ranking")
    assert "lattlast=1" in page.url
    context.close()


def test_touch_targets_on_the_statement_page_are_at_least_44px(browser, site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(site + "/omgang/trygghet/v1/pastaende/2?s=d" + "." * (N - 1))
    targets = page.locator("button.answer, .weights label, .weight-choices a, .easy-switch a, "
                           ".pager a")
    assert targets.count() >= 12
    for box in (targets.nth(i).bounding_box() for i in range(targets.count())):
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


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
