"""compass.scoring: hand-worked cases, invariants, errors and the analysis helpers.

The comparison with a plain-Python reference on random inputs is in test_scoring_reference.py.
"""

import doctest
import importlib
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compass.scoring
from compass.scoring import (
    METRICS,
    MISSING_POLICIES,
    explain,
    landscape,
    match,
    party_similarity,
    ranking,
    robustness,
    theme_scores,
)

NAN = math.nan


def make_answers(rng, n_voters, n_statements, levels=5, skip=0.2):
    top = (levels - 1) // 2
    answers = rng.integers(-top, top + 1, (n_voters, n_statements)).astype(float)
    answers[rng.random(answers.shape) < skip] = NAN
    return answers


# --------------------------------------------------------------------------------------------
# Hand-worked cases
# --------------------------------------------------------------------------------------------

# One voter, one party, 5 levels (R = 4): answers u = [2, 1, -2, 0], weights w = [1, 2, 1, 1],
# party p = [2, -1, NaN, 0]. Per statement |u − p| is 0, 2, (policy), 0.
#   neutral  p3 → 0:  |−2 − 0| = 2.   exclude: statement 3 dropped.   penalize: u < 0 → p = +2:
#   |−2 − 2| = 4.
# agreement terms 1 − |d|/4: 1, 0.5, (0.5 | – | 0), 1
#   neutral  (1·1 + 2·0.5 + 1·0.5 + 1·1) / 5 = 3.5 / 5 = 70
#   exclude  (1 + 1 + 1) / 4 = 75
#   penalize (1 + 1 + 0 + 1) / 5 = 60
# euclidean terms (d/4)²: 0, 0.25, (0.25 | – | 1), 0
#   neutral  Σ w·d² = 2·0.25 + 0.25 = 0.75 → 100·(1 − √(0.75/5)) = 100·(1 − √0.15) = 61.270…
#   exclude  0.5 / 4 → 100·(1 − √0.125) = 64.644…
#   penalize (0.5 + 1) / 5 → 100·(1 − √0.3) = 45.227…
# hybrid (H[p][u] + 1)/2 with indices p+2, u+2: H[4][4] = 1 → 1; H[1][3] = −0.25 → 0.375;
#   neutral H[2][0] = 0 → 0.5; penalize H[4][0] = −1 → 0; H[2][2] = 0.5 → 0.75
#   neutral  (1 + 2·0.375 + 0.5 + 0.75) / 5 = 3 / 5 = 60
#   exclude  (1 + 0.75 + 0.75) / 4 = 62.5
#   penalize (1 + 0.75 + 0 + 0.75) / 5 = 50
HAND_ANSWERS = [2, 1, -2, 0]
HAND_PARTY = [[2, -1, NAN, 0]]
HAND_WEIGHTS = [1, 2, 1, 1]
HAND_CASES = [
    ("agreement", "neutral", 70.0, 4),
    ("agreement", "exclude", 75.0, 3),
    ("agreement", "penalize", 60.0, 4),
    ("euclidean", "neutral", 100 * (1 - math.sqrt(0.15)), 4),
    ("euclidean", "exclude", 100 * (1 - math.sqrt(0.125)), 3),
    ("euclidean", "penalize", 100 * (1 - math.sqrt(0.3)), 4),
    ("hybrid", "neutral", 60.0, 4),
    ("hybrid", "exclude", 62.5, 3),
    ("hybrid", "penalize", 50.0, 4),
]


@pytest.mark.parametrize(("metric", "missing", "score", "coverage"), HAND_CASES)
def test_hand_worked_five_levels(metric, missing, score, coverage):
    result = match(HAND_ANSWERS, HAND_PARTY, HAND_WEIGHTS, metric=metric, missing=missing)
    assert result.scores == pytest.approx([score], rel=1e-12)
    assert result.coverage.tolist() == [coverage]


