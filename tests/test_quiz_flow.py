"""The quiz flow without a browser: answers applied by the next page, the weight step, the
easy-read switch, the set document the in-browser quiz runs from, and cache headers."""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import subprocess
import sys
from dataclasses import replace

import pytest
from helpers import DEFAULT_SET, make_loaded_app
from hypothesis import given
from hypothesis import strategies as st

from compass.questionsets import parse_file

SET = parse_file(DEFAULT_SET)
N = len(SET.statements)
BASE = "/omgang/trygghet/v1"


@pytest.fixture
def loaded(app):
    return make_loaded_app(app, DEFAULT_SET)


def code_on(page: str) -> str:
    found = re.search(r'<input type="hidden" name="s" value="([^"]*)">', page)
    return found.group(1) if found else ""


def test_the_next_statement_page_applies_the_answer_without_a_redirect(loaded, client):
    response = client.get(f"{BASE}/pastaende/2?nr=1&svar=2&vikt=2")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Påstående 2 av" in page and code_on(page) == "E" + "." * (N - 1)
    again = client.get(f"{BASE}/pastaende/2?nr=1&svar=2&vikt=2").get_data(as_text=True)
    assert code_on(again) == code_on(page)  # a reload changes nothing
    page = client.get(f"{BASE}/pastaende/3?s={code_on(page)}&nr=2&svar=hoppa").get_data(
        as_text=True)
    assert code_on(page) == "E-" + "." * (N - 2)
    assert f'action="{BASE}/pastaende/4" data-next="4"' in page


def test_the_last_answer_is_applied_by_the_party_choice(loaded, client):
    page = client.get(f"{BASE}/pastaende/{N}?s=" + "c" * (N - 1) + ".").get_data(as_text=True)
    assert f'action="{BASE}/partier"' in page
    page = client.get(f"{BASE}/partier?s=" + "c" * (N - 1) + f".&nr={N}&svar=1").get_data(
        as_text=True)
    assert f'name="s" value="{"c" * (N - 1)}d"' in page


@pytest.mark.parametrize("query", ["nr=1&svar=3", "nr=0&svar=1", f"nr={N + 1}&svar=1",
                                   "nr=x&svar=1", "svar=1", "nr=1", "nr=1&svar=1&vikt=5",
                                   "nr=١&svar=1", "nr=1&svar=1&sedan=elsewhere"])
def test_bad_answers_sent_to_a_page_are_a_clear_400(loaded, client, query):
    for target in (f"{BASE}/pastaende/2", f"{BASE}/partier"):
        response = client.get(f"{target}?{query}")
        assert response.status_code == 400
        assert "Svaret kunde inte läsas" in response.get_data(as_text=True)


def test_result_link_once_three_are_answered(loaded, client):
    two = client.get(f"{BASE}/pastaende/3?s=ee" + "." * (N - 2)).get_data(as_text=True)
    assert "Visa resultat nu" not in two
    skip = client.get(f"{BASE}/pastaende/4?s=ee-" + "." * (N - 3)).get_data(as_text=True)
    assert "Visa resultat nu" not in skip  # a skip is not an answer
    page = client.get(f"{BASE}/pastaende/4?s=eee" + "." * (N - 3)).get_data(as_text=True)
    assert f'href="{BASE}/resultat?s=eee' in page and "Visa resultat nu" in page


def test_weight_step_after_answering(loaded, client):
    page = client.get(f"{BASE}/pastaende/2?s=d" + "." * (N - 1)).get_data(as_text=True)
    assert "Ditt svar på påstående 1: För. Hur viktigt är det för dig?" in page
    links = re.findall(r'<a href="([^"]+)" data-weight="([^"]+)"( aria-current="true")?', page)
    assert [(w, bool(c)) for _, w, c in links] == [("0.5", False), ("1", True), ("2", False)]
    assert links[2][0] == f"{BASE}/pastaende/2?s=D" + "." * (N - 1)
    skipped = client.get(f"{BASE}/pastaende/2?s=-" + "." * (N - 1)).get_data(as_text=True)
    assert "Ditt svar på påstående" not in skipped


