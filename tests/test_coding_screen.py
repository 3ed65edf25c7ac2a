"""The coding screen of one cell (issue 14): the party's source text with pages beside the
form, the quote marked, save-and-next, the way back to the evidence search, quote previews in
the matrix, and a quote from the finder that is never dropped for want of a value."""

from __future__ import annotations

import io
import re

from helpers import table_counts
from test_admin_support import post, set_row

from compass.evidence import passages
from compass.questionsets import find_quote

V2 = "/admin/exempel/v2"
QUOTE_A = "Kameraövervakning ska byggas ut där brotten är många."


def _row_version(html: str) -> str:
    return re.search(r'<input[^>]*name="row_version"[^>]*value="(\d+)"', html).group(1)


def _textarea(html: str, name: str) -> str:
    return re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', html,
                     re.S).group(1)


def test_passages_keep_every_character_of_the_text_but_blank_lines_and_page_breaks():
    text = "Rubrik\n\nVi vill ha fler\nvakter.  Och ljus.\n\f\nSida två, rad ett.\n\n\f\f\nSist."
    found = passages(text, "vakter. Och ljus. Sida två")
    assert [p.page for p in found] == [1, None, 2, 4]
    joined = "".join(s.text for p in found for s in p.segments)
    assert joined.replace(" ", "").replace("\n", "") == \
        text.replace(" ", "").replace("\n", "").replace("\f", "")
    marked = " ".join(s.text for p in found for s in p.segments if s.hit)
    assert find_quote(marked, text) == find_quote("vakter. Och ljus. Sida två", text)
    assert passages("Utan sidor.", None)[0].page is None
    assert passages("   \n\n  ", "x") == []
    assert all(not s.hit for p in passages(text, "finns inte") for s in p.segments)


def test_the_cell_screen_shows_the_source_text_with_pages_and_marks_the_quote(app, editor):
    from programme_files import make_pdf

    payload = make_pdf([["Program för Parti B"], ["Vi vill ha fler trygghetsvärdar i centrum."]])
    assert post(editor, f"{V2}/kallor/ny", {
        "title": "Program", "publisher": "Parti B", "parties": ["b"],
        "upload": (io.BytesIO(payload), "program.pdf")},
        content_type="multipart/form-data").status_code == 303
    cell = f"{V2}/matris/ordningsvakter/b"
    page = editor.get(cell).get_data(as_text=True)
    # Both of B's documents, the one holding the stored quote first, quote marked.
    assert page.index('data-source="b-program"') < page.index('data-source="program"')
    assert '<mark class="seg" id="citat-i-kallan">Vi vill ha fler ordningsvakter.</mark>' in page
    assert '<p class="page-number">s. 2</p>' in page
    assert "Program för Parti B" in page and "Partiets källtext" in page
    assert "Kopiera en mening eller ett stycke ur texten till citatrutan." in page  # no JS
    saved = post(editor, cell, {"value": "1", "quote": "fler trygghetsvärdar i centrum",
                                "source": "program", "row_version": _row_version(page)})
    assert saved.status_code == 303
    page = editor.get(cell).get_data(as_text=True)
    assert page.index('data-source="program"') < page.index('data-source="b-program"')
    assert '<mark class="seg" id="citat-i-kallan">fler trygghetsvärdar i centrum</mark>' in page
    # A quote that occurs in none of the party's documents is said so, next to the text.
    typo = editor.get(cell, query_string={"citat": "Vi vill ha färre vakter.", "kalla": "program"})
    assert "finns inte ordagrant i någon av partiets källor" in typo.get_data(as_text=True)


def test_save_and_next_walks_the_row_then_the_next_statement(app, editor):
    first = f"{V2}/matris/ordningsvakter/a"
    page = editor.get(first).get_data(as_text=True)
    assert 'rel="next"' in page and 'rel="prev"' not in page
    assert "Spara och nästa" in page
    saved = post(editor, first, {"value": "1", "quote": "Vi vill ha fler ordningsvakter",
                                 "source": "a-program", "row_version": _row_version(page),
                                 "then": "next"})
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"{V2}/matris/ordningsvakter/b"
    page = editor.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Rutan är sparad." in page
    nxt = post(editor, f"{V2}/matris/ordningsvakter/b", {
        "value": "2", "quote": "Vi vill ha fler ordningsvakter.", "source": "b-program",
        "row_version": _row_version(page), "then": "next"})
    assert nxt.headers["Location"] == f"{V2}/matris/kameror-restriktivt/a"  # the next row
    last = f"{V2}/matris/kameror-restriktivt/b"
    page = editor.get(last).get_data(as_text=True)
    assert 'rel="next"' not in page and "Spara och nästa" not in page
    done = post(editor, last, {"value": "2", "quote": "Kameror ska användas restriktivt.",
                               "source": "b-program", "row_version": _row_version(page),
                               "then": "next"})
    assert done.headers["Location"] == f"{V2}/matris#c-kameror-restriktivt-b"
    stored = editor.get(f"{V2}/matris/ordningsvakter/a").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="1"', stored)