# Wahl-O-Mat (3 levels): 2 points for the same answer, 1 if one side is neutral, 0 for
# opposite answers; a doubled statement counts twice. Agreement 1 − |d|/2 is points / 2.
WAHL_O_MAT = [
    ([1], [[1]], None, 100.0),  # same: 2 of 2 points
    ([-1], [[-1]], None, 100.0),
    ([0], [[0]], None, 100.0),
    ([1], [[0]], None, 50.0),  # one side neutral: 1 of 2
    ([0], [[-1]], None, 50.0),
    ([1], [[-1]], None, 0.0),  # opposite: 0 of 2
    # same (2 points, doubled → 4) + opposite (0) of 2·2 + 2 = 6 possible: 4/6
    ([1, -1], [[1, 1]], [2, 1], 100 * 4 / 6),
    # same (2) + neutral (1) + opposite doubled (0) of 2 + 2 + 4 = 8 possible: 3/8
    ([1, 0, -1], [[1, 1, 1]], [1, 1, 2], 100 * 3 / 8),
]


@pytest.mark.parametrize(("answers", "positions", "weights", "score"), WAHL_O_MAT)
def test_wahl_o_mat_rule_with_three_levels(answers, positions, weights, score):
    result = match(answers, positions, weights, levels=3)
    assert result.scores.tolist() == pytest.approx([score], rel=1e-12)


@pytest.mark.parametrize(
    ("metric", "answer", "position", "score"),
    [
        # euclidean on 3 levels: one step (d/R = 1/2) → 100·(1 − 1/2) = 50, opposite → 0
        ("euclidean", 1, 0, 50.0),
        ("euclidean", 1, -1, 0.0),
        # hybrid on 3 levels uses H at indices 0, 2, 4: neutral/neutral H[2][2] = 0.5 → 75,
        # agree/agree H[4][4] = 1 → 100, agree/neutral H[2][4] = 0 → 50, opposite → 0
        ("hybrid", 0, 0, 75.0),
        ("hybrid", 1, 1, 100.0),
        ("hybrid", 1, 0, 50.0),
        ("hybrid", -1, 1, 0.0),
    ],
)
def test_three_level_euclidean_and_hybrid(metric, answer, position, score):
    result = match([answer], [[position]], levels=3, metric=metric)
    assert result.scores.tolist() == pytest.approx([score])


def test_hybrid_table_taken_literally():
    # Partly/partly is 0.75 → 87.5, not 100; fully for vs partly for is 0.5 → 75 both ways.
    assert match([1], [[1]], metric="hybrid").scores.tolist() == [87.5]
    assert match([2], [[1]], metric="hybrid").scores.tolist() == [75.0]
    assert match([1], [[2]], metric="hybrid").scores.tolist() == [75.0]
    assert match([-2], [[-1]], metric="hybrid").scores.tolist() == [75.0]


def test_penalize_far_end_for_neutral_voter_is_plus_max():
    # Voter neutral (0) → missing position counts as +2: agreement 1 − 2/4 = 0.5.
    assert match([0], [[NAN]], missing="penalize").scores.tolist() == [50.0]
    # Voter +1 → −2: 1 − 3/4; voter −1 → +2: 1 − 3/4.
    assert match([1], [[NAN]], missing="penalize").scores.tolist() == [25.0]
    assert match([-1], [[NAN]], missing="penalize").scores.tolist() == [25.0]


def test_shapes_for_batch_and_single_voter():
    positions = np.zeros((3, 4))
    batch = match(np.zeros((2, 4)), positions)
    single = match(np.zeros(4), positions)
    assert batch.scores.shape == batch.coverage.shape == (2, 3)
    assert single.scores.shape == single.coverage.shape == (3,)
    assert np.issubdtype(batch.coverage.dtype, np.integer)
    assert match(np.zeros((0, 4)), positions).scores.shape == (0, 3)
    assert match(np.zeros((2, 4)), np.zeros((0, 4))).scores.shape == (2, 0)


def test_inputs_as_lists_with_none_and_integers():
    assert match([2, None, -2], [[2, 0, -2]]).scores.tolist() == [100.0]
    assert match(np.array([2, -2], dtype=np.int8), [[2, -2]]).scores.tolist() == [100.0]
    assert match(np.array([2, -2], dtype=np.float32), [[2, -2]]).scores.tolist() == [100.0]