def test_easy_read_switch_travels_in_the_url(loaded, client):
    plain = client.get(f"{BASE}/pastaende/1").get_data(as_text=True)
    assert f">{SET.statements[0].text}</h1>" in plain
    assert f'href="{BASE}/pastaende/1?lattlast=1" data-easy>Visa lättläst text' in plain
    easy = client.get(f"{BASE}/pastaende/1?lattlast=1").get_data(as_text=True)
    assert f">{SET.statements[0].easy_read}</h1>" in easy
    assert '<input type="hidden" name="lattlast" value="1">' in easy
    assert "<summary>Vanlig text</summary>" in easy
    answered = client.get(f"{BASE}/pastaende/2?lattlast=1&nr=1&svar=1").get_data(as_text=True)
    assert f">{SET.statements[1].easy_read}</h1>" in answered
    assert "lattlast=1" in re.search(r'rel="prev" href="([^"]+)"|href="([^"]+)" rel="prev"',
                                     answered).group(0)


def set_document_url(client) -> str:
    page = client.get("/omgang/trygghet/").get_data(as_text=True)
    return re.search(r'data-set="([^"]+)"', page).group(1).replace("&amp;", "&")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_set_document_holds_the_quiz_and_is_cacheable_for_good(loaded, client, lang):
    if lang == "en":
        client.get("/sprak/en?next=/")
    url = set_document_url(client)
    assert f"lang={lang}" in url
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(gzip.compress(response.data, 6)) <= 20 * 1024
    document = json.loads(response.data)
    assert len(document["statements"]) == N and document["levels"] == 5
    first = document["statements"][0]
    assert first["theme"] == SET.statements[0].theme
    assert first["easy"] and first["background"] and first["direction"]
    assert document["urls"]["statement"] == f"{BASE}/pastaende/"
    skip = "Hoppa över" if lang == "sv" else "Skip"
    assert document["ui"]["skip"] == skip
    # The party choice is drawn from it too, in the document's language.
    assert [p["key"] for p in document["parties"]] == [p.key for p in SET.parties]
    first_party = SET.parties[0]
    assert document["parties"][0] == {
        "key": first_party.key, "colour": first_party.colour,
        "short": first_party.short_name_en or first_party.short_name if lang == "en"
        else first_party.short_name,
        "name": first_party.name_en or first_party.name if lang == "en" else first_party.name}
    submit = "Visa mitt resultat" if lang == "sv" else "Show my result"
    assert document["choice"]["submit"] == submit
    assert "{n}" in document["choice"]["count"]
    revalidated = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304
    stale = client.get(re.sub(r"v=\w+", "v=0000", url))
    assert stale.status_code == 200 and "immutable" not in stale.headers["Cache-Control"]


@pytest.mark.parametrize("query", ["", "lang=de", "lang="])
def test_set_document_needs_a_known_language(loaded, client, query):
    assert client.get(f"{BASE}/dokument.json?{query}").status_code == 404


def test_static_files_are_fingerprinted_and_immutable(loaded, client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site.css\?v=\w+)"', page).group(1)
    with client.get(css) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/site.css") as response:
        assert "immutable" not in response.headers["Cache-Control"]


PROBE = """
import hashlib, re, sys
from compass import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "two-processes"})
client = app.test_client()
start = client.get("/omgang/trygghet/").get_data(as_text=True)
paths = [sys.argv[2], re.search(r'data-set="([^"]+)"', start).group(1).replace("&amp;", "&"),
         re.search(r'href="(/static/css/[^"]+)"', start).group(1)]
for path in paths:
    with client.get(path) as r:
        r.direct_passthrough = False
        print(path, r.status_code, r.headers.get("ETag"), r.headers.get("Cache-Control"),
              r.headers.get("Vary"), hashlib.sha256(r.data).hexdigest())
"""


def test_result_page_and_set_document_are_byte_identical_from_two_processes(loaded,
                                                                              database_url):
    """What a shared cache in front of several app processes relies on."""
    path = f"{BASE}/resultat?s=ebdaecdbaecdabecdbeacdbeab"[: len(BASE) + 12 + N]
    outputs = [subprocess.run([sys.executable, "-c", PROBE, database_url, path],
                              capture_output=True, text=True, check=True).stdout
               for _ in range(2)]
    assert outputs[0] == outputs[1]
    result, document, css = outputs[0].splitlines()
    assert " 200 " in result and "public, max-age=300" in result
    assert "immutable" in document and "immutable" in css


