"""The JSON API: contracts of every endpoint, exact scores, bad input, CORS, caching, OpenAPI."""

from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pytest
from helpers import DEFAULT_SET, VALID, fresh_database, make_loaded_app
from hypothesis import given, settings
from hypothesis import strategies as st

from compass import create_app, scoring
from compass.api.service import API_WEIGHTS

MATCH = "/api/v1/sets/{}/match"
EXEMPEL_STATEMENTS = ("ordningsvakter", "kameror-restriktivt")
FUZZ = settings(max_examples=60, deadline=None)


def _no_constant(name):
    raise AssertionError(f"the API sent {name}, which is not JSON")


def strict_json(response):
    """Parse a response body, failing on NaN or Infinity (which Python's json would accept)."""
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True), parse_constant=_no_constant)


def post_match(client, slug, body):
    """POST a match body (a JSON-able value, or str/bytes sent as they are)."""
    if isinstance(body, (str, bytes)):
        return client.post(MATCH.format(slug), data=body, content_type="application/json")
    return client.post(MATCH.format(slug), json=body)


def make_version(folder, version: int, title: str, status: str = "published"):
    """Write exempel.yaml as version `version` of a set 'versioner' (sources copied beside it)."""
    folder = folder / f"v{version}"
    shutil.copytree(VALID / "sources", folder / "sources")
    text = (VALID / "exempel.yaml").read_text()
    for field, value in (("slug", "versioner"), ("version", version), ("title", title),
                         ("status", status)):
        text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.M)
    (folder / "exempel.yaml").write_text(text)
    return folder / "exempel.yaml"


def position_matrix(set_json, parties=None):
    """The (P, S) positions of a set as the API publishes them, NaN = no stated position."""
    keys = parties or [p["key"] for p in set_json["parties"]]
    return np.array([[np.nan if set_json["positions"][p][s["key"]]["value"] is None
                      else set_json["positions"][p][s["key"]]["value"]
                      for s in set_json["statements"]] for p in keys], dtype=float)


def direct_match(set_json, answers, weights, metric, parties=None):
    """Score with compass.scoring.match directly, from the published positions."""
    statements = [s["key"] for s in set_json["statements"]]
    values = np.array([np.nan if answers.get(k) is None else answers[k] for k in statements])
    weight = np.array([float(weights.get(k, 1)) for k in statements])
    return scoring.match(values, position_matrix(set_json, parties), weight,
                         levels=set_json["levels"], metric=metric, missing=set_json["missing"])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(request, tmp_path_factory):
    """One migrated database per backend, shared by this module's tests (they only read).

    Like conftest's `database_url`, but module-scoped: loading the sets once per backend
    instead of once per test keeps the module fast.
    """
    with fresh_database(request, request.param, tmp_path_factory.mktemp("api")) as url:
        yield url


@pytest.fixture(scope="module")
def shared_app(module_database_url, tmp_path_factory):
    """An app with the default set, the example set and set 'versioner' (v1, v2, draft v3)."""
    application = create_app({"TESTING": True, "DATABASE_URL": module_database_url,
                              "SECRET_KEY": "test-secret-key"})
    folder = tmp_path_factory.mktemp("versions")
    make_loaded_app(application, DEFAULT_SET, VALID / "exempel.yaml",
                    make_version(folder, 1, "Första"), make_version(folder, 2, "Andra"),
                    make_version(folder, 3, "Utkast", status="draft"))
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def api(shared_app):
    """A fresh client of the shared app."""
    return shared_app.test_client()


@pytest.fixture(scope="module")
def fuzz_client(shared_app):
    """One client for every input Hypothesis generates (the API keeps no state)."""
    return shared_app.test_client()


@pytest.fixture(scope="module")
def trygghet(shared_app):
    """The default set as GET /api/v1/sets/trygghet returns it."""
    return strict_json(shared_app.test_client().get("/api/v1/sets/trygghet"))