def test_extreme_weights_only_their_ratio_matters():
    answers, positions = [2, -1, 0], [[2, 1, -2], [0, -1, 2]]
    expected = match(answers, positions, [1, 2, 3]).scores
    for scale in (1e300, 1e-300, 5e-324):
        np.testing.assert_allclose(
            match(answers, positions, np.array([1, 2, 3]) * scale).scores, expected, rtol=1e-12
        )
    # A ratio of 1e300 between weights is still exact enough: the small one barely counts.
    tiny = match([2, -2], [[2, 2]], [1e300, 1e-10], missing="exclude")
    assert tiny.scores.tolist() == pytest.approx([100.0]) and tiny.coverage.tolist() == [2]


def test_float32_fast_path_matches_float64_path():
    # Whole weights take the exact float32 product; the same ratios as fractions take float64.
    rng = np.random.default_rng(3)
    answers = make_answers(rng, 300, 12)
    positions = make_answers(rng, 6, 12)
    weights = rng.integers(0, 4, answers.shape).astype(float)
    for metric in METRICS:
        for missing in MISSING_POLICIES:
            whole = match(answers, positions, weights, metric=metric, missing=missing)
            fraction = match(answers, positions, weights / 3, metric=metric, missing=missing)
            np.testing.assert_allclose(whole.scores, fraction.scores, rtol=1e-12, atol=1e-12)
            np.testing.assert_array_equal(whole.coverage, fraction.coverage)


# --------------------------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------------------------