STATEMENT_STATES = [(1, ""), (2, "?s=e" + "." * (N - 1)), (2, "?s=A" + "." * (N - 1)),
                    (3, "?s=eb" + "." * (N - 2) + "&p=90&lattlast=1"),
                    (N, "?s=" + "c" * (N - 1) + "."),
                    (2, "?s=e" + "." * (N - 1) + "&sedan=resultat"),
                    (4, "?s=eb" + "." * (N - 2) + "&nr=3&svar=-2&vikt=2&m=euclidean")]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_statement_pages_from_the_skeleton_equal_a_full_render(loaded, client, lang):
    """The frame rendered once and the body's parts rendered once per shape with holes,
    filled per request, give the same bytes as statement.html for every voter's state."""
    from flask import render_template

    from compass.quiz.service import statement_flow
    from compass.quiz.setdoc import set_document_url

    if lang == "en":
        client.get("/sprak/en?next=/")
    # Twice the fixed states (the second round comes from skeletons), then random voters.
    for number, query in STATEMENT_STATES * 2 + random_states(150):
        url = f"{BASE}/pastaende/{number}{query}"
        with voter_page(loaded, client, url, lang) as (served, view, state):
            flow = statement_flow(view, state, number, "sedan=resultat" in query,
                                  set_url=set_document_url(view, lang))
            full = render_template("quiz/statement.html", view=view, answers=state.answers,
                                   number=number, st=view.statements[number - 1], flow=flow,
                                   locale=lang)
        assert served == full, url


def plain_answers(count: int, seed: int = 16) -> list[tuple[int, str]]:
    """(statement number, query) of the form sent as it is: `s`, `nr`, `svar`, `vikt` only,
    with every kind of code, answer and weight (and the empty weight a form may send)."""
    import random

    rng = random.Random(seed)
    states = []
    for _ in range(count):
        number = rng.randrange(1, N + 1)
        code = "".join(rng.choice("abcdeABCDEvwxyz-." if rng.random() < 0.5 else "c.")
                       for _ in range(N))
        sent = number - 1 if number > 1 and rng.random() < 0.8 else rng.randrange(1, N + 1)
        states.append((number, f"?s={code}&nr={sent}"
                               f"&svar={rng.choice(['-2', '-1', '0', '1', '2', 'hoppa'])}"
                               f"&vikt={rng.choice(['0.5', '1', '2', ''])}"))
    return states


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_plain_answers_from_their_code_equal_a_full_render(loaded, client, lang):
    """A plain answer's page (statement_fast: the shape split at the code) gives the bytes
    statement.html gives, the first time (the general way) and from the kept shape."""
    from flask import render_template

    from compass.quiz import statement_fast
    from compass.quiz.service import statement_flow
    from compass.quiz.setdoc import set_document_url

    if lang == "en":
        client.get("/sprak/en?next=/")
    statement_fast._pages.clear()
    states = plain_answers(300)
    for number, query in states + states[:100]:
        url = f"{BASE}/pastaende/{number}{query}"
        with voter_page(loaded, client, url, lang) as (served, view, state):
            flow = statement_flow(view, state, number, False,
                                  set_url=set_document_url(view, lang))
            full = render_template("quiz/statement.html", view=view, answers=state.answers,
                                   number=number, st=view.statements[number - 1], flow=flow,
                                   locale=lang)
        assert served == full, url
    # Most came from kept shapes: the second round entirely, and many in the first.
    kept = len(statement_fast._pages)
    assert 0 < kept < len(states) * 0.8, kept


def test_only_a_plain_answer_takes_the_short_way(loaded):
    """Anything but the four fields as a form sends them (another field, a code or answer
    that does not fit) is the general way's: its page, or its 400."""
    from flask import request

    from compass.quiz import statement_fast
    from compass.quiz.views import load_version

    code = "c" * 3 + "." * (N - 3)
    plain = f"s={code}&nr=3&svar=1&vikt=1"
    other = [f"{plain}&lattlast=1", f"{plain}&sedan=resultat", f"{plain}&lang=en",
             f"s={code}&nr=3&svar=1", f"{plain}&p=90", f"s={code[:-1]}&nr=3&svar=1&vikt=1",
             f"s={code[:-1]}!&nr=3&svar=1&vikt=1", f"s={code}&nr=0&svar=1&vikt=1",
             f"s={code}&nr={N + 1}&svar=1&vikt=1", f"s={code}&nr=٣&svar=1&vikt=1",
             f"s={code}&nr=3&svar=3&vikt=1", f"s={code}&nr=3&svar=1&vikt=3"]
    with loaded.test_request_context(f"{BASE}/pastaende/4?{plain}"):
        view = load_version("trygghet", 1)
        read = statement_fast.read(view, 4, request.args, "", "sv")
        assert read is not None and read.code == code[:2] + "d" + code[3:]  # 1 on -2…2
    for query in other:
        with loaded.test_request_context(f"{BASE}/pastaende/4?{query}"):
            assert statement_fast.read(view, 4, request.args, "", "sv") is None, query
    client = loaded.test_client()
    for query in other[5:]:
        assert client.get(f"{BASE}/pastaende/4?{query}").status_code == 400, query


