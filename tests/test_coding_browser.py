"""The coding screen in real Chromium (issue 14): build a 3-party × 8-statement set in the web
editor, then code all 24 cells from the source texts – select text, choose a value, "Spara och
nästa" – counting page loads; the matrix as a keyboard grid; a finder quote never dropped."""

from __future__ import annotations

import re

import pytest
from helpers import axe_violations, make_loaded_app, screenshot
from playwright.sync_api import expect
from test_admin_support import PASSWORD, definition, make_user

from compass.questionsets import find_quote

SLUG = "kodtest"
PARTIES = [("Gröna vägen", "GV"), ("Stadspartiet", "SP"), ("Lokala listan", "LL")]
ISSUES = [("Ordning", "fler ordningsvakter i centrum"),
          ("Ordning", "kameror vid resecentrum"),
          ("Skola", "mindre klasser i grundskolan"),
          ("Skola", "gratis frukost i skolan"),
          ("Miljö", "fler cykelbanor mellan stadsdelarna"),
          ("Miljö", "att kommunens bilar går på el"),
          ("Omsorg", "fler platser på äldreboenden"),
          ("Omsorg", "kortare väntan på hemtjänst")]
VALUES = [2, 1, 0, -1, -2]


def _sentence(party: int, issue: int) -> str:
    verb = "vill ha" if VALUES[(party + issue) % 5] > 0 else "säger nej till"
    if party == 1:  # typographic quotes and dashes come through a selection unchanged
        return f"{PARTIES[party][0]} – ”{verb} {ISSUES[issue][1]}” under mandatperioden."
    return f"{PARTIES[party][0]} {verb} {ISSUES[issue][1]} under mandatperioden."


def _source_text(party: int) -> str:
    paragraphs = [f"Valprogram för {PARTIES[party][0]}"]
    paragraphs += [_sentence(party, issue) for issue in range(len(ISSUES))]
    text = "\n\n".join(paragraphs)
    if party == 2:  # a programme with pages: a page break before the fourth proposal
        text = text.replace("\n\n" + _sentence(2, 3), "\n\f\n" + _sentence(2, 3))
    return text


@pytest.fixture
def site(app, live_server):
    make_user(app, "redaktor@example.org", "editor")
    return live_server


def _sign_in(page, site: str) -> None:
    page.goto(f"{site}/admin/login")
    page.get_by_label("E-postadress").fill("redaktor@example.org")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Frågeomgångar")).to_be_visible()


def _build_set(page, site: str) -> str:
    """Create the set, its parties, pasted sources and statements through the editor's forms."""
    page.goto(f"{site}/admin/ny")
    page.get_by_label("Kortnamn i adressen").fill(SLUG)
    page.get_by_label("Titel", exact=True).fill("Kodtest")
    page.get_by_label("Beskrivning", exact=True).fill("Åtta påståenden, tre partier.")
    page.get_by_label("Kommun").fill("Provstad")
    page.get_by_label("År").fill("2026")
    page.get_by_label("Kodad av").fill("Redaktionen")
    page.get_by_role("button", name="Skapa utkast").click()
    expect(page.get_by_text("Frågeomgången skapades som utkast, version 1.")).to_be_visible()
    base = f"{site}/admin/{SLUG}/v1"
    for name, short in PARTIES:
        page.goto(f"{base}/partier/ny")
        page.get_by_label("Namn", exact=True).fill(name)
        page.get_by_label("Kortnamn", exact=True).fill(short)
        page.get_by_role("button", name="Spara", exact=True).click()
        expect(page.get_by_role("link", name=name)).to_be_visible()
    for index, (name, _short) in enumerate(PARTIES):
        page.goto(f"{base}/kallor/ny")
        page.get_by_label("Titel", exact=True).fill(f"Valprogram {index + 1}")
        page.get_by_label("Utgivare").fill(name)
        page.get_by_label(name, exact=True).check()
        page.get_by_label("Text (klistra in)").fill(_source_text(index))
        page.get_by_role("button", name="Spara", exact=True).click()
        expect(page.get_by_text("Källdokumentet är tillagt.")).to_be_visible()
    for theme, issue in ISSUES:
        page.goto(f"{base}/pastaenden/ny")
        page.get_by_label("Påstående", exact=True).fill(f"Kommunen bör satsa på {issue}.")
        page.get_by_label("Tema", exact=True).fill(theme)
        page.get_by_role("button", name="Spara", exact=True).click()
        expect(page.get_by_role("heading", name="Redigera påstående")).to_be_visible()
    return base