@st.composite
def batches(draw):
    levels = draw(st.sampled_from([3, 5]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_voters, n_parties, n_statements = (draw(st.integers(1, 5)) for _ in range(3))
    answers = make_answers(rng, n_voters, n_statements, levels, skip=draw(st.floats(0, 0.6)))
    positions = make_answers(rng, n_parties, n_statements, levels, skip=draw(st.floats(0, 0.6)))
    weights = rng.choice([0.0, 0.5, 1.0, 2.0, 7.25], size=(n_voters, n_statements))
    options = {
        "levels": levels,
        "metric": draw(st.sampled_from(METRICS)),
        "missing": draw(st.sampled_from(MISSING_POLICIES)),
    }
    return answers, positions, weights, options, rng


@settings(max_examples=200, deadline=None)
@given(batches())
def test_invariants(batch):
    answers, positions, weights, options, rng = batch
    result = match(answers, positions, weights, **options)
    finite = result.scores[~np.isnan(result.scores)]
    assert np.all((finite >= 0) & (finite <= 100))
    np.testing.assert_array_equal(np.isnan(result.scores), result.coverage == 0)

    doubled = match(answers, positions, 2 * weights, **options)
    np.testing.assert_allclose(doubled.scores, result.scores, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(doubled.coverage, result.coverage)

    permutation = rng.permutation(answers.shape[1])
    permuted = match(
        answers[:, permutation], positions[:, permutation], weights[:, permutation], **options
    )
    np.testing.assert_allclose(permuted.scores, result.scores, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(permuted.coverage, result.coverage)


@pytest.mark.parametrize("levels", [3, 5])
@pytest.mark.parametrize("metric", ["agreement", "euclidean"])
def test_identical_answers_score_100(levels, metric):
    rng = np.random.default_rng(levels)
    positions = make_answers(rng, 5, 10, levels, skip=0)
    answers = positions.copy()
    answers[:, ::3] = NAN  # skipping does not matter
    result = match(answers, positions, levels=levels, metric=metric)
    np.testing.assert_allclose(np.diag(result.scores), 100.0, rtol=1e-12)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("missing", MISSING_POLICIES)
def test_all_skipped_gives_nan_and_zero_coverage(metric, missing):
    result = match(
        [[NAN, NAN, NAN], [2, 1, 0]], [[2, 1, 0]], [1, 1, 1], metric=metric, missing=missing
    )
    assert math.isnan(result.scores[0, 0]) and result.coverage[0, 0] == 0
    zero_weights = match([2, 1, 0], [[2, 1, 0]], [0, 0, 0], metric=metric, missing=missing)
    assert math.isnan(zero_weights.scores[0]) and zero_weights.coverage[0] == 0
    no_statements = match(np.zeros((2, 0)), np.zeros((1, 0)), metric=metric, missing=missing)
    assert np.isnan(no_statements.scores).all() and (no_statements.coverage == 0).all()


@pytest.mark.parametrize("metric", METRICS)
def test_party_without_positions_is_nan_under_exclude(metric):
    result = match([2, 1, 0], [[NAN, NAN, NAN], [2, 1, 0]], metric=metric, missing="exclude")
    assert math.isnan(result.scores[0]) and result.coverage.tolist() == [0, 3]
    # hybrid: (H + 1)/2 is 1, 0.875 and 0.75 for identical answers 2, 1 and 0
    assert result.scores[1] == pytest.approx(100.0 if metric != "hybrid" else 87.5)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

GOOD = {"answers": [[2, 0, -1]], "positions": [[1, 1, NAN]], "weights": None}


@pytest.mark.parametrize(
    ("change", "options", "message"),
    [
        ({"answers": np.zeros((1, 1, 3))}, {}, "answers must have shape"),
        ({"answers": 1.0}, {}, "answers must have shape"),
        ({"answers": [["a", "b", "c"]]}, {}, "answers must be real numbers"),
        ({"answers": [[1 + 0j, 0, 0]]}, {}, "answers must be real numbers"),
        ({"positions": [1, 1, 1]}, {}, "positions must have shape"),
        ({"positions": [[1, 1]]}, {}, "positions have 2 statements but answers have 3"),
        ({"weights": [1, 1]}, {}, "weights must have shape"),
        ({"weights": [[1, 1, 1], [1, 1, 1]]}, {}, "weights must have shape"),
        ({"answers": [[3, 0, 0]]}, {}, "answers must be whole numbers from -2 to 2"),
        ({"answers": [[0.5, 0, 0]]}, {}, r"found 0.5 at \(0, 0\)"),
        ({"answers": [[0, math.inf, 0]]}, {}, "answers must be whole numbers"),
        ({"answers": [[2, 0, 0]]}, {"levels": 3}, "from -1 to 1"),
        ({"positions": [[0, -3, 0]]}, {}, "positions must be whole numbers"),
        ({"positions": [[0, 1.5, 0]]}, {}, "positions must be whole numbers"),
        ({"weights": [1, -1, 1]}, {}, "weights must be finite and >= 0"),
        ({"weights": [1, NAN, 1]}, {}, "weights must be finite and >= 0"),
        ({"weights": [math.inf, 1, 1]}, {}, "weights must be finite and >= 0"),
        ({"weights": [[1, 1, -0.5]]}, {}, r"found -0.5 at \(0, 2\)"),
        ({"weights": [[1, NAN, 1]]}, {}, "weights must be finite and >= 0"),
        ({}, {"metric": "cosine"}, "unknown metric 'cosine'"),
        ({}, {"missing": "ignore"}, "unknown missing policy 'ignore'"),
        ({}, {"levels": 4}, "levels must be 3 or 5"),
        ({}, {"levels": 5.0}, "levels must be 3 or 5"),
        ({}, {"levels": True}, "levels must be 3 or 5"),
    ],
)
def test_bad_input_raises_value_error(change, options, message):
    arguments = {**GOOD, **change}
    with pytest.raises(ValueError, match=message):
        match(arguments["answers"], arguments["positions"], arguments["weights"], **options)


def test_single_voter_rejects_per_voter_weights():
    with pytest.raises(ValueError, match=r"weights must have shape \(3,\)"):
        match([1, 0, 0], [[1, 1, 1]], [[1, 1, 1]])


def test_bad_value_in_a_later_block_reports_its_row():
    answers = np.zeros((5000, 3))
    answers[4500, 1] = 7
    with pytest.raises(ValueError, match=r"found 7.0 at \(4500, 1\)"):
        match(answers, np.zeros((2, 3)))
    weights = np.ones((5000, 3))
    weights[4321, 2] = -1
    with pytest.raises(ValueError, match=r"at \(4321, 2\)"):
        match(np.zeros((5000, 3)), np.zeros((2, 3)), weights)


@pytest.mark.parametrize(
    "call",
    [
        lambda: explain([[1, 0]], [[1, 1]]),
        lambda: explain([1, 0], [[1, 1]], metric="manhattan"),
        lambda: robustness([1, 0], [[1, 1]], resamples=0),
        lambda: robustness([1, 0], [[1, 1]], threshold=1.5),
        lambda: theme_scores([1, 0], [[1, 1]], ["a"]),
        lambda: theme_scores([1, 0], [[1, 1]], ["a", "b"], [1, -1]),
        lambda: landscape([[1, 9]]),
        lambda: landscape([[1, 1]], answers=[1, 1, 1]),
        lambda: landscape([[1, 1]], levels=7),
        lambda: party_similarity([[1, 2]], levels=3),
        lambda: ranking(np.zeros((2, 2, 2))),
    ],
)
def test_analysis_functions_validate_too(call):
    with pytest.raises(ValueError):
        call()


# --------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------


def test_ranking_ties_nan_and_competition_ranks():
    result = ranking([50.0, 80.0, NAN, 80.0, 90.0, 50.0])
    assert result.order.tolist() == [4, 1, 3, 0, 5, 2]
    assert result.rank.tolist() == [4, 2, 0, 2, 1, 4]
    assert result.tie_groups == ((1, 3), (0, 5))


def test_ranking_treats_rounding_noise_as_a_tie():
    result = ranking([70.0, 70.0 + 1e-12, 69.9])
    assert result.order.tolist() == [0, 1, 2]
    assert result.rank.tolist() == [1, 1, 3]
    assert result.tie_groups == ((0, 1),)


def test_ranking_batch_and_edge_cases():
    batch = ranking([[1.0, 2.0], [NAN, NAN], [3.0, 3.0]])
    assert batch.order.tolist() == [[1, 0], [0, 1], [0, 1]]
    assert batch.rank.tolist() == [[2, 1], [0, 0], [1, 1]]
    assert batch.tie_groups == ((), (), ((0, 1),))
    assert ranking([]).order.tolist() == [] and ranking([]).tie_groups == ()


# --------------------------------------------------------------------------------------------
# explain
# --------------------------------------------------------------------------------------------


def test_explain_statement_by_statement():
    # u = [2, 1, -2, 0], p = [2, -1, NaN, 0], w = [1, 2, 1, 1] as in the hand-worked cases.
    result = explain(HAND_ANSWERS, HAND_PARTY, HAND_WEIGHTS, missing="exclude")
    np.testing.assert_array_equal(result.agreement, [[1.0, 0.5, NAN, 1.0]])
    np.testing.assert_array_equal(result.weight, [[1.0, 2.0, 0.0, 1.0]])
    np.testing.assert_array_equal(result.counted, [[True, True, False, True]])
    assert result.scores.tolist() == [75.0]
    # Ties at agreement 1.0 are broken by weight, then statement order.
    assert result.top_agreements(0, k=2).tolist() == [0, 3]
    assert result.top_differences(0, k=5).tolist() == [1, 0, 3]
    assert result.top_agreements(0, k=0).tolist() == []


@pytest.mark.parametrize(
    ("metric", "agreement"),
    [
        ("agreement", [1.0, 0.5, 0.5, 1.0]),
        ("euclidean", [1.0, 0.5, 0.5, 1.0]),  # documented: 1 − |d|/R here too
        ("hybrid", [1.0, 0.375, 0.5, 0.75]),  # (H[p][u] + 1) / 2
    ],
)
def test_explain_agreement_per_metric(metric, agreement):
    result = explain(HAND_ANSWERS, HAND_PARTY, HAND_WEIGHTS, metric=metric)
    np.testing.assert_allclose(result.agreement[0], agreement)
    expected = dict((m, s) for m, p, s, _ in HAND_CASES if p == "neutral")[metric]
    assert result.scores[0] == pytest.approx(expected)


def test_explain_skips_and_zero_weights_are_not_counted():
    result = explain([2, NAN, 1], [[2, 2, 2], [-2, -2, -2]], [1, 1, 0])
    assert result.counted.tolist() == [[True, False, False]] * 2
    assert np.isnan(result.agreement[:, 1:]).all()
    assert result.top_differences(1).tolist() == [0]


# --------------------------------------------------------------------------------------------
# theme_scores
# --------------------------------------------------------------------------------------------


def test_theme_scores_per_theme_in_first_appearance_order():
    themes = ["skola", "miljö", "skola", "vård"]
    positions = [[2, 2, 1, NAN], [-2, 0, 1, 1]]
    result = theme_scores([2, -2, 1, NAN], positions, themes, missing="exclude")
    assert result.themes == ("skola", "miljö", "vård")
    # skola: statements 0, 2; miljö: 1; vård: 3 is skipped → NaN
    expected_skola = match([2, 1], [[2, 1], [-2, 1]]).scores
    expected_miljo = match([-2], [[2], [0]]).scores
    np.testing.assert_allclose(result.scores[:, 0], expected_skola)
    np.testing.assert_allclose(result.scores[:, 1], expected_miljo)
    assert np.isnan(result.scores[:, 2]).all()
    assert result.coverage.tolist() == [[2, 1, 0], [2, 1, 0]]


def test_theme_scores_batch_and_weights():
    rng = np.random.default_rng(5)
    answers = make_answers(rng, 4, 6)
    positions = make_answers(rng, 3, 6)
    weights = rng.integers(0, 3, (4, 6)).astype(float)
    result = theme_scores(answers, positions, list("abcabc"), weights, metric="hybrid")
    assert result.scores.shape == result.coverage.shape == (4, 3, 3)
    only_b = match(answers[:, [1, 4]], positions[:, [1, 4]], weights[:, [1, 4]], metric="hybrid")
    np.testing.assert_allclose(result.scores[..., 1], only_b.scores)
    assert theme_scores(np.zeros(0), np.zeros((2, 0)), []).scores.shape == (2, 0)


# --------------------------------------------------------------------------------------------
# robustness
# --------------------------------------------------------------------------------------------


def test_robustness_clear_case_is_stable():
    rng = np.random.default_rng(11)
    positions = make_answers(rng, 5, 30, skip=0)
    answers = positions[2].copy()
    answers[:4] = -answers[:4]  # still far closer to party 2 than to any other
    result = robustness(answers, positions)
    assert result.top == 2 and result.verdict == "stable"
    assert result.first_share[2] >= 0.8
    assert result.top_by_metric == {"agreement": 2, "euclidean": 2, "hybrid": 2}
    assert result.first_share.sum() == pytest.approx(1.0)
    assert result.resamples == 1000


def test_robustness_close_case_is_uncertain_and_names_runner_up():
    # Parties 0 and 1 differ on two statements where the voter sits between them.
    answers = [2, 2, -2, 1, 0, 0]
    positions = [[2, 2, -2, 1, 1, -1], [2, 2, -2, 1, -1, 1], [-2, -2, 2, -1, 0, 0]]
    result = robustness(answers, positions)
    assert result.verdict == "uncertain"
    assert {result.top, result.runner_up} == {0, 1}
    assert result.gap == pytest.approx(0.0)
    assert 0.2 < result.first_share[0] < 0.8 and result.first_share[2] < 0.05


def test_robustness_is_seeded_and_vectorised_bootstrap_matches_a_loop():
    rng = np.random.default_rng(2)
    positions = make_answers(rng, 4, 12)
    answers = make_answers(rng, 1, 12)[0]
    weights = rng.integers(1, 3, 12).astype(float)
    first = robustness(answers, positions, weights, missing="penalize", resamples=50, seed=9)
    again = robustness(answers, positions, weights, missing="penalize", resamples=50, seed=9)
    np.testing.assert_array_equal(first.first_share, again.first_share)

    # The same draws, scored one resample at a time through match with counts as weights.
    pool = np.flatnonzero(~np.isnan(answers))
    draws = np.random.default_rng(9).integers(0, pool.size, size=(50, pool.size))
    shares = np.zeros(4)
    for row in draws:
        counts = np.bincount(row, minlength=pool.size)
        resample_weights = np.zeros(12)
        resample_weights[pool] = counts * weights[pool]
        scores = np.round(match(answers, positions, resample_weights, missing="penalize").scores, 9)
        winners = scores == np.nanmax(scores)
        shares += winners / winners.sum()
    np.testing.assert_allclose(first.first_share, shares / 50, atol=1e-12)


def test_robustness_with_nothing_answered():
    result = robustness([NAN, NAN], [[1, 1], [0, 0]])
    assert result.top is None and result.runner_up is None and result.verdict == "uncertain"
    assert result.first_share.tolist() == [0.0, 0.0] and math.isnan(result.gap)


# --------------------------------------------------------------------------------------------
# landscape
# --------------------------------------------------------------------------------------------


def test_landscape_shapes_shares_and_determinism():
    rng = np.random.default_rng(4)
    positions = make_answers(rng, 7, 20)
    answers = make_answers(rng, 3, 20)
    result = landscape(positions, answers)
    assert result.parties.shape == (7, 2) and result.voter.shape == (3, 2)
    assert result.explained.shape == (2,)
    assert np.all(result.explained >= 0) and result.explained.sum() <= 1 + 1e-12
    assert result.explained[0] >= result.explained[1]
    again = landscape(positions.copy(), answers.copy())
    np.testing.assert_array_equal(again.parties, result.parties)
    np.testing.assert_array_equal(again.voter, result.voter)
    # One voter gives a (2,) point, the same as its row in the batch.
    np.testing.assert_allclose(landscape(positions, answers[1]).voter, result.voter[1])
    assert landscape(positions).voter is None


def test_landscape_sign_is_fixed_by_the_largest_loading():
    # Flipping every position flips the data but not the orientation rule.
    positions = np.array([[2.0, 1, 0], [-2, -1, 0], [1, -2, 2]])
    flipped = landscape(-positions)
    original = landscape(positions)
    np.testing.assert_allclose(flipped.parties[:, 0], -original.parties[:, 0], atol=1e-12)


def test_landscape_imputes_missing_with_statement_mean():
    # Statement 1: known positions 2 and 0 → mean 1 for the third party; statement 2: none → 0.
    positions = [[2, 2, NAN], [-2, 0, NAN], [0, NAN, NAN]]
    imputed = [[2, 2, 0], [-2, 0, 0], [0, 1, 0]]
    np.testing.assert_allclose(landscape(positions).parties, landscape(imputed).parties)
    np.testing.assert_allclose(
        landscape(positions, [2, NAN, 1]).voter, landscape(imputed, [2, 1, 0]).voter
    )


@pytest.mark.parametrize("positions", [[[2, -1, 0]], [[1, 1], [1, 1], [1, 1]], np.zeros((0, 3))])
def test_landscape_degenerate_cases(positions):
    result = landscape(positions, answers=[1] * np.shape(positions)[1])
    assert np.all(result.parties == 0) and np.all(result.voter == 0)
    assert result.explained.tolist() == [0.0, 0.0]


def test_landscape_one_component():
    result = landscape([[2, 2], [-2, -2], [0, 0]], answers=[1, 1])
    assert result.explained.tolist() == pytest.approx([1.0, 0.0])
    np.testing.assert_allclose(result.parties[:, 1], 0.0, atol=1e-12)


# --------------------------------------------------------------------------------------------
# party_similarity
# --------------------------------------------------------------------------------------------


def test_party_similarity():
    positions = [[2, 1, NAN, 0], [2, -1, 1, NAN], [NAN, NAN, -2, NAN], [NAN] * 4]
    result = party_similarity(positions)
    scores = result.scores
    np.testing.assert_array_equal(np.isnan(scores), np.isnan(scores.T))
    np.testing.assert_array_equal(np.nan_to_num(scores, nan=-1), np.nan_to_num(scores.T, nan=-1))
    assert np.diag(scores)[:3].tolist() == [100.0, 100.0, 100.0] and math.isnan(scores[3, 3])
    # Parties 0 and 1 share statements 0 and 1: (1 + 0.5) / 2
    assert scores[0, 1] == 75.0 and result.coverage[0, 1] == 2
    # Party 0 and 2 share nothing; 1 and 2 share statement 2: 1 − 3/4
    assert math.isnan(scores[0, 2]) and scores[1, 2] == 25.0


def test_party_similarity_random_is_symmetric():
    rng = np.random.default_rng(8)
    result = party_similarity(make_answers(rng, 12, 30, levels=3), levels=3)
    np.testing.assert_array_equal(result.scores, result.scores.T)
    np.testing.assert_array_equal(result.coverage, result.coverage.T)


# --------------------------------------------------------------------------------------------
# Module hygiene
# --------------------------------------------------------------------------------------------


def test_importing_scoring_loads_neither_flask_nor_sqlalchemy():
    code = "import compass.scoring, sys; print('flask' in sys.modules, 'sqlalchemy' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False"]


@pytest.mark.parametrize("module", ["match", "analysis", "core"])
def test_docstring_examples(module):
    outcome = doctest.testmod(importlib.import_module(f"compass.scoring.{module}"))
    assert outcome.failed == 0
    if module != "core":  # the internals carry no examples
        assert outcome.attempted > 0


def test_every_public_function_has_a_docstring():
    for name in compass.scoring.__all__:
        item = getattr(compass.scoring, name)
        if callable(item):
            assert item.__doc__ and item.__doc__.strip(), name


def test_one_voters_theme_scores_equal_match_per_theme():
    """The single-voter fast path gives what match() restricted to each theme gives."""
    rng = np.random.default_rng(11)
    for _ in range(300):
        n_st, n_parties, levels = int(rng.integers(1, 30)), int(rng.integers(1, 8)), 5
        answers = rng.integers(-2, 3, n_st).astype(float)
        answers[rng.random(n_st) < 0.2] = np.nan
        positions = rng.integers(-2, 3, (n_parties, n_st)).astype(float)
        positions[rng.random(positions.shape) < 0.2] = np.nan
        weights = (rng.choice([0, 0.5, 1, 2], n_st) if rng.random() < 0.7
                   else rng.random(n_st) * 3)
        themes = [f"t{k}" for k in rng.integers(0, 4, n_st)]
        options = {"levels": levels, "metric": str(rng.choice(METRICS)),
                   "missing": str(rng.choice(MISSING_POLICIES))}
        fast = theme_scores(answers, positions, themes, weights, **options)
        labels = tuple(dict.fromkeys(themes))
        per_theme = [match(answers, positions, weights * np.array([t == u for t in themes]),
                           **options) for u in labels]
        assert fast.themes == labels
        np.testing.assert_allclose(fast.scores, np.stack([r.scores for r in per_theme], -1),
                                   atol=1e-9)
        np.testing.assert_array_equal(fast.coverage,
                                      np.stack([r.coverage for r in per_theme], -1))


def test_landscape_of_the_same_positions_is_made_once_and_stays_read_only():
    # The parties' plane is shared between calls (result pages of one set version); what a
    # caller gets back is its own copy, and new positions get a new plane.
    positions = np.array([[2.0, 1, 0], [-2, -1, 0], [1, -2, 2]])
    first = landscape(positions, [1, 1, 1])
    first.parties[0, 0] = 99.0  # the caller's copy: the shared plane is not touched
    second = landscape(positions.copy(), [1, 1, 1])
    assert second.parties[0, 0] != 99.0
    np.testing.assert_array_equal(second.voter, first.voter)
    changed = positions.copy()
    changed[2] = [2, 2, -2]
    assert not np.allclose(landscape(changed).parties, second.parties)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([NAN, 0.0, -0.0, 12.5, 50.0, 50.0 + 1e-12, 75.0, 100.0,
                                 33.333333333, 33.3333333334]), min_size=0, max_size=12))
def test_one_row_ranking_equals_the_vectorised_rule(scores):
    # One voter's scores take a plain-Python path; (1, P) rows take the vectorised one.
    one = ranking(np.array(scores, dtype=float))
    row = ranking(np.array([scores], dtype=float).reshape(1, len(scores)))
    np.testing.assert_array_equal(one.order, row.order[0])
    np.testing.assert_array_equal(one.rank, row.rank[0])
    assert one.order.dtype == row.order.dtype and one.rank.dtype == row.rank.dtype
    assert one.tie_groups == row.tie_groups[0]
