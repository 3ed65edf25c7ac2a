"""Every voter and student page on a phone (320 and 390 px wide), in Swedish and English:
no sideways scrolling, touch targets of at least 44 px (24 px for links inside running text,
WCAG 2.2 SC 2.5.8), axe-core without violations; and the result's first phone screen shows
the ranking, also for a set of 40 parties × 38 statements."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from helpers import DEFAULT_SET, ROOT, axe_violations, make_loaded_app
from playwright.sync_api import expect
from test_classroom import FIRST_KEYS, make_class

sys.path.insert(0, str(ROOT / "benchmarks"))
from bigset import write_big_set  # noqa: E402

N = 26
ANSWERS = "ebdaecdbaecdabecdbeacdbeab"
BIG = "stor-40x38"
BIG_ANSWERS = "ebdaecdbaecdabecdbeacdbeabvdbeacdbeabe"
BASE = "/omgang/trygghet/v1"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts"))
WIDTHS = [320, 390]

VOTER_PAGES = [
    "/", "/omgang/trygghet/", f"{BASE}/pastaende/1",
    f"{BASE}/pastaende/3?s=eB" + "." * (N - 2),
    f"{BASE}/partier?s={ANSWERS}",
    f"{BASE}/resultat?s={ANSWERS}",
    f"{BASE}/resultat?s={ANSWERS}&p=01",  # one party chosen
    f"{BASE}/resultat?s=e-" + "." * (N - 2),  # too few answers
    f"{BASE}/jamfor/3?s={ANSWERS}",
    f"{BASE}/parti/l-kalmar?s={ANSWERS}",
    f"{BASE}/kalla/c-malmo?s={ANSWERS}&citat=restriktiv-kameraovervakning:c-malmo",
    "/metod", "/integritet", "/finns-inte",
    f"/omgang/{BIG}/v1/partier?s={BIG_ANSWERS}",
    f"/omgang/{BIG}/v1/resultat?s={BIG_ANSWERS}",
    f"/omgang/{BIG}/v1/jamfor/1?s={BIG_ANSWERS}",
]

# Targets too small for a thumb. A link inside running text needs 24 px of line (WCAG 2.2
# SC 2.5.8 exempts inline targets from the spacing rule, the brief still asks 24 px); every
# other target 44 × 44 px. A checkbox or radio button counts with its label.
SMALL_TARGETS = """() => {
  const out = [];
  const visible = el => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== "hidden";
  };
  const blockOf = el => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node;
  };
  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const el of targets) {
    let target = el;
    if (el.matches("input[type=checkbox], input[type=radio]")) target = el.closest("label") || el;
    if (!visible(target)) continue;
    if (el.matches(".skip-link")) continue;  // off screen until focused
    const r = target.getBoundingClientRect(), cs = getComputedStyle(target);
    const text = (target.textContent || "").replace(/\\s+/g, " ").trim();
    const block = blockOf(target);
    const around = block ? block.textContent.replace(/\\s+/g, " ").trim() : text;
    const inline = target.tagName === "A" && cs.display === "inline"
                   && around.length > text.length + 2;
    const line = Math.max(r.height, parseFloat(cs.lineHeight) || 0);
    const ok = inline ? line >= 24 : r.height >= 43.5 && r.width >= 43.5;
    if (!ok) out.push(`${target.tagName.toLowerCase()} "${text.slice(0, 40)}" ` +
                      `${Math.round(r.width)}x${Math.round(r.height)}${inline ? " inline" : ""}`);
  }
  return out;
}"""


@pytest.fixture
def site(app, live_server, tmp_path):
    make_loaded_app(app, DEFAULT_SET, write_big_set(tmp_path / f"{BIG}.yaml"))
    return live_server


def check_page(page, url: str, problems: dict, axe: bool) -> None:
    """Record sideways scrolling, small targets and axe violations of the current page."""
    for details in page.locator("details").all()[:6]:
        details.evaluate("d => d.open = true")
    found = []
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    if width > viewport:
        found.append(f"scrolls sideways: {width} px in {viewport} px")
    found += page.evaluate(SMALL_TARGETS)
    if axe:
        found += [f"axe {v['id']}: {v['nodes']}" for v in axe_violations(page)]
    if found:
        problems[url] = found


def report(problems: dict) -> str:
    """One line per page and problem."""
    return "\n".join(f"{url}: {problem}" for url, found in problems.items() for problem in found)


def open_context(browser, lang: str, width: int):
    """A phone-sized context whose browser asks for `lang` (Accept-Language)."""
    locale = "sv-SE" if lang == "sv" else "en-GB"
    return browser.new_context(viewport={"width": width, "height": 740}, locale=locale,
                               bypass_csp=True, is_mobile=True, has_touch=True)


# The markup does not depend on the database: SQLite is enough for the layout sweep.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_voter_pages_fit_a_phone(browser, site, lang, width):
    context = open_context(browser, lang, width)
    page = context.new_page()
    problems: dict = {}
    for url in VOTER_PAGES:
        page.goto(site + url)
        assert page.evaluate("document.documentElement.lang") == lang, url
        check_page(page, url, problems, axe=width == 320)
    context.close()
    assert problems == {}, report(problems)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_student_pages_fit_a_phone(app, browser, site, lang, width):
    code, _ = make_class(app, FIRST_KEYS)
    context = open_context(browser, lang, width)
    page = context.new_page()
    problems: dict = {}
    page.goto(site + "/klass")
    check_page(page, "/klass", problems, axe=width == 320)
    page.locator("input[name=kod]").fill(code.lower())
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(f"/klass/{code}$"))
    check_page(page, "/klass/<code>", problems, axe=width == 320)
    page.locator("form button[type=submit]").click()
    for number in range(1, len(FIRST_KEYS) + 1):
        page.wait_for_url(re.compile(f"/klass/{code}/pastaende/{number}$"))
        if number == 1:
            check_page(page, "/klass/<code>/pastaende/1", problems, axe=width == 320)
        page.locator("button.answer").first.click()
    page.wait_for_url(re.compile(f"/klass/{code}/resultat"))
    check_page(page, "/klass/<code>/resultat", problems, axe=width == 320)
    context.close()
    assert problems == {}, report(problems)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("slug, answers", [("trygghet", ANSWERS), (BIG, BIG_ANSWERS)])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_first_phone_screen_shows_the_ranking(browser, site, slug, answers, lang):
    context = open_context(browser, lang, 390)
    page = context.new_page()
    page.goto(f"{site}/omgang/{slug}/v1/resultat?s={answers}")
    first = page.locator("ol.ranking li").first
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 740  # the best match is whole on the first screen
    assert page.locator("ol.ranking li").nth(1).bounding_box()["y"] < 740
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"result-first-screen-{slug}-{lang}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_share_copies_the_link_and_back_links_carry_the_result(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 740}, locale="sv-SE")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site}{BASE}/resultat?s={ANSWERS}&p=f1")  # all five chosen
    page.get_by_role("button", name="Kopiera länken").click()
    expect(page.locator(".share-status")).to_have_text("Länken är kopierad.")
    # The shared link is the canonical one: choosing every party is the default.
    assert page.evaluate("navigator.clipboard.readText()") == f"{site}{BASE}/resultat?s={ANSWERS}"
    page.locator("ol.ranking a.party-name").first.click()
    page.get_by_role("link", name="Visa citatet i källan").first.click()
    page.get_by_role("link", name="← Tillbaka till resultatet").first.click()
    page.wait_for_url(re.compile(rf"/resultat\?s={ANSWERS}$"))
    context.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_party_choice_search_all_and_none(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 740}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site}/omgang/{BIG}/v1/partier?s={BIG_ANSWERS}")
    boxes = page.locator("input[name=valda][type=checkbox]")
    expect(page.locator(".choice-count")).to_have_text("40 av 40 partier är valda.")
    page.get_by_role("link", name="Välj inga").click()
    assert boxes.evaluate_all("bs => bs.filter(b => b.checked).length") == 0
    page.get_by_label("Sök parti").fill("P1")  # P1, P10…P19
    assert page.locator("label.party-choice:visible").count() == 11
    page.get_by_role("link", name="Välj alla").click()  # only the ones shown
    expect(page.locator(".choice-count")).to_have_text("11 av 40 partier är valda.")
    page.get_by_role("button", name="Visa mitt resultat").click()
    page.wait_for_url(re.compile(r"/resultat\?s=\w+&p=[0-9a-f]{10}$"))
    assert page.locator("ol.ranking li").count() == 11
    context.close()