def random_states(count: int, seed: int = 15) -> list[tuple[int, str]]:
    """(statement number, query) pairs of every shape a voter's URL can take."""
    import random

    rng = random.Random(seed)
    states = []
    for _ in range(count):
        number = rng.randrange(1, N + 1)
        code = "".join(rng.choice("abcdeABCDEvwxyz-.") for _ in range(N))
        params = [f"s={code}"] if rng.random() < 0.9 else []
        if rng.random() < 0.5:
            choice = rng.choice(["-2", "0", "2", "hoppa"])
            params.append(f"nr={rng.randrange(1, N + 1)}&svar={choice}"
                          f"&vikt={rng.choice(['0.5', '1', '2'])}")
        for extra in ("p=90", "p=30", "m=hybrid", "lattlast=1", "sedan=resultat"):
            if rng.random() < 0.2:
                params.append(extra)
        states.append((number, "?" + "&".join(params) if params else ""))
    return states


@contextlib.contextmanager
def voter_page(loaded, client, url: str, lang: str):
    """Get `url` as a voter, then open the same request to render it by hand: yields the
    served HTML, the version's view and the voter's state."""
    from flask import session

    from compass.quiz.views import load_version, state_with_answer

    response = client.get(url)
    assert response.status_code == 200, url
    with loaded.test_request_context(url, headers={"Accept-Language": lang}):
        session["lang"] = lang
        view = load_version("trygghet", 1)
        yield response.get_data(as_text=True), view, state_with_answer(view)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_party_choice_pages_from_the_skeleton_equal_a_full_render(loaded, client, lang):
    """Filled skeletons give what rendering parties.html with the voter's own links gives."""
    from flask import render_template

    from compass.quiz.setdoc import set_document_url

    if lang == "en":
        client.get("/sprak/en?next=/")
    queries = [query for _, query in random_states(80, seed=17)]
    queries = [f"{q}{'&' if q else '?'}fel=inga" if i % 3 == 0 else q
               for i, q in enumerate(queries)] + ["", "?fel=inga&p=00"]
    for query in queries * 2:  # the second round comes from skeletons
        url = f"{BASE}/partier{query}"
        with voter_page(loaded, client, url, lang) as (served, view, state):
            full = render_template(
                "quiz/parties.html", view=view, state=state, locale=lang,
                set_url=set_document_url(view, lang), error="fel=inga" in query,
                has_code=bool(state.code.strip(".")), code_hole=state.code,
                all_hole=replace(state, parties=None).url("quiz.parties", view),
                none_hole=replace(state, parties=()).url("quiz.parties", view),
                back_hole=state.url("quiz.statement", view, number=N))
        assert served == full, url


def test_statement_links_are_the_states_own_urls(loaded):
    """The links joined from one query string are what url_for gives for the same state."""
    from compass.quiz.service import statement_flow
    from compass.quiz.views import load_version, state_with_answer

    for number, query in random_states(300, seed=16):
        url = f"{BASE}/pastaende/{number}{query}"
        with loaded.test_request_context(url):
            view = load_version("trygghet", 1)
            state = state_with_answer(view)
            back = "sedan=resultat" in query
            flow = statement_flow(view, state, number, back)
            sedan = "resultat" if back else None
            assert flow.prev_url == (state.url("quiz.statement", view, number=number - 1,
                                               sedan=sedan) if number > 1 else None)
            if flow.next_url is not None:
                assert flow.next_url == state.url("quiz.statement", view, number=number + 1,
                                                  sedan=sedan)
            if flow.result_url is not None:
                assert flow.result_url == state.url("quiz.result", view)
            switched = replace(state, easy_read=not state.easy_read)
            assert flow.easy_switch_url == switched.url("quiz.statement", view, number=number,
                                                        sedan=sedan)
            if flow.previous is not None:
                for choice in flow.previous.choices:
                    assert choice.url == state.reweighted(number - 2, float(choice.weight)).url(
                        "quiz.statement", view, number=number)
            assert flow.hidden == {**state.query(), **({"sedan": "resultat"} if back else {})}


