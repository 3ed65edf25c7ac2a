"""The voter's way through a question set, through the test client (no browser)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import DEFAULT_SET, VALID, make_loaded_app

from compass.questionsets import parse_file
from compass.scoring import match

SET = parse_file(DEFAULT_SET)
N = len(SET.statements)
BASE = "/omgang/trygghet/v1"


@pytest.fixture
def loaded(app):
    return make_loaded_app(app, DEFAULT_SET)


def code(chars: dict[int, str]) -> str:
    """An answer code with the given characters at statement indices, '.' elsewhere."""
    return "".join(chars.get(i, ".") for i in range(N))


def text(response) -> str:
    body = response.get_data(as_text=True)
    assert not re.search(r"\bnan\b", body, re.IGNORECASE), "a NaN reached the page"
    return body


def test_start_page_explains_the_set(loaded, client):
    page = text(client.get("/omgang/trygghet/"))
    assert f"{N} påståenden" in page and "5 partier" in page
    assert "Valkompass redaktion" in page
    assert f'href="{BASE}/kalla/c-malmo"' in page
    assert 'href="/metod"' in page and 'href="/integritet"' in page
    assert f'href="{BASE}/pastaende/1"' in page


def test_statement_page_is_a_plain_get_form(loaded, client):
    page = text(client.get(f"{BASE}/pastaende/1"))
    assert f"Påstående 1 av {N}" in page
    assert SET.statements[0].text in page
    assert (f'<form class="answer-form" method="get" action="{BASE}/pastaende/2" '
            'data-next="2">') in page
    for value in ("-2", "-1", "0", "1", "2", "hoppa"):
        assert f'name="svar" value="{value}"' in page
    assert page.count('name="vikt"') == 3
    assert "<summary>Lättläst</summary>" in page and "<summary>Bakgrund</summary>" in page
    assert SET.statements[0].easy_read in page


def test_answering_moves_on_and_keeps_state_in_the_url(loaded, client):
    response = client.get(f"{BASE}/svara?nr=1&svar=2&vikt=2")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}/pastaende/2?s=" + code({0: "E"})
    response = client.get(f"{BASE}/svara?s={code({0: 'E'})}&nr=2&svar=hoppa&vikt=1")
    assert response.headers["Location"] == f"{BASE}/pastaende/3?s=" + code({0: "E", 1: "-"})
    response = client.get(f"{BASE}/svara?s={code({0: 'E'})}&nr=1&svar=-1&vikt=0.5")
    assert response.headers["Location"] == f"{BASE}/pastaende/2?s=" + code({0: "w"})


def test_last_answer_leads_to_party_choice(loaded, client):
    state = "c" * (N - 1) + "."
    response = client.get(f"{BASE}/svara?s={state}&nr={N}&svar=1")
    assert response.headers["Location"] == f"{BASE}/partier?s=" + "c" * (N - 1) + "d"


def test_changing_an_answer_from_the_result_returns_to_the_result(loaded, client):
    state = "c" * N
    page = text(client.get(f"{BASE}/pastaende/4?s={state}&sedan=resultat"))
    assert '<input type="hidden" name="sedan" value="resultat">' in page
    response = client.get(f"{BASE}/svara?s={state}&nr=4&svar=-2&sedan=resultat")
    assert response.headers["Location"] == f"{BASE}/resultat?s=" + "ccca" + "c" * (N - 4)


def test_current_answer_is_marked_and_navigation_offered(loaded, client):
    page = text(client.get(f"{BASE}/pastaende/2?s=" + code({0: "d", 1: "B"})))
    assert re.search(r'value="-1" class="answer answer--1 current">Emot', page)
    assert 'value="2" checked' in page  # weight 2 is pre-selected
    assert 'rel="prev"' in page and 'rel="next"' in page


@pytest.mark.parametrize("query, fragment", [
    ("s=abc", "inte passar"),                      # wrong length
    ("s=" + "q" * N, "inte passar"),               # not an answer character
    ("m=nearest", "inte passar"),                   # unknown metric
    ("valda=finns-inte", "inte passar"),            # unknown party
])
def test_bad_state_in_the_url_is_a_clear_400(loaded, client, query, fragment):
    response = client.get(f"{BASE}/pastaende/1?{query}")
    assert response.status_code == 400
    assert fragment in text(response)


@pytest.mark.parametrize("query", ["nr=1&svar=3", "nr=1&svar=", "nr=0&svar=1", f"nr={N + 1}&svar=1",
                                   "nr=x&svar=1", "svar=1", "nr=1&svar=1&vikt=5",
                                   "nr=1&svar=1&sedan=elsewhere"])
def test_bad_answers_are_a_clear_400(loaded, client, query):
    response = client.get(f"{BASE}/svara?{query}")
    assert response.status_code == 400
    assert "Svaret kunde inte läsas" in text(response)


@pytest.mark.parametrize("url", [f"{BASE}/pastaende/0", f"{BASE}/pastaende/{N + 1}",
                                 f"{BASE}/parti/finns-inte", f"{BASE}/kalla/finns-inte",
                                 "/omgang/finns-inte/", "/omgang/finns-inte/v1/resultat",
                                 "/omgang/a%00b/v1/resultat", "/omgang/Trygghet/",
                                 "/omgang/trygghet/v99999999999/",
                                 "/omgang/trygghet/v0/pastaende/1"])
def test_unknown_things_are_404(loaded, client, url):
    assert client.get(url).status_code == 404


def test_a_missing_version_says_why_and_links_the_newest(loaded, client):
    response = client.get("/omgang/trygghet/v7/resultat?s=" + "c" * N)
    assert response.status_code == 404
    page = text(response)
    assert "version 7" in page and 'href="/omgang/trygghet/"' in page


def test_party_choice_has_all_parties_checked(loaded, client):
    page = text(client.get(f"{BASE}/partier?s=" + "c" * N))
    assert page.count('type="checkbox" name="valda"') == 5
    assert page.count(" checked>") == 5


def test_deselecting_every_party_asks_to_choose_one(loaded, client):
    response = client.get(f"{BASE}/resultat?s={'c' * N}&valda=")
    assert response.status_code == 303 and "fel=inga" in response.headers["Location"]
    page = text(client.get(response.headers["Location"]))
    assert "Välj minst ett parti" in page


def test_fewer_than_three_answers_gives_a_friendly_message(loaded, client):
    page = text(client.get(f"{BASE}/resultat?s=" + code({0: "e", 1: "-", 2: "a"})))
    assert "Svara på några fler påståenden" in page
    assert "Du har svarat på 2 påståenden" in page
    assert 'class="ranking"' not in page


def _expected_scores(answer_code: str, metric: str = "agreement"):
    values = np.array([np.nan if ch in ".-" else "abcde".index(ch.lower()) - 2
                       if ch.lower() in "abcde" else "vwxyz".index(ch) - 2 for ch in answer_code])
    weights = np.array([2.0 if ch.isupper() else 0.5 if ch in "vwxyz" else 1.0
                        for ch in answer_code])
    positions = np.array([[np.nan if st.positions[p.key].value is None
                           else st.positions[p.key].value for st in SET.statements]
                          for p in SET.parties])
    return match(values, positions, weights, levels=5, metric=metric, missing=SET.missing)


def test_result_ranks_parties_as_the_scoring_engine_does(loaded, client):
    state = "".join("e" if st.direction == "more" else "a" for st in SET.statements)
    page = text(client.get(f"{BASE}/resultat?s={state}"))
    expected = _expected_scores(state)
    order = [SET.parties[i].name for i in np.argsort(-expected.scores, kind="stable")]
    listed = re.findall(r'class="party-name">([^<]+)</a>', page)
    assert listed == order
    for i, party in enumerate(SET.parties):
        assert f"bygger på {expected.coverage[i]} av {N} påståenden" in page
        assert party.name in page
    assert "räknas det påståendet inte för det partiet" in page  # the exclude policy sentence


@pytest.mark.parametrize("metric", ["euclidean", "hybrid"])
def test_metric_switch_changes_the_numbers(loaded, client, metric):
    state = "ebdaecdbaecdabecdbeacdbeab"[:N].ljust(N, "c")
    page = text(client.get(f"{BASE}/resultat?s={state}&m={metric}"))
    assert 'aria-current="page">' in page
    expected = _expected_scores(state, metric)
    best = SET.parties[int(np.nanargmax(expected.scores))]
    assert re.search(r'class="party-name">([^<]+)</a>', page).group(1) == best.name


def test_statement_detail_shows_each_partys_quote_with_a_source_link(loaded, client):
    result = text(client.get(f"{BASE}/resultat?s=" + "e" * N))
    assert f"{BASE}/jamfor/1?s={'e' * N}" in result
    assert "<blockquote" not in result.split('id="compare-heading"')[1]  # quotes on demand
    page = text(client.get(f"{BASE}/jamfor/1?s=" + "e" * N))
    st = SET.statements[0]
    for key, pos in st.positions.items():
        if pos.value is not None:
            assert pos.quote.replace('"', "&#34;") in page or pos.quote in page
            assert (f"{BASE}/kalla/{pos.source}?s={'e' * N}&amp;citat={st.key}%3A{key}"
                    in page)
    assert f'href="{BASE}/resultat?s={"e" * N}">← Tillbaka till resultatet' in page


def test_result_subset_of_parties(loaded, client):
    # The form's (and older links') `valda` fields are rendered at once, no redirect, with
    # the compact address as the canonical one; that address gives the same ranking.
    for url in (f"{BASE}/resultat?s={'e' * N}&valda=&valda=c-malmo&valda=l-kalmar",
                f"{BASE}/resultat?s={'e' * N}&valda=c-malmo.l-kalmar",
                f"{BASE}/resultat?s={'e' * N}&p=90"):
        response = client.get(url)
        assert response.status_code == 200
        page = text(response)
        listed = re.findall(r'class="party-name">([^<]+)</a>', page)
        assert sorted(listed) == sorted(["Centerpartiet i Malmö", "Liberalerna Kalmar"])
        canonical = (f'<link rel="canonical" href="http://localhost{BASE}/resultat'
                     f'?s={"e" * N}&amp;p=90">')
        assert (canonical in page) == ("valda" in url)


def test_result_has_charts_with_text_alternatives(loaded, client):
    page = text(client.get(f"{BASE}/resultat?s=" + "ebdaecdbaecdabecdbeacdbeab"[:N]))
    how = page.split('id="method-heading"')[1]
    assert page.index('class="ranking"') < page.index('id="method-heading"')
    assert how.count('role="img"') >= 1
    assert "Matchning per tema för de 5 partier som matchar dig bäst" in how
    assert "Hur säkert är resultatet?" in how
    assert re.search(r"(Säkert|Osäkert):", how)


def test_source_page_highlights_the_quote(loaded, client):
    st = SET.statements[4]
    key = next(k for k, p in st.positions.items() if p.value is not None)
    pos = st.positions[key]
    page = text(client.get(f"{BASE}/kalla/{pos.source}?citat={st.key}:{key}"))
    assert '<mark id="citat">' in page
    assert page.count("<mark") >= 1


def test_party_page_lists_every_statement(loaded, client):
    page = text(client.get(f"{BASE}/parti/l-stockholm?s=" + "c" * N))
    assert page.count("<blockquote") == sum(
        st.positions["l-stockholm"].value is not None for st in SET.statements)
    assert page.count("Ingen uttalad ståndpunkt") == sum(
        st.positions["l-stockholm"].value is None for st in SET.statements)


def test_english_texts_with_swedish_fallback(app, client):
    make_loaded_app(app, VALID / "exempel.yaml")
    client.get("/sprak/en?next=/")
    page = text(client.get("/omgang/exempel/v1/pastaende/1"))
    assert "The municipality should employ more security guards." in page
    # The example has no English easy-read text: Swedish is shown with a note.
    assert "This statement is only available in Swedish." in page or 'lang="sv"' in page


def test_method_page_worked_example_matches_the_hand_calculation(client):
    page = text(client.get("/metod"))
    assert "83,3" in page      # party A, agreement: (2·0.75 + 1·1) / 3
    assert "0,0" in page       # party B under exclude: 2·0 / 2


def test_privacy_page_in_plain_swedish(client):
    page = text(client.get("/integritet"))
    assert "Vi sparar ingenting om dig" in page


def test_method_page_prints_the_engines_hybrid_table():
    from compass.public.service import HYBRID_TABLE
    from compass.scoring import core as scoring_core

    np.testing.assert_array_equal(np.array(HYBRID_TABLE), scoring_core._HYBRID)


def test_method_page_names_who_coded_each_set(loaded, client):
    page = text(client.get("/metod"))
    assert "kodad av Valkompass redaktion" in page
    assert "<td>0,75</td>" in page  # decimal comma in Swedish


def test_three_level_set_refuses_five_level_answers(app, client, tmp_path):
    three = (VALID / "minimal.yaml").read_text().replace("levels: 5", "levels: 3").replace(
        "        value: 2\n", "        value: 1\n")
    (tmp_path / "three.yaml").write_text(three)
    make_loaded_app(app, tmp_path / "three.yaml")
    page = text(client.get("/omgang/trasig/v1/pastaende/1"))
    assert 'name="svar" value="-2"' not in page and 'name="svar" value="1"' in page
    assert client.get("/omgang/trasig/v1/svara?nr=1&svar=2").status_code == 400
    response = client.get("/omgang/trasig/v1/svara?nr=1&svar=1")
    assert response.status_code == 303 and response.headers["Location"].endswith("?s=c")