def _lines(locator) -> list[dict]:
    """The screen boxes of a paragraph's lines of text."""
    return locator.evaluate("""p => { const r = document.createRange(); r.selectNodeContents(p);
        return Array.from(r.getClientRects(), b => ({x: b.left, y: b.top + b.height / 2,
                                                     w: b.width})); }""")


def _drag(page, start: dict, end_x: float, end_y: float) -> None:
    page.mouse.move(start["x"] + 1, start["y"])
    page.mouse.down()
    page.mouse.move(end_x, end_y, steps=8)
    page.mouse.up()


def _select(page, party: int, issue: int) -> str:
    """Select the cell's text in the source pane like an editor would; return what is meant
    ("" where the mouse decides how much)."""
    pane = page.locator(".source-scroll")
    sentence = _sentence(party, issue)
    target = pane.locator("p.passage", has_text=sentence)
    target.scroll_into_view_if_needed()
    if (party, issue) == (0, 0):
        # Drag across part of the first line: the quote is whatever the mouse covered.
        first = _lines(target)[0]
        _drag(page, first, first["x"] + first["w"] * 0.6, first["y"])
        return ""
    if (party, issue) == (2, 2):
        # Drag from this proposal over the page number into the next page's first one (both
        # in view, so that the pane does not scroll under the mouse).
        following = pane.locator("p.passage", has_text=_sentence(2, 3))
        target.evaluate("p => p.scrollIntoView({block: 'center'})")
        frame = pane.bounding_box()
        last = _lines(following)[-1]
        assert frame["y"] + 60 < _lines(target)[0]["y"]
        assert last["y"] < frame["y"] + frame["height"] - 60
        _drag(page, _lines(target)[0], last["x"] + last["w"] - 1, last["y"])
        return f"{sentence} {_sentence(2, 3)}"
    target.click(click_count=3)  # a triple click selects the paragraph
    return sentence


def test_coding_24_cells_from_the_source_texts_costs_few_page_loads(app, site, page, request):
    check_axe = request.node.callspec.params.get("database_url") == "sqlite"
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, site)
    base = _build_set(page, site)

    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.goto(f"{base}/matris")
    page.locator("td.cell a").first.click()
    saved: dict[tuple[int, int], str] = {}
    for issue in range(len(ISSUES)):
        for party in range(len(PARTIES)):
            expect(page.get_by_role("heading", level=1)).to_have_text(
                f"Kommunen bör satsa på {ISSUES[issue][1]}.")
            expect(page.locator(".lead")).to_contain_text(PARTIES[party][0])
            if check_axe and (issue, party) in ((0, 0), (2, 2)):
                assert axe_violations(page) == [], page.url
            meant = _select(page, party, issue)
            quote = page.get_by_label("Citat (ordagrant ur källan)")
            if meant:
                expect(quote).to_have_value(meant)
            else:
                expect(quote).not_to_have_value("")
            assert "s. 2" not in quote.input_value()
            saved[(issue, party)] = quote.input_value()
            page.locator(f'input[name="value"][value="{VALUES[(party + issue) % 5]}"]').check()
            if (issue, party) == (2, 2):
                expect(page.locator(".page-number", has_text="s. 2")).to_be_visible()
                screenshot(page, "admin-coding-screen")
            last = (issue, party) == (len(ISSUES) - 1, len(PARTIES) - 1)
            page.get_by_role("button", name="Spara rutan" if last else "Spara och nästa").click()
            expect(page.get_by_text("Rutan är sparad.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/matris#c-"))
    coding_loads = len(loads)
    print(f"\npage loads for coding 24 cells: {coding_loads}")
    assert coding_loads <= 40
    assert coding_loads == 26  # the matrix, the first cell, then one load per saved cell

    # Every cell is stored with its value and a quote that occurs verbatim in its source.
    expect(page.locator("td.cell-ok")).to_have_count(24)
    stored = definition(app, SLUG, 1)
    texts = {s.key: s.text for s in stored.sources}
    for issue, st in enumerate(stored.statements):
        for party, p in enumerate(stored.parties):
            pos = st.positions[p.key]
            assert pos.value == VALUES[(party + issue) % 5], (issue, party)
            assert pos.quote == saved[(issue, party)]
            assert find_quote(pos.quote, texts[pos.source]), pos.quote
    assert stored.statements[0].positions[stored.parties[0].key].quote != _sentence(0, 0)
    # …and the export says the same.
    exported = page.request.get(f"{base}/export.yaml")
    assert exported.ok
    assert f"quote: {_sentence(1, 7)}" in exported.text()
    if check_axe:
        assert axe_violations(page) == [], page.url
    screenshot(page, "admin-matrix-previews")


