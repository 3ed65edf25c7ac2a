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


def _no_sideways_scroll(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{what}: {width} px wide"


def _save_page(teacher) -> tuple[str, str, str]:
    expect(teacher.get_by_role("heading", name="Spara kontrollänken innan du visar något för "
                                                "klassen")).to_be_visible()
    control, projector = [t.strip() for t in teacher.locator(".secret-link").all_inner_texts()]
    code = projector.rstrip("/").split("/")[-2]
    return control, projector, code


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
    control, projector, code = _save_page(teacher)
    assert control.startswith(f"{live_server}/klassrum/") and len(code) == 6
    assert projector == f"{live_server}/klass/{code}/tavla"
    _no_violations(teacher, "save-the-link page")

    students = [_student_lesson(browser, browser_context_args, live_server, code, answers,
                                check=(i == 0))
                for i, answers in enumerate(STUDENT_ANSWERS)]

    teacher.goto(control)
    summary = teacher.locator("[data-live-summary]")
    expect(summary).to_have_attribute("data-live-summary", "3 elever anslutna, 3 klara")
    expect(teacher.locator(".secret-link")).to_have_count(0)
    _no_violations(teacher, "control page before the picture")
    warning = teacher.locator("[data-fullscreen-warning]")
    expect(warning).to_be_hidden()
    # Headless Chromium cannot go full screen; tell the page's script it has.
    teacher.evaluate("Object.defineProperty(document, 'fullscreenElement', "
                     "{get: () => document.documentElement, configurable: true}); "
                     "document.dispatchEvent(new Event('fullscreenchange'))")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Visa inte kontrollpanelen för klassen")
    teacher.evaluate("Object.defineProperty(document, 'fullscreenElement', "
                     "{get: () => null, configurable: true}); "
                     "document.dispatchEvent(new Event('fullscreenchange'))")
    expect(warning).to_be_hidden()
    teacher.get_by_role("button", name="Visa klassbilden").click()
    expect(teacher.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_have_count(0)

    board = teacher_context.new_page()
    board.goto(projector)
    expect(board.get_by_text("Klassens svar visas när minst 5 elever")).to_be_visible()
    # Two more students answer; the projector's polling script brings the class picture in.
    make_student(app, code, "eeca")
    make_student(app, code, "aecb")
    expect(board.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_be_visible(timeout=LIVE)
    for number in (1, 2):
        expect(board.locator(f"#fordelning-{number}-title")).to_have_count(1)
    # The picture froze when the fifth student came to count (two of four answers): then
    # statements 3 and 4 had four answers each, fewer than five, and are not shown.
    for number in (3, 4):
        expect(board.locator(f"#fordelning-{number}-title")).to_have_count(0)
    expect(board.get_by_text("2 påståenden visas inte än")).to_be_visible()
    expect(board.get_by_role("heading", name="Här är klassen mest oenig")).to_be_visible()
    assert "/klassrum/" not in board.content()
    _no_violations(board, "projector view with the class picture")
    screenshot(board, "class-board")

    board.get_by_role("link", name="Diskussionsläge").click()
    expect(board.locator("h1")).to_have_text(
        "Det bör finnas fler ordningsvakter på gator och torg.")
    expect(board.locator("#fordelning-1-title")).to_have_count(1)
    expect(board.get_by_text("MalmöAlliansen vill anställa 100 ordningsvakter")).to_be_hidden()
    _no_violations(board, "discussion")
    board.get_by_text("Visa partiernas ståndpunkter").click()
    expect(board.get_by_text("MalmöAlliansen vill anställa 100 ordningsvakter")).to_be_visible()
    _no_violations(board, "discussion with positions")
    screenshot(board, "class-discussion")
    board.get_by_role("link", name="Nästa påstående").click()
    expect(board.locator(".progress-text")).to_contain_text("Påstående 2 av 4")

    first_student = students[0][1]
    first_student.reload()
    expect(first_student.get_by_role("heading", name="Klassens matchning med partierna")) \
        .to_be_visible()
    _no_violations(first_student, "student result with the class picture")
    first_student.set_viewport_size({"width": 320, "height": 640})
    _no_sideways_scroll(first_student, "student result at 320 px")
    screenshot(first_student, "class-student-result")
    first_student.goto(f"{live_server}/klass")
    box = first_student.get_by_label("Kod från läraren").bounding_box()
    assert box["height"] >= 44
    assert first_student.get_by_label("Kod från läraren").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    _no_sideways_scroll(first_student, "join page at 320 px")

    teacher.goto(control)
    teacher.get_by_role("button", name="Stäng klassrummet").click()  # the box is required
    expect(teacher.locator(".status.open")).to_be_visible()
    expect(teacher.get_by_label("Ja, stäng klassrummet nu")).to_have_attribute("required", "")
    teacher.get_by_label("Ja, stäng klassrummet nu").check()
    teacher.get_by_role("button", name="Stäng klassrummet").click()
    expect(teacher.locator(".status.closed")).to_be_visible()
    late = students[1][1]
    late.goto(f"{live_server}/klass/{code}/pastaende/1")
    expect(late.get_by_role("heading", name="Klassrummet är stängt")).to_be_visible()

    with teacher.expect_download() as json_download:
        teacher.get_by_role("link", name="Allt i en fil (JSON)").click()
    document = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert document["klassrum"]["status"] == "closed" and document["elever"]["raknade"] == 5
    assert document["pastaenden"][0]["antal"] == {"-2": 2, "-1": 0, "0": 0, "1": 1, "2": 2}
    assert "svar" not in document
    teacher.get_by_role("button", name="Öppna klassrummet igen").click()
    expect(teacher.locator(".status.open")).to_be_visible()

    for context, _page in students:
        context.close()
    teacher_context.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_teacher_paced_lesson_in_real_browsers(app, live_server, browser,
                                                 browser_context_args):
    """Teacher, projector and six phones through three statements, phones without JS."""
    make_set_app(app)
    teacher_context = browser.new_context(**{**browser_context_args,
                                             "viewport": {"width": 1280, "height": 800}})
    teacher = teacher_context.new_page()
    teacher.goto(f"{live_server}/klassrum/ny")
    for key in FIRST_KEYS[:3]:
        teacher.locator(f"input[name='pastaende'][value='{key}']").check()
    teacher.get_by_label("Lärarlett", exact=False).check()
    teacher.get_by_role("button", name="Skapa klassrummet").click()
    control, projector, code = _save_page(teacher)
    teacher.get_by_role("link", name="Jag har sparat länken – till kontrollpanelen").click()

    board_context = browser.new_context(**{**browser_context_args,
                                           "viewport": {"width": 1600, "height": 900}})
    board = board_context.new_page()
    board.goto(projector)
    expect(board.get_by_text("Läraren öppnar första påståendet snart.")).to_be_visible()
    html = board.content()
    assert control.split("/")[-2] not in html and "/klassrum/" not in board.url
    assert board.locator("form, button").count() == 0
    _no_violations(board, "projector view of a paced lesson")

    phones = []
    for _ in range(6):  # phones without JavaScript follow by refreshing themselves
        context = browser.new_context(**{**browser_context_args, "java_script_enabled": False,
                                          "viewport": {"width": 360, "height": 740}})
        page = context.new_page()
        page.goto(f"{live_server}/klass/{code}")
        page.get_by_role("button", name="Börja").click()
        expect(page.get_by_role("heading", name="Vänta på läraren")).to_be_visible()
        phones.append((context, page))
    narrow = phones[0][1]
    narrow.set_viewport_size({"width": 320, "height": 640})
    _no_sideways_scroll(narrow, "paced waiting page at 320 px")
    narrow.goto(f"{live_server}/klass/{code}")
    _no_sideways_scroll(narrow, "class page at 320 px")
    narrow.goto(f"{live_server}/klass/{code}/lektion")

    answers = [("Helt för", "För", "Helt för", "Emot", "Neutral", "Helt för"),
               ("Emot", "Emot", "Helt emot", "För", "Neutral", "Emot"),
               ("Neutral", "För", "Helt för", "För", "Helt emot", "Neutral")]
    for number in (1, 2, 3):
        teacher.get_by_role("button", name="Öppna").click()
        expect(board.locator(".paced-statement .progress-text")).to_contain_text(
            f"Påstående {number} av 3", timeout=LIVE)
        for (_context, page), label in zip(phones, answers[number - 1], strict=True):
            expect(page.locator("#progress")).to_have_text(f"Påstående {number} av 3",
                                                           timeout=LIVE)
            if page is narrow and number == 1:
                _no_sideways_scroll(page, "paced statement page at 320 px")
            page.get_by_role("button", name=label, exact=True).click()
            expect(page.get_by_role("heading", name="Tack, ditt svar är sparat")).to_be_visible()
        teacher.reload()
        expect(teacher.get_by_text("6 elever har svarat på det.")).to_be_visible()
        teacher.get_by_role("button", name=f"Visa klassens svar på påstående {number}").click()
        expect(board.locator(f"#fordelning-{number}-title")).to_have_count(1, timeout=LIVE)
        expect(board.get_by_role("heading", name="Partiernas ståndpunkter")).to_be_visible()
        assert board.locator("blockquote").count() >= 1
        if number == 1:
            _no_violations(board, "projector view with a revealed statement")
            screenshot(board, "class-paced-board")
    assert board.locator("form, button").count() == 0
    assert control.split("/")[-2] not in board.content()
    for link, what in (("Lektionsmaterial", "lesson kit"),
                       ("Sammanfattning att skriva ut", "printable summary")):
        teacher.goto(control)
        teacher.get_by_role("link", name=link).click()
        _no_violations(teacher, what)
        _no_sideways_scroll(teacher, what)
    teacher.emulate_media(media="print")
    screenshot(teacher, "class-summary-print")
    teacher.emulate_media(media="screen")
    narrow.get_by_role("link", name="Se ditt resultat hittills").click()  # off the refresh
    expect(narrow.get_by_role("heading", name="Ditt resultat")).to_be_visible()
    _no_sideways_scroll(narrow, "paced student result at 320 px")
    board.set_viewport_size({"width": 320, "height": 640})
    _no_sideways_scroll(board, "projector view at 320 px")
    for context, _page in phones:
        context.close()
    board_context.close()
    teacher_context.close()