def test_a_finder_hit_opens_the_cell_and_saving_returns_to_the_results(app, editor):
    opened = editor.get(f"{V2}/bevis/anvand", query_string={
        "pastaende": "kameror-restriktivt", "parti": "a", "citat": QUOTE_A,
        "kalla": "a-program", "q": "kamera"})
    assert opened.status_code == 303
    url = opened.headers["Location"]
    assert "q=kamera" in url
    page = editor.get(url).get_data(as_text=True)
    assert _textarea(page, "quote") == QUOTE_A
    assert f'<mark class="seg" id="citat-i-kallan">{QUOTE_A}</mark>' in page  # the hit
    assert "Tillbaka till sökträffarna" in page
    saved = post(editor, url, {"value": "-2", "quote": QUOTE_A, "source": "a-program",
                               "row_version": _row_version(page)})
    assert saved.status_code == 303
    assert saved.headers["Location"] == \
        f"{V2}/bevis?q=kamera&pastaende=kameror-restriktivt#g-a"
    results = editor.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'id="g-a"' in results and 'id="g-b"' in results
    # Save-and-next keeps the search for the cell after it.
    page = editor.get(url).get_data(as_text=True)
    onward = post(editor, url, {"value": "-2", "quote": QUOTE_A, "source": "a-program",
                                "row_version": _row_version(page), "then": "next"})
    assert onward.headers["Location"] == f"{V2}/matris/kameror-restriktivt/b?q=kamera"


def test_a_prefilled_quote_without_a_value_comes_back_with_an_error(app, editor):
    opened = editor.get(f"{V2}/bevis/anvand", query_string={
        "pastaende": "kameror-restriktivt", "parti": "a", "citat": QUOTE_A,
        "kalla": "a-program", "q": "kamera"})
    url = opened.headers["Location"]
    page = editor.get(url).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="ingen"', page)  # no value chosen yet
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    refused = post(editor, url, {"value": "ingen", "quote": QUOTE_A, "source": "a-program",
                                 "row_version": _row_version(page)})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Välj en ståndpunkt för citatet." in html
    assert "Rutan är sparad." not in html
    assert _textarea(html, "quote") == QUOTE_A  # the quote is kept
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before
    # A typed or selected quote the same way, and in English for an English editor.
    refused = post(editor, f"{V2}/matris/ordningsvakter/a?lang=en", {
        "value": "ingen", "quote": "Något nytt.", "source": "",
        "row_version": _row_version(page)}, headers={"Accept-Language": "en"})
    assert refused.status_code == 400
    assert "Choose a position for the quote." in refused.get_data(as_text=True)
    # Emptying the quote box saves the cell without a stated position, as asked.
    emptied = post(editor, url, {"value": "ingen", "quote": "", "source": "a-program",
                                 "row_version": _row_version(page)})
    assert emptied.status_code == 303


def test_the_matrix_previews_quotes_and_offers_the_grid_keys(app, editor):
    cell = f"{V2}/matris/kameror-restriktivt/a"
    long_quote = "Vi vill ha fler ordningsvakter på kvällarna. " + QUOTE_A
    page = editor.get(cell).get_data(as_text=True)
    post(editor, cell, {"value": "-2", "quote": long_quote, "source": "a-program",
                        "row_version": _row_version(page)})
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert '<span class="quote-preview" aria-hidden="true">Vi vill ha fler ordningsvakter.' \
        '</span>' in matrix  # short quotes whole
    previews = re.findall(r'<span class="quote-preview" aria-hidden="true">([^<]*)</span>',
                          matrix)
    shortened = [p for p in previews if p.endswith("…")]
    assert len(shortened) == 1 and len(shortened[0]) <= 60
    assert long_quote.startswith(shortened[0][:-1])
    assert f'title="{long_quote}"' in matrix
    assert f"citat: ”{long_quote}”" in matrix  # the full quote in the accessible name
    assert "<table class=\"matrix\" data-grid>" in matrix
    assert "piltangenterna" in matrix


def test_the_editors_note_has_an_english_field_that_english_voters_see(app, editor):
    from test_admin_support import definition

    cell = f"{V2}/matris/ordningsvakter/b"
    page = editor.get(cell).get_data(as_text=True)
    assert 'name="note_en"' in page
    saved = post(editor, cell, {"value": "2", "quote": "Vi vill ha fler ordningsvakter.",
                                "source": "b-program", "evidence": "proposal",
                                "note": "Uttryckligt förslag.",
                                "note_en": "An explicit proposal.",
                                "review_status": "not_asked",
                                "row_version": _row_version(page)})
    assert saved.status_code == 303
    position = next(s for s in definition(app, "exempel", 2).statements
                    if s.key == "ordningsvakter").positions["b"]
    assert (position.note, position.note_en) == ("Uttryckligt förslag.", "An explicit proposal.")
    reopened = editor.get(cell).get_data(as_text=True)
    assert _textarea(reopened, "note_en") == "An explicit proposal."
    overview = editor.get(f"{V2}/oversattningar").get_data(as_text=True)
    assert "Redaktionens kommentar" not in overview  # translated now
