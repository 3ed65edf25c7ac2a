"""The evidence finder: Swedish stemming, compound parts, verbatim sentences, proposals."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import QUESTIONS
from hypothesis import given
from hypothesis import strategies as st

from compass import evidence
from compass.questionsets import quote_in_text

C_MALMO = (QUESTIONS / "sources" / "c-malmo.txt").read_text(encoding="utf-8")
L_STOCKHOLM = (QUESTIONS / "sources" / "l-stockholm.txt").read_text(encoding="utf-8")
L_KALMAR = (QUESTIONS / "sources" / "l-kalmar.txt").read_text(encoding="utf-8")


def _hits(text, query):
    return evidence.search(text, evidence.query_terms(query))


def test_kamera_finds_inflections_by_stem_and_compounds_by_part():
    hits = _hits(L_STOCKHOLM, "kamera")
    by_sentence = {h.sentence: dict(h.matches)["kamera"] for h in hits}
    assert by_sentence["Staden bör arbeta för att fler kameror sätts upp, särskilt på platser "
                       "där otryggheten är stor."] == evidence.MATCH_STEM
    assert by_sentence["Kameraövervakning i Stockholm"] == evidence.MATCH_COMPOUND
    (c_hit,) = _hits(C_MALMO, "kamera")
    assert "övervakningskameror" in c_hit.sentence
    assert [s.text for s in c_hit.segments if s.hit] == ["övervakningskameror"]
    assert c_hit.matches == (("kamera", evidence.MATCH_COMPOUND),)


def test_query_terms_are_stemmed_and_short_stems_match_whole_words_only():
    terms = evidence.query_terms("Kameror, kamera och ÄR!")
    assert [(t.word, t.stem, t.compound) for t in terms] == [
        ("kameror", "kamer", True), ("kamera", "kamer", True), ("och", "och", False),
        ("är", "är", False)]
    # "är" is inside "därför" and "närvaro", but short stems never match compound parts.
    assert _hits("Därför behövs närvaro.", "är") == []
    assert evidence.query_terms("  ,.; ") == ()
    assert evidence.search("Vad som helst.", ()) == []


def test_every_query_word_must_match_in_the_sentence():
    text = "Fler kameror på torget. Fler poliser på torget. Poliser och kameror samverkar."
    assert [h.sentence for h in _hits(text, "kamera polis")] == [
        "Poliser och kameror samverkar."]


def test_sentences_are_verbatim_quotes_of_the_text():
    for text in (C_MALMO, L_STOCKHOLM, L_KALMAR):
        for _line, sentence in evidence.sentences(text):
            assert quote_in_text(sentence, text), sentence
    bullet = [s for _n, s in evidence.sentences(L_KALMAR) if s.startswith("Övervakningskameror")]
    assert bullet == ["Övervakningskameror där dessa behövs."]


@given(st.lists(st.sampled_from(["Fler", "kameror", "på", "torget.", "Vi", "vill", "ha",
                                 "trygghet!", "\n", "\n\n", "  • ", "Polisen?"]), max_size=40))
def test_any_sentence_cut_from_any_text_is_found_again(words):
    text = " ".join(words)
    for _line, sentence in evidence.sentences(text):
        assert quote_in_text(sentence, text)


def test_proposals_are_bullets_and_lines_after_vill():
    items = evidence.proposals(C_MALMO)
    assert items[0].text == "Utöka arbetet med trygghetsvärdar i hela Malmö."
    assert items[0].lead == "Centerpartiet vill:"
    assert len(items) == 9
    kalmar = [p.text for p in evidence.proposals(L_KALMAR)]
    assert "Övervakningskameror där dessa behövs." in kalmar
    plain = evidence.proposals("Partiet vill:\nFler vakter.\nMer ljus.\n\nEn vanlig mening.\n"
                               "- Ett streck\n* En stjärna\n1. En siffra")
    assert [(p.text, p.lead) for p in plain] == [
        ("Fler vakter.", "Partiet vill:"), ("Mer ljus.", "Partiet vill:"),
        ("Ett streck", None), ("En stjärna", None), ("En siffra", None)]
    assert evidence.proposals("Bara prosa utan listor.\nOch en rad till.") == []


def test_highlight_marks_quotes_across_line_breaks_and_splits_paragraphs():
    text = "Första stycket.\n\nVi vill   ha fler\nordningsvakter. Slut."
    paragraphs = evidence.highlight(text, ["Vi vill ha fler ordningsvakter.", "finns inte"])
    assert [s.text for s in paragraphs[0]] == ["Första stycket."]
    assert [(s.text, s.hit) for s in paragraphs[1]] == [
        ("Vi vill   ha fler\nordningsvakter.", True), (" Slut.", False)]
    assert evidence.find_quote("", text) is None


@pytest.mark.parametrize("module", ["compass.evidence", "compass.balance"])
def test_pure_modules_load_neither_flask_nor_sqlalchemy(module):
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_docstring_examples_hold():
    import doctest

    import compass.admin.editing
    import compass.balance

    for module in (evidence, compass.balance, compass.admin.editing):
        outcome = doctest.testmod(module)
        assert outcome.failed == 0 and outcome.attempted > 0, module.__name__


def test_the_sets_language_picks_the_stemmer():
    assert evidence.query_terms("Straßen", "de")[0].stem == "strass"   # German Snowball
    assert evidence.query_terms("Straßen", "sv")[0].stem == "straß"    # Swedish leaves ß
    german = "Die Straße soll heller werden."
    hits = evidence.search(german, evidence.query_terms("Straßen", "de"), "de")
    assert [h.matches for h in hits] == [(("straßen", "stem"),)]
    norwegian = "Vi vil ha flere kameraer i sentrum."
    assert evidence.search(norwegian, evidence.query_terms("kameraer", "nb-NO"), "nb-NO")


def test_a_language_without_a_stemmer_compares_words_as_they_are():
    assert evidence.stem("Kuvat", "xx") == "kuvat"
    text = "Kuvat ovat hyviä. Kuva on hyvä."
    hits = evidence.search(text, evidence.query_terms("kuva", "xx"), "xx")
    assert [h.matches for h in hits] == [(("kuva", "compound"),), (("kuva", "stem"),)]