def test_the_matrix_is_a_keyboard_grid(app, site, page):
    from helpers import VALID

    make_loaded_app(app, VALID / "exempel.yaml")
    _sign_in(page, site)
    page.get_by_role("link", name="Exempelomgång").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()
    page.get_by_role("link", name="Matris", exact=True).click()
    grid = page.get_by_role("grid")
    expect(grid).to_be_visible()
    expect(page.get_by_text("Flytta mellan rutorna med piltangenterna")).to_be_visible()
    links = grid.locator("td.cell a")
    expect(links).to_have_count(4)
    expect(grid.locator('td.cell a[tabindex="0"]')).to_have_count(1)  # one tab stop
    # Tab reaches the grid's one cell straight after the scroll region around it.
    page.locator(".matrix-wrap").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused.endswith("/matris/ordningsvakter/a")
    # B's quote preview is in the cell, the full quote in its name.
    expect(grid.locator("#c-ordningsvakter-b .quote-preview")).to_have_text(
        "Vi vill ha fler ordningsvakter.")
    expect(grid.get_by_role("link", name=re.compile("citat: ”Vi vill ha fler ordningsvakter.”"))
           ).to_be_visible()

    def at() -> str:
        return page.evaluate("() => document.activeElement.getAttribute('href')")

    for key, expected in (("ArrowRight", "ordningsvakter/b"), ("ArrowRight", "ordningsvakter/b"),
                          ("ArrowDown", "kameror-restriktivt/b"),
                          ("ArrowLeft", "kameror-restriktivt/a"), ("ArrowUp", "ordningsvakter/a"),
                          ("End", "ordningsvakter/b"), ("Home", "ordningsvakter/a"),
                          ("Control+End", "kameror-restriktivt/b"),
                          ("Control+Home", "ordningsvakter/a"),
                          ("PageDown", "kameror-restriktivt/a")):
        page.keyboard.press(key)
        assert at().endswith(expected), (key, at())
    expect(grid.locator('td.cell a[tabindex="0"]')).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/matris/kameror-restriktivt/a$"))
    # A change not saved yet is not lost to a click on "Nästa ruta": the browser asks first.
    dialogs: list[str] = []

    def answer(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_label("För (+1)", exact=True).check()
    page.get_by_role("link", name="Nästa ruta").click()
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/matris/kameror-restriktivt/a$"))
    expect(page.get_by_label("För (+1)", exact=True)).to_be_checked()
    # Back on the matrix (leaving is confirmed), the cell just left has the focus.
    page.get_by_role("link", name="Tillbaka till matrisen").click()
    page.wait_for_function(
        "() => document.activeElement.matches('#c-kameror-restriktivt-a a')", timeout=5000)
    expect(page.locator("#c-kameror-restriktivt-a a")).to_have_attribute("tabindex", "0")


def test_a_quote_from_the_finder_is_kept_when_no_value_is_chosen(app, site, page):
    from helpers import VALID

    make_loaded_app(app, VALID / "exempel.yaml")
    _sign_in(page, site)
    page.get_by_role("link", name="Exempelomgång").click()
    page.get_by_role("button", name="Skapa nytt utkast av version 1").click()
    page.get_by_role("link", name="Sök bevis", exact=True).click()
    page.get_by_label("Sökord").fill("kamera")
    page.get_by_label("Påstående att koda (valfritt)").select_option(
        label="2. Kommunen bör vara restriktiv med kameraövervakning.")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("link", name=re.compile("Använd som citat – A,")).click()
    quote = "Kameraövervakning ska byggas ut där brotten är många."
    expect(page.get_by_label("Citat (ordagrant ur källan)")).to_have_value(quote)
    expect(page.locator("mark#citat-i-kallan")).to_have_text(quote)  # the hit, in the source
    expect(page.locator("#source-hint")).to_have_text(
        "Markera en mening eller ett stycke, så fylls citatet och källan i.")
    # On a phone the source text comes below the form, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    form, source = (page.locator(sel).bounding_box() for sel in (".coding-form", ".coding-source"))
    assert source["y"] >= form["y"] + form["height"] and source["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "admin-coding-phone")
    page.get_by_role("button", name="Spara rutan").click()
    expect(page.get_by_text("Välj en ståndpunkt för citatet.")).to_be_visible()
    expect(page.get_by_text("Rutan är sparad.")).to_have_count(0)
    expect(page.get_by_label("Citat (ordagrant ur källan)")).to_have_value(quote)
    page.get_by_label("Helt emot (-2)").check()
    page.get_by_role("button", name="Spara rutan").click()
    # Saved, and back on the search results, not the matrix: the next party is one click away.
    expect(page.get_by_text("Rutan är sparad.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/bevis\?q=kamera&pastaende=kameror-restriktivt#g-a$"))
    expect(page.locator("mark", has_text="Kameror").first).to_be_visible()
