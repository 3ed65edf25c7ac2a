"""Programmes from PDF, DOCX and HTML give quotable text, with page numbers where pages exist."""

import pytest
from programme_files import make_docx, make_pdf

from compass.programmes import PAGE_BREAK, ExtractError, extract, page_at
from compass.questionsets import find_quote, quote_in_text

PAGES = [["Trygghetsprogram för Exempelstad", "Vi vill ha fler ordningsvakter."],
         ["Kameror ska användas restriktivt.", "Belysningen i parker ska förbättras."]]


@pytest.mark.parametrize("maker", [make_pdf, make_docx], ids=["pdf", "docx"])
def test_pages_give_quotable_text_with_page_numbers(maker):
    suffix = ".pdf" if maker is make_pdf else ".docx"
    result = extract("program" + suffix, maker(PAGES))
    assert result.pages == 2
    assert result.text.count(PAGE_BREAK) == 1
    for number, lines in enumerate(PAGES, start=1):
        for line in lines:
            span = find_quote(line, result.text)
            assert span is not None, line
            assert page_at(result.text, span[0]) == number
    # A quote across the page break still matches: the break is whitespace to the quote check.
    assert quote_in_text("ordningsvakter. Kameror ska", result.text)


def test_docx_list_items_become_bullets():
    payload = make_docx([["Vi vill:", "Fler vakter.", "Mer ljus."]],
                        bullets=("Fler vakter.", "Mer ljus."))
    result = extract("p.docx", payload)
    assert "• Fler vakter." in result.text and result.pages is None


def test_html_keeps_the_content_and_drops_the_page_around_it():
    html = """<html><head><title>T</title><script>var x = 'Logga in';</script></head><body>
      <nav><a href="/">Start</a> <a href="/om">Om oss</a></nav>
      <article><h1>Ett tryggare Exempelstad</h1>
      <p>Alla ska kunna känna sig trygga i hela staden, dag som natt, året runt och överallt.</p>
      <p>Därför vill vi satsa på det förebyggande arbetet i skolor och i fritidsverksamheten.</p>
      <ul><li>Fler ordningsvakter i centrum</li><li>Bättre belysning i parker</li></ul>
      </article><footer>Bli medlem i dag!</footer></body></html>"""
    result = extract("sida.html", html.encode())
    assert "• Fler ordningsvakter i centrum" in result.text
    assert quote_in_text("Därför vill vi satsa på det förebyggande arbetet", result.text)
    assert "var x" not in result.text and "Logga in" not in result.text
    assert result.pages is None


@pytest.mark.parametrize(("name", "payload", "reason"), [
    ("p.pdf", b"%PDF-1.4 this is not a pdf", "unreadable"),
    ("p.docx", b"PK\x03\x04 not a zip", "unreadable"),
    ("p.pdf", make_pdf([[]]), "no_text"),
    ("p.odt", b"whatever", "unsupported"),
])
def test_bad_files_say_why(name, payload, reason):
    with pytest.raises(ExtractError) as caught:
        extract(name, payload)
    assert caught.value.reason == reason


def test_voter_source_page_numbers_pages_and_marks_quotes_across_a_break():
    from types import SimpleNamespace as NS

    from flask import Flask
    from flask_babel import Babel

    from compass.quiz.service import highlight_quotes

    text = "Sida ett.\n\f\nVi vill ha fler\n\f\nvakter. Sista sidan."
    party = NS(index=0, key="b")
    position = NS(value=2, source="prog", quote="Vi vill ha fler vakter.")
    view = NS(statements=[NS(key="vakter", positions=[position])], parties=[party])
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        paragraphs = [str(p) for p in highlight_quotes(view, NS(key="prog", text=text))]
    assert paragraphs[0] == "Sida ett."
    assert paragraphs[1] == '<span class="page-number">s. 2</span>'
    assert paragraphs[2] == "<mark>Vi vill ha fler vakter.</mark> Sista sidan."
