"""Quote matching: verbatim apart from whitespace, Unicode form and typographic variants."""

import pytest

from compass.questionsets import find_quote, fold_quote, quote_in_text

DECOMPOSED = "Vi vill ha fler va\u0308ktare i Malmo\u0308 \u2013 nu."


@pytest.mark.parametrize(("quote", "text"), [
    ("fler väktare", DECOMPOSED),                      # composed quote, decomposed source
    ("väktare i Malmö - nu", DECOMPOSED),              # hyphen typed for an en dash
    ("Vi vill ha fler va\u0308ktare", "Vi vill ha fler väktare."),  # the other way round
    ('"trygghet"', "Ordet \u201ctrygghet\u201d."),        # straight for curly double quotes
    ("partiets 'löfte'", "partiets \u2019löfte\u2019"),  # straight for curly single quotes
    ("mer...", "Vi vill ha mer\u2026"),                   # three dots for an ellipsis
    ("fler\nväktare", "fler \t väktare"),              # whitespace as before
])
def test_variants_match(quote, text):
    assert quote_in_text(quote, text)


@pytest.mark.parametrize(("quote", "text"), [
    ("Malmo i", DECOMPOSED),           # a base letter never matches its accented form
    ("fler vaktare", DECOMPOSED),
    ("Fler väktare", DECOMPOSED),      # case still counts: quotes are verbatim
    ("", DECOMPOSED),
    ("   ", DECOMPOSED),
])
def test_non_matches(quote, text):
    assert not quote_in_text(quote, text)


def test_span_is_in_the_original_text():
    start, end = find_quote("väktare i Malmö - nu", DECOMPOSED)
    assert DECOMPOSED[start:end] == "va\u0308ktare i Malmo\u0308 \u2013 nu"


def test_span_covers_a_trailing_combining_mark():
    text = "stad: Malmo\u0308"
    start, end = find_quote("Malmö", text)
    assert text[start:end] == "Malmo\u0308"


def test_fold_quote():
    assert fold_quote("  A\u2013b\u00a0 c\u0301  ") == "A-b ć"