def sample_answers(set_json):
    """Answers and weights covering every value, skips, and every weight including 0."""
    values = [-2, -1, 0, 1, 2, None, 2, -2]
    weights = [1, 2, 0.5, 0, 1, 2, 1]
    keys = [s["key"] for s in set_json["statements"]]
    answers = {k: values[i % len(values)] for i, k in enumerate(keys) if i % 9 != 4}
    return answers, {k: weights[i % len(weights)] for i, k in enumerate(keys)}


# --------------------------------------------------------------------------------------------
# GET /api/v1/sets
# --------------------------------------------------------------------------------------------


def test_set_list_contract(api):
    data = strict_json(api.get("/api/v1/sets"))
    by_slug = {s["slug"]: s for s in data["sets"]}
    assert set(by_slug) == {"exempel", "trygghet", "versioner"}
    exempel = by_slug["exempel"]
    assert exempel == {
        "slug": "exempel", "version": 1, "title": "Exempelomgång", "title_en": "Example set",
        "municipality": "Exempelstad", "election": "Kommunvalet 2022", "year": 2022,
        "levels": 5, "missing": "exclude", "statements": 2, "parties": 2,
        "url": "http://localhost/api/v1/sets/exempel?version=1"}
    assert by_slug["trygghet"]["statements"] == 26 and by_slug["trygghet"]["parties"] == 5
    assert api.get(exempel["url"]).status_code == 200


def test_set_list_shows_newest_published_version_only(api):
    data = strict_json(api.get("/api/v1/sets"))
    assert [(s["version"], s["title"]) for s in data["sets"] if s["slug"] == "versioner"] == [
        (2, "Andra")]  # version 3 is a draft


def test_set_list_is_empty_without_sets(client):
    assert strict_json(client.get("/api/v1/sets")) == {"sets": []}


# --------------------------------------------------------------------------------------------
# GET /api/v1/sets/<slug>
# --------------------------------------------------------------------------------------------


def test_set_detail_contract(api):
    data = strict_json(api.get("/api/v1/sets/exempel"))
    assert {k: data[k] for k in ("slug", "version", "title", "levels", "missing")} == {
        "slug": "exempel", "version": 1, "title": "Exempelomgång", "levels": 5,
        "missing": "exclude"}
    first, second = data["statements"]
    assert first == {
        "key": "ordningsvakter", "text": "Kommunen bör anställa fler ordningsvakter.",
        "theme": "Ordning och närvaro", "direction": "more",
        "easy_read": "Kommunen ska ha fler vakter på gatorna.",
        "background": "Ordningsvakter kan anställas av kommunen och patrullerar på offentliga "
                      "platser.",
        "text_en": "The municipality should employ more security guards.",
        "easy_read_en": None, "background_en": None, "theme_en": None}
    assert second["key"] == "kameror-restriktivt" and second["text_en"] is None
    assert data["parties"][0] == {"key": "a", "name": "Parti A i Exempelstad",
                                  "short_name": "A", "colour": "#1a5e20",
                                  "sources": ["a-program"], "name_en": None,
                                  "short_name_en": None}
    assert data["sources"][0] == {"key": "a-program", "title": "Trygghetsprogram",
                                  "publisher": "Parti A i Exempelstad", "year": 2022,
                                  "url": "https://example.org/a", "title_en": None}
    assert data["sources"][1]["url"] is None
    assert all("text" not in s for s in data["sources"])  # full texts stay out: keep it light
    not_asked = {"status": "not_asked", "comment": None, "counter_quote": None, "answer": None}
    assert data["positions"]["a"]["ordningsvakter"] == {
        "value": None, "quote": None, "source": None, "note": None, "note_en": None,
        "evidence": None, "justification": None, "answered": None, "party_review": not_asked}
    assert data["positions"]["b"]["ordningsvakter"] == {
        "value": 2, "quote": "Vi vill ha fler ordningsvakter.", "source": "b-program",
        "note": "Uttryckligt förslag.", "note_en": None, "evidence": None, "justification": None,
        "answered": None, "party_review": not_asked}


