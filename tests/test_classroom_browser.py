"""A whole lesson in real Chromium: one teacher, three students, then two more via the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import axe_violations, screenshot
from playwright.sync_api import expect
from test_classroom import FIRST_KEYS, make_set_app, make_student

STUDENT_ANSWERS = [("Helt för", "För", "Neutral", "Emot"),
                   ("Helt emot", "Helt för", "Hoppa över", "Emot"),
                   ("För", "För", "Neutral", "Helt för")]
LIVE = 15_000  # ms: the dashboard polls every 4 s


def _no_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def _student_lesson(browser, args, base: str, code: str, answers, check: bool):
    context = browser.new_context(**{**args, "viewport": {"width": 390, "height": 844}})
    page = context.new_page()
    if check:  # the first student types the code; the others come from the QR link
        page.goto(f"{base}/klass")
        _no_violations(page, "join page")
        page.get_by_label("Kod från läraren").fill(code.lower())
        page.get_by_role("button", name="Gå med").click()
    else:
        page.goto(f"{base}/klass/{code}")
    expect(page.get_by_role("button", name="Börja")).to_be_visible()
    if check:
        _no_violations(page, "class page")
    page.get_by_role("button", name="Börja").click()
    for number, label in enumerate(answers, start=1):
        expect(page.locator("#progress")).to_have_text(f"Påstående {number} av 4")
        if check and number == 1:
            _no_violations(page, "statement page")
        button = page.get_by_role("button", name=label, exact=True)
        if number == 2:  # keyboard only
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
    expect(page.get_by_role("heading", name="Ditt resultat")).to_be_visible()
    expect(page.get_by_text("Klassens svar visas när minst 5 elever")).to_be_visible()
    if check:
        _no_violations(page, "student result below the threshold")
    return context, page


# One backend is enough for the browser (the page tests run on both): the production one.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_lesson_in_real_browsers(app, live_server, browser, browser_context_args):
    # Contexts bypass the CSP only so that axe-core can be injected (see conftest).
    make_set_app(app)
    teacher_context = browser.new_context(**{**browser_context_args, "accept_downloads": True,
                                             "viewport": {"width": 1600, "height": 900}})
    teacher = teacher_context.new_page()
    teacher.goto(f"{live_server}/")
    teacher.get_by_role("link", name="Starta ett klassrum").click()
    _no_violations(teacher, "new class page")
    for key in FIRST_KEYS:
        teacher.locator(f"input[name='pastaende'][value='{key}']").check()
    teacher.get_by_role("button", name="Skapa klassrummet").click()
    expect(teacher.get_by_role("heading", name="Spara den här länken")).to_be_visible()
    dashboard = teacher.locator(".secret-link").inner_text().strip()
    code = teacher.locator(".join-code").inner_text().strip()
    assert dashboard.startswith(f"{live_server}/klassrum/") and len(code) == 6
    _no_violations(teacher, "dashboard with the secret link")

    students = [_student_lesson(browser, browser_context_args, live_server, code, answers,
                                check=(i == 0))
                for i, answers in enumerate(STUDENT_ANSWERS)]

    teacher.goto(dashboard)
    expect(teacher.get_by_role("heading", name="Spara den här länken")).to_have_count(0)
    summary = teacher.locator("[data-live-summary]")
    expect(summary).to_have_attribute("data-live-summary", "3 elever anslutna, 3 klara")
    expect(teacher.get_by_text("Nu räknas 3 elever – det behövs 2 till.")).to_be_visible()
    expect(teacher.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_have_count(0)
    _no_violations(teacher, "dashboard below the threshold")

    # Two more students answer; the polling script brings the class picture in.
    make_student(app, code, "eeca")
    make_student(app, code, "aecb")
    expect(teacher.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_be_visible(timeout=LIVE)
    expect(teacher.locator("[data-live-status]")).to_have_text("5 elever anslutna, 5 klara")
    for number in range(1, 5):
        expect(teacher.locator(f"#fordelning-{number}-title")).to_have_count(1)
    expect(teacher.get_by_role("heading", name="Här är klassen mest oenig")).to_be_visible()
    _no_violations(teacher, "dashboard with the class picture")
    screenshot(teacher, "class-dashboard")

    teacher.get_by_role("link", name="Diskussionsläge").click()
    expect(teacher.locator("h1")).to_have_text(
        "Det bör finnas fler ordningsvakter på gator och torg.")
    expect(teacher.locator("#fordelning-1-title")).to_have_count(1)
    expect(teacher.locator("blockquote")).to_have_count(0)
    _no_violations(teacher, "discussion")
    teacher.get_by_role("link", name="Visa partiernas ståndpunkter").click()
    expect(teacher.get_by_text("MalmöAlliansen vill anställa 100 ordningsvakter")).to_be_visible()
    assert "visa=1" in teacher.url
    _no_violations(teacher, "discussion with positions")
    screenshot(teacher, "class-discussion")
    teacher.get_by_role("link", name="Nästa påstående").click()
    expect(teacher.locator(".progress-text")).to_contain_text("Påstående 2 av 4")
    expect(teacher.locator("blockquote")).to_have_count(0)

    first_student = students[0][1]
    first_student.reload()
    expect(first_student.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_be_visible()
    _no_violations(first_student, "student result with the class picture")
    screenshot(first_student, "class-student-result")

    teacher.goto(dashboard)
    teacher.get_by_role("button", name="Stäng klassrummet").click()
    expect(teacher.locator(".status.closed")).to_be_visible()
    late = students[1][1]
    late.goto(f"{live_server}/klass/{code}/pastaende/1")
    expect(late.get_by_role("heading", name="Klassrummet är stängt")).to_be_visible()

    with teacher.expect_download() as csv_download:
        teacher.get_by_role("link", name="Elevernas svar (CSV)").click()
    lines = Path(csv_download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("elev,klar,fler-ordningsvakter,") and len(lines) == 6
    with teacher.expect_download() as json_download:
        teacher.get_by_role("link", name="Allt i en fil (JSON)").click()
    document = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert document["klassrum"]["status"] == "closed" and document["elever"]["raknade"] == 5
    assert document["pastaenden"][0]["antal"] == {"-2": 2, "-1": 0, "0": 0, "1": 1, "2": 2}

    for context, _page in students:
        context.close()
    teacher_context.close()