def test_cached_statement_texts_follow_a_class_subset_of_the_same_version(loaded):
    """A class's narrowed view shares the version's content hash but not its numbering."""
    from flask import render_template

    from compass.classroom.classview import subset
    from compass.db import get_session
    from compass.quiz.service import statement_flow
    from compass.quiz.state import read_state
    from compass.setview import get_view

    with loaded.test_request_context("/"):
        full = get_view(get_session(), "trygghet", 1)
        narrowed = subset(full, tuple(st.key for st in full.statements[3:7]))
        for view in (full, narrowed, full):
            state = read_state(view, {})
            page = render_template("quiz/statement.html", view=view, answers=state.answers,
                                   number=1, st=view.statements[0], locale="sv",
                                   flow=statement_flow(view, state, 1, False))
            total = len(view.statements)
            assert f'id="progress">Påstående 1 av {total}</p>' in page
            assert f">{view.statements[0].text}</h1>" in page


def test_landing_and_start_pages_may_be_kept_a_minute_by_a_shared_cache(loaded, client):
    # Pure functions of the URL and the language: a CDN (or a returning voter's browser) may
    # serve them for a minute, keyed by language and cookie.
    for path in ("/", f"/omgang/{SET.slug}/", f"{BASE}/"):
        response = client.get(path, headers={"Accept-Language": "sv"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=60", path
        assert {"Accept-Language", "Cookie"} <= set(response.vary), path


def test_a_states_code_after_an_answer_is_its_answers_code(loaded):
    """A state read from a link keeps the link's code and splices an answer into it; that
    is what encoding its answers gives, for every shape of link and answer."""
    import random

    from compass import answers as codes
    from compass.quiz.state import read_state
    from compass.quiz.views import load_version

    rng = random.Random(18)
    with loaded.test_request_context("/"):
        view = load_version("trygghet", 1)
        for _, query in random_states(300, seed=18):
            args = dict(part.split("=", 1) for part in query[1:].split("&") if part)
            state = read_state(view, args)
            assert state.code == codes.encode(state.answers, view.levels)
            index = rng.randrange(N)
            choice = rng.choice(["-2", "-1", "0", "1", "2", "hoppa"])
            after = state.answered(index, choice, rng.choice([0.5, 1.0, 2.0]))
            fresh = replace(after)  # a copy without the spliced code
            assert after.code == fresh.code == codes.encode(after.answers, view.levels)
            assert after.answers[index].answered


def test_the_weight_step_is_rendered_once_per_language_and_current_weight(loaded, client):
    """The step's number and answer are holes: voters' different previous answers on
    different statements reuse the same rendered part (the journey stays on cached parts)."""
    from compass.quiz import statement_page

    statement_page._parts.clear()
    statement_page._pages.clear()  # whole pages of this version may be kept from another test
    seen = set()
    for number in range(2, N + 1):
        for char in "abcdeABCDEvwxyz":  # every answer and weight on the page before
            code = "c" * (number - 2) + char + "." * (N - number + 1)
            page = client.get(f"{BASE}/pastaende/{number}?s={code}").get_data(as_text=True)
            assert f"Ditt svar på påstående {number - 1}:" in page
            seen.add(char)
    reweigh = [key for key in statement_page._parts if key[0] == "quiz/_statement_reweigh.html"]
    assert len(seen) == 15 and len(reweigh) == 3  # one per current weight, in Swedish


@given(st.text(max_size=80) | st.text(alphabet=st.characters(max_codepoint=127), max_size=80)
       | st.text(alphabet="Az09_.~/?=&%+- ", max_size=80))  # addresses like the quiz's own
def test_the_language_links_quoting_is_quote_plus(text):
    from urllib.parse import quote_plus

    from compass.quiz.skeleton import URL_SAFE, quoted

    assert quoted(text) == quote_plus(text, safe=URL_SAFE)


def test_the_language_outside_a_request_is_swedish_or_the_forced_one(app):
    """The CLI and background work ask Flask-Babel, whose selector asks the app's: no loop."""
    from flask_babel import force_locale, get_locale

    from compass.i18n import current_language

    with app.app_context():
        assert (str(get_locale()), current_language()) == ("sv", "sv")
    with app.app_context(), force_locale("en"):
        assert (str(get_locale()), current_language()) == ("en", "en")
    with app.test_request_context("/?lang=en"):
        assert (current_language(), str(get_locale())) == ("en", "en")


def test_a_forced_locale_in_a_request_does_not_stick_to_its_language(app):
    """The catalogue kept per language comes from a request that was not forced elsewhere."""
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/"), force_locale("en"):
        render_template_string("{{ _('Starta') }}")  # the forced request keeps nothing
    with app.test_request_context("/"):
        assert render_template_string("{{ _('Starta') }}") == "Starta"
    with app.test_request_context("/?lang=en"):
        assert render_template_string("{{ _('Starta') }}") == "Start"