def test_set_detail_positions_match_the_set(trygghet):
    assert len(trygghet["statements"]) == 26
    keys = [s["key"] for s in trygghet["statements"]]
    for party in trygghet["parties"]:
        assert list(trygghet["positions"][party["key"]]) == keys
        for position in trygghet["positions"][party["key"]].values():
            assert position["value"] is None or -2 <= position["value"] <= 2
            if position["value"] is not None:
                assert position["quote"] and position["source"] in party["sources"]


def test_set_detail_named_version(api):
    newest = strict_json(api.get("/api/v1/sets/versioner"))
    assert (newest["version"], newest["title"]) == (2, "Andra")
    old = strict_json(api.get("/api/v1/sets/versioner?version=1"))
    assert (old["version"], old["title"]) == (1, "Första")
    for version in ("3", "9"):  # version 3 is a draft, and drafts are not published
        response = api.get(f"/api/v1/sets/versioner?version={version}")
        assert response.status_code == 404
        assert strict_json(response) == {
            "error": f"question set 'versioner' has no published version {version}"}


@pytest.mark.parametrize("version", ["x", "0", "-1", "1.0", "", "2147483648", "9" * 5000])
def test_set_detail_bad_version_is_400(api, version):
    response = api.get("/api/v1/sets/exempel", query_string={"version": version})
    assert response.status_code == 400
    assert strict_json(response)["error"].startswith(
        "version must be an integer from 1 to 2147483647, got ")


@pytest.mark.parametrize("url", ["/api/v1/sets/finns-inte", "/api/v1/sets/finns-inte?version=1"])
def test_unknown_set_is_404_json(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert strict_json(response) == {"error": "no published question set 'finns-inte'"}


@pytest.mark.parametrize("slug", ["a%00b", "Exempel", "%C3%A5", "x" * 300])
def test_impossible_slugs_are_404_not_a_database_error(api, slug):
    # PostgreSQL refuses a NUL character in a query; such a slug must not get that far.
    for response in (api.get(f"/api/v1/sets/{slug}"), api.get(f"/api/v1/sets/{slug}?version=1"),
                     api.post(MATCH.format(slug), json={"answers": {}})):
        assert response.status_code == 404
        assert strict_json(response)["error"].startswith("no published question set '")


def test_set_detail_is_cacheable_with_etag(api):
    response = api.get("/api/v1/sets/exempel")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    again = api.get("/api/v1/sets/exempel", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    other = api.get("/api/v1/sets/trygghet", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


# --------------------------------------------------------------------------------------------
# POST /api/v1/sets/<slug>/match
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("metric", scoring.METRICS)
def test_match_scores_equal_scoring_match(api, trygghet, metric):
    answers, weights = sample_answers(trygghet)
    data = strict_json(post_match(api, "trygghet", {"answers": answers, "weights": weights,
                                                    "metric": metric}))
    expected = direct_match(trygghet, answers, weights, metric)
    keys = [p["key"] for p in trygghet["parties"]]
    by_party = {r["party"]: r for r in data["results"]}
    assert sorted(by_party) == sorted(keys)
    scores = np.array([np.nan if by_party[k]["score"] is None else by_party[k]["score"]
                       for k in keys])
    np.testing.assert_array_equal(scores, expected.scores)  # exact: unrounded floats
    assert [by_party[k]["coverage"] for k in keys] == expected.coverage.tolist()
    ranked = [r["score"] for r in data["results"] if r["score"] is not None]
    assert ranked == sorted(ranked, reverse=True)
    assert data["metric"] == metric and data["version"] == 1
    assert data["answered"] == sum(v is not None for v in answers.values())


def test_match_contract(api):
    body = {"answers": {"ordningsvakter": 2, "kameror-restriktivt": None},
            "weights": {"ordningsvakter": 2}}
    data = strict_json(post_match(api, "exempel", body))
    assert set(data) == {"slug", "version", "metric", "answered", "results", "comparison",
                         "robustness"}
    assert (data["slug"], data["version"], data["metric"], data["answered"]) == (
        "exempel", 1, "agreement", 1)
    # Party a has no stated position anywhere and the set excludes missing positions.
    assert data["results"] == [
        {"party": "b", "score": 100.0, "coverage": 1, "rank": 1, "tied_with": []},
        {"party": "a", "score": None, "coverage": 0, "rank": None, "tied_with": []}]
    assert list(data["comparison"]) == list(EXEMPEL_STATEMENTS)  # statement order is kept
    assert data["comparison"]["ordningsvakter"] == {
        "answer": 2, "weight": 2.0,
        "positions": {"a": {"value": None, "agreement": None, "counted": False,
                            "evidence": None, "review": "not_asked"},
                      "b": {"value": 2, "agreement": 1.0, "counted": True,
                            "evidence": None, "review": "not_asked"}}}
    skipped = data["comparison"]["kameror-restriktivt"]
    assert skipped["answer"] is None and skipped["weight"] == 1.0
    assert skipped["positions"]["b"] == {"value": 2, "agreement": None, "counted": False,
                                         "evidence": None, "review": "not_asked"}
    assert data["robustness"] is None  # fewer than 3 answers


def test_match_cells_carry_evidence_and_review_of_each_position(app, tmp_path):
    """A match names, per cell, the kind of evidence and the party review state, so an
    embedding site can say how each value is backed and whether the party confirmed it."""
    shutil.copytree(VALID / "sources", tmp_path / "sources")
    text = (VALID / "exempel.yaml").read_text().replace(
        "        note: Uttryckligt förslag.",
        "        note: Uttryckligt förslag.\n        evidence: proposal\n"
        "        party_review: {status: confirmed}", 1)
    (tmp_path / "exempel.yaml").write_text(text)
    make_loaded_app(app, tmp_path / "exempel.yaml")
    data = strict_json(post_match(app.test_client(), "exempel",
                                  {"answers": {"ordningsvakter": 2}}))
    cells = data["comparison"]["ordningsvakter"]["positions"]
    assert (cells["b"]["evidence"], cells["b"]["review"]) == ("proposal", "confirmed")
    assert (cells["a"]["evidence"], cells["a"]["review"]) == (None, "not_asked")
    other = data["comparison"]["kameror-restriktivt"]["positions"]["b"]
    assert (other["evidence"], other["review"]) == (None, "not_asked")


def test_match_robustness_with_three_answers(api, trygghet):
    keys = [s["key"] for s in trygghet["statements"]]
    data = strict_json(post_match(api, "trygghet", {"answers": {k: 2 for k in keys[:6]}}))
    robustness = data["robustness"]
    assert set(robustness) == {"verdict", "top", "top_share", "runner_up", "runner_up_share",
                               "top_by_metric", "resamples"}
    parties = {p["key"] for p in trygghet["parties"]}
    assert robustness["top"] in parties and set(robustness["top_by_metric"]) == set(
        scoring.METRICS)
    assert 0 <= robustness["runner_up_share"] <= robustness["top_share"] <= 1
    assert isinstance(robustness["verdict"], str) and robustness["resamples"] > 0
    two = strict_json(post_match(api, "trygghet", {"answers": {k: 2 for k in keys[:2]}}))
    assert two["answered"] == 2 and two["robustness"] is None


def test_match_parties_subset(api, trygghet):
    answers, weights = sample_answers(trygghet)
    keys = [p["key"] for p in trygghet["parties"]]
    chosen = [keys[3], keys[0]]  # any order; results come ranked
    data = strict_json(post_match(api, "trygghet", {"answers": answers, "weights": weights,
                                                    "parties": chosen}))
    assert sorted(r["party"] for r in data["results"]) == sorted(chosen)
    in_set_order = [k for k in keys if k in chosen]
    expected = direct_match(trygghet, answers, weights, "agreement", in_set_order)
    by_party = {r["party"]: r["score"] for r in data["results"]}
    np.testing.assert_array_equal([by_party[k] for k in in_set_order], expected.scores)
    for row in data["comparison"].values():
        assert list(row["positions"]) == in_set_order
    if data["robustness"]:
        assert data["robustness"]["top"] in chosen


def test_match_reports_ties(api, trygghet):
    matrix = position_matrix(trygghet)
    keys = [p["key"] for p in trygghet["parties"]]
    # A statement on which two parties stated the same position: answering only it ties them.
    j, first, second = next(
        (j, i, k) for j in range(matrix.shape[1]) for i in range(len(keys))
        for k in range(i + 1, len(keys))
        if not np.isnan(matrix[i, j]) and matrix[i, j] == matrix[k, j])
    statement = trygghet["statements"][j]["key"]
    data = strict_json(post_match(api, "trygghet", {
        "answers": {statement: int(matrix[first, j])}, "parties": [keys[first], keys[second]]}))
    one, two = data["results"]
    assert one["score"] == two["score"] == 100.0
    assert one["rank"] == two["rank"] == 1
    assert one["tied_with"] == [two["party"]] and two["tied_with"] == [one["party"]]


def test_weight_zero_ignores_a_statement(api, trygghet):
    answers, _ = sample_answers(trygghet)
    answered = [k for k, v in answers.items() if v is not None]
    ignored = answered[0]
    with_zero = strict_json(post_match(api, "trygghet", {"answers": answers,
                                                         "weights": {ignored: 0}}))
    without = strict_json(post_match(api, "trygghet", {
        "answers": {k: v for k, v in answers.items() if k != ignored}}))
    assert [(r["party"], r["score"], r["coverage"]) for r in with_zero["results"]] == [
        (r["party"], r["score"], r["coverage"]) for r in without["results"]]
    row = with_zero["comparison"][ignored]
    assert row["weight"] == 0 and not any(c["counted"] for c in row["positions"].values())


def test_all_weights_zero_counts_nothing(api, trygghet):
    keys = [s["key"] for s in trygghet["statements"]][:5]
    data = strict_json(post_match(api, "trygghet", {"answers": {k: 1 for k in keys},
                                                    "weights": {k: 0 for k in keys}}))
    assert data["answered"] == 5
    assert all(r["score"] is None and r["coverage"] == 0 and r["rank"] is None
               for r in data["results"])


def test_match_on_a_named_version(api):
    body = {"answers": {"ordningsvakter": 1}}
    assert strict_json(post_match(api, "versioner", body))["version"] == 2
    assert strict_json(post_match(api, "versioner", {**body, "version": 1}))["version"] == 1
    for version in (3, 7):
        missing = post_match(api, "versioner", {**body, "version": version})
        assert missing.status_code == 404
        assert strict_json(missing) == {
            "error": f"question set 'versioner' has no published version {version}"}


def test_match_unknown_set_is_404_json(api):
    response = post_match(api, "finns-inte", {"answers": {}})
    assert response.status_code == 404
    assert strict_json(response) == {"error": "no published question set 'finns-inte'"}


def test_match_without_answers_scores_nothing(api):
    data = strict_json(post_match(api, "exempel", {"answers": {}}))
    assert data["answered"] == 0 and data["robustness"] is None
    assert all(r["score"] is None and r["rank"] is None for r in data["results"])


def test_match_reads_json_whatever_the_content_type(api):
    # A page can POST text/plain to avoid a CORS preflight; the body is still JSON.
    response = api.post(MATCH.format("exempel"), data='{"answers": {"ordningsvakter": 1}}',
                        content_type="text/plain")
    assert response.status_code == 200 and strict_json(response)["answered"] == 1


def test_match_needs_no_csrf_token(shared_app, api):
    assert shared_app.config.get("WTF_CSRF_ENABLED", True)  # CSRF stays on for the rest of the site
    assert post_match(api, "exempel", {"answers": {}}).status_code == 200


def test_match_only_takes_post(api):
    response = api.get(MATCH.format("exempel"))
    assert response.status_code == 405 and "error" in strict_json(response)


# Every bad body on the small set, with the message it gets (exact, or a prefix ending "…").
BAD_BODIES = {
    "malformed": ('{"answers": ', "the body is not valid JSON: Expecting value at line 1 "
                                  "column 13"),
    "empty": ("", "the body is empty; send a JSON object"),
    "nan": ('{"answers": {"ordningsvakter": NaN}}',
            "the body is not valid JSON: NaN is not a JSON number"),
    "infinity": ('{"answers": {}, "version": -Infinity}',
                 "the body is not valid JSON: -Infinity is not a JSON number"),
    "not utf-8": (b'{"answers": {"\xff": 1}}', "the body is not valid JSON: it is not UTF-8 text"),
    "too deep": ("[" * 100_000, "the body is not valid JSON…"),
    "huge integer": ('{"answers": {"ordningsvakter": 1' + "0" * 5000 + "}}",
                     "the body is not valid JSON that the API can read"),
    "array": ([], "the body must be a JSON object, got an array"),
    "null": ("null", "the body must be a JSON object, got null"),
    "number": (3, "the body must be a JSON object, got a number"),
    "string": ("\"answers\"", "the body must be a JSON object, got a string"),
    "unknown field": ({"answers": {}, "answer": {}},
                      "unknown field 'answer'; expected answers, weights, metric, parties, "
                      "version"),
    "no answers": ({}, "missing field 'answers' (an object of statement key → answer)"),
    "answers array": ({"answers": [1, 2]},
                      "'answers' must be an object keyed by statement key, got an array"),
    "answers null": ({"answers": None},
                     "'answers' must be an object keyed by statement key, got null"),
    "weights string": ({"answers": {}, "weights": "2"},
                       "'weights' must be an object keyed by statement key, got a string"),
    "unknown statement": ({"answers": {"ordningsvakter": 1, "nope": 1}},
                          "unknown statement 'nope' in 'answers'"),
    "unknown weighted statement": ({"answers": {}, "weights": {"nope": 1}},
                                   "unknown statement 'nope' in 'weights'"),
    "off the scale": ({"answers": {"ordningsvakter": 3}},
                      "answer for 'ordningsvakter' is off the 5-level scale: 3 is not between "
                      "-2 and 2"),
    "below the scale": ({"answers": {"kameror-restriktivt": -3}},
                        "answer for 'kameror-restriktivt' is off the 5-level scale: -3 is not "
                        "between -2 and 2"),
    "float answer": ({"answers": {"ordningsvakter": 1.0}},
                     "answer for 'ordningsvakter' must be an integer from -2 to 2 or null, "
                     "got 1.0"),
    "half answer": ({"answers": {"ordningsvakter": 0.5}},
                    "answer for 'ordningsvakter' must be an integer from -2 to 2 or null, "
                    "got 0.5"),
    "boolean answer": ({"answers": {"ordningsvakter": True}},
                       "answer for 'ordningsvakter' must be an integer from -2 to 2 or null, "
                       "got true"),
    "string answer": ({"answers": {"ordningsvakter": "1"}},
                      "answer for 'ordningsvakter' must be an integer from -2 to 2 or null, "
                      "got \"1\""),
    "negative weight": ({"answers": {}, "weights": {"ordningsvakter": -1}},
                        "weight for 'ordningsvakter' must not be negative, got -1"),
    "weight 3": ({"answers": {}, "weights": {"ordningsvakter": 3}},
                 "weight for 'ordningsvakter' must be 0, 0.5, 1 or 2, got 3"),
    "weight 1.5": ({"answers": {}, "weights": {"ordningsvakter": 1.5}},
                   "weight for 'ordningsvakter' must be 0, 0.5, 1 or 2, got 1.5"),
    "boolean weight": ({"answers": {}, "weights": {"ordningsvakter": True}},
                       "weight for 'ordningsvakter' must be a number (0, 0.5, 1 or 2), "
                       "got a boolean"),
    "null weight": ({"answers": {}, "weights": {"ordningsvakter": None}},
                    "weight for 'ordningsvakter' must be a number (0, 0.5, 1 or 2), got null"),
    "unknown metric": ({"answers": {}, "metric": "manhattan"},
                       "unknown metric \"manhattan\"; expected one of agreement, euclidean, "
                       "hybrid"),
    "metric not a string": ({"answers": {}, "metric": ["agreement"]},
                            "unknown metric [\"agreement\"]; expected one of agreement, "
                            "euclidean, hybrid"),
    "unknown party": ({"answers": {}, "parties": ["a", "c"]},
                      "unknown party 'c'; expected one of a, b"),
    "empty parties": ({"answers": {}, "parties": []},
                      "'parties' is empty; leave it out to compare with every party"),
    "parties string": ({"answers": {}, "parties": "a"},
                       "'parties' must be an array of party keys, got a string"),
    "party not a string": ({"answers": {}, "parties": [1]},
                           "'parties' must hold party keys (strings), got 1"),
    "party twice": ({"answers": {}, "parties": ["b", "b"]},
                    "party 'b' is listed twice in 'parties'"),
    "version string": ({"answers": {}, "version": "1"},
                       "'version' must be an integer from 1 to 2147483647, got \"1\""),
    "version zero": ({"answers": {}, "version": 0},
                     "'version' must be an integer from 1 to 2147483647, got 0"),
    "version float": ({"answers": {}, "version": 1.0},
                      "'version' must be an integer from 1 to 2147483647, got 1.0"),
    "version boolean": ({"answers": {}, "version": True},
                        "'version' must be an integer from 1 to 2147483647, got true"),
    "version too large": ({"answers": {}, "version": 2**63},
                          "'version' must be an integer from 1 to 2147483647, "
                          "got 9223372036854775808"),
    "lone surrogate key": ('{"answers": {"\\ud800": 1}}',
                           "unknown statement '\ud800' in 'answers'"),
    "huge answer": ({"answers": {"ordningsvakter": 10**60}},
                    "answer for 'ordningsvakter' is off the 5-level scale: "
                    f"{'1' + '0' * 36}... is not between -2 and 2"),
}


@pytest.mark.parametrize("body, message", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_match_body_is_400_with_a_clear_message(api, body, message):
    response = post_match(api, "exempel", body)
    assert response.status_code == 400
    error = strict_json(response)["error"]
    if message.endswith("…"):
        assert error.startswith(message[:-1])
    else:
        assert error == message


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
SCALE = st.integers(-3, 3) | st.none()


def _assert_200_or_400(response):
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    data = strict_json(response)
    if response.status_code == 400:
        assert isinstance(data["error"], str) and data["error"]
    else:
        assert len(data["results"]) >= 1


@FUZZ
@given(body=JSON_VALUES)
def test_fuzz_any_json_body_is_200_or_400(fuzz_client, body):
    _assert_200_or_400(post_match(fuzz_client, "exempel", json.dumps(body)))


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={
    "answers": st.dictionaries(st.sampled_from([*EXEMPEL_STATEMENTS, "nope"]),
                               SCALE | JSON_VALUES, max_size=3) | JSON_VALUES,
    "weights": st.dictionaries(st.sampled_from([*EXEMPEL_STATEMENTS, "nope"]),
                               st.sampled_from([*API_WEIGHTS, -1, 3]) | JSON_VALUES,
                               max_size=3) | JSON_VALUES,
    "metric": st.sampled_from([*scoring.METRICS, "x"]) | JSON_VALUES,
    "parties": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3) | JSON_VALUES,
    "version": st.just(1) | st.integers(max_value=0) | st.integers(min_value=2**31)
    | st.none() | st.booleans() | st.text(),
}))
def test_fuzz_nearly_valid_bodies_are_200_or_400(fuzz_client, body):
    _assert_200_or_400(post_match(fuzz_client, "exempel", body))


@FUZZ
@given(body=st.binary(max_size=64))
def test_fuzz_raw_bytes_are_200_or_400(fuzz_client, body):
    _assert_200_or_400(post_match(fuzz_client, "exempel", body))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_valid_request_scores_exactly_like_scoring_match(fuzz_client, trygghet, data):
    keys = [s["key"] for s in trygghet["statements"]]
    party_keys = [p["key"] for p in trygghet["parties"]]
    answers = data.draw(st.dictionaries(st.sampled_from(keys), st.integers(-2, 2) | st.none()))
    weights = data.draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(API_WEIGHTS)))
    metric = data.draw(st.sampled_from(scoring.METRICS))
    chosen = data.draw(st.lists(st.sampled_from(party_keys), min_size=1, unique=True))
    response = post_match(fuzz_client, "trygghet", {"answers": answers, "weights": weights,
                                            "metric": metric, "parties": chosen})
    result = strict_json(response)
    in_set_order = [k for k in party_keys if k in chosen]
    expected = direct_match(trygghet, answers, weights, metric, in_set_order)
    by_party = {r["party"]: r for r in result["results"]}
    np.testing.assert_array_equal(
        [np.nan if by_party[k]["score"] is None else by_party[k]["score"] for k in in_set_order],
        expected.scores)
    assert [by_party[k]["coverage"] for k in in_set_order] == expected.coverage.tolist()


# --------------------------------------------------------------------------------------------
# CORS
# --------------------------------------------------------------------------------------------

ORIGIN = "https://tidning.example"


def test_cors_preflight_for_match(api):
    response = api.options(MATCH.format("exempel"), headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST", "OPTIONS"} <= set(
        response.headers["Access-Control-Allow-Methods"].split(", "))
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("method, url, status", [
    ("get", "/api/v1/sets", 200), ("get", "/api/v1/sets/exempel", 200),
    ("get", "/api/v1/openapi.json", 200), ("get", "/api/v1/sets/finns-inte", 404),
    ("post", MATCH.format("exempel"), 200)])
def test_cors_allows_any_origin(api, method, url, status):
    kwargs = {"json": {"answers": {}}} if method == "post" else {}
    response = getattr(api, method)(url, headers={"Origin": ORIGIN}, **kwargs)
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_bad_request_errors_carry_cors_too(api):
    response = api.post(MATCH.format("exempel"), data="{", headers={"Origin": ORIGIN})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_is_for_the_api_only(api):
    response = api.get("/sprak/sv", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers


# --------------------------------------------------------------------------------------------
# OpenAPI
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi_doc(shared_app):
    """The served OpenAPI document."""
    return strict_json(shared_app.test_client().get("/api/v1/openapi.json"))


def test_openapi_documents_every_api_route(shared_app, openapi_doc):
    assert openapi_doc["openapi"].startswith("3.1")
    routes = [rule for rule in shared_app.url_map.iter_rules() if rule.rule.startswith("/api/v1")]
    assert routes
    for rule in routes:
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in openapi_doc["paths"], path
        methods = {m.lower() for m in rule.methods} - {"head", "options"}
        assert methods <= set(openapi_doc["paths"][path]), (path, methods)


def test_openapi_document_is_valid(openapi_doc):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(openapi_doc)


def _schema_validator(openapi_doc, name):
    jsonschema = pytest.importorskip("jsonschema")
    schema = {"$ref": f"#/components/schemas/{name}", "components": openapi_doc["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_responses_follow_the_openapi_schemas(api, openapi_doc, trygghet):
    _schema_validator(openapi_doc, "SetList").validate(strict_json(api.get("/api/v1/sets")))
    _schema_validator(openapi_doc, "Set").validate(trygghet)
    answers, weights = sample_answers(trygghet)
    body = {"answers": answers, "weights": weights, "metric": "hybrid"}
    _schema_validator(openapi_doc, "MatchRequest").validate(body)
    _schema_validator(openapi_doc, "MatchResponse").validate(
        strict_json(post_match(api, "trygghet", body)))
    _schema_validator(openapi_doc, "Error").validate(
        strict_json(post_match(api, "trygghet", {"answers": 1})))
