"""compass.scoring against a plain-Python reference written straight from the issue's formulas."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compass.scoring import METRICS, MISSING_POLICIES, explain, match

# Rows = party position, columns = voter answer, from fully disagree to fully agree.
HYBRID = [
    [1, 0.5, 0, -0.5, -1],
    [0.5, 0.75, 0.25, -0.25, -0.5],
    [0, 0.25, 0.5, 0.25, 0],
    [-0.5, -0.25, 0.25, 0.75, 0.5],
    [-1, -0.5, 0, 0.5, 1],
]


def reference_pair(answers, positions, weights, levels, metric, missing):
    """Score one voter against one party with loops over statements; return (score, coverage)."""
    spread = levels - 1  # R
    top = spread // 2
    numerator = denominator = 0.0
    coverage = 0
    for u, p, w in zip(answers, positions, weights, strict=True):
        if math.isnan(u) or w <= 0:
            continue
        if math.isnan(p):
            if missing == "exclude":
                continue
            p = 0 if missing == "neutral" else (-top if u > 0 else top)
        coverage += 1
        denominator += w
        if metric == "agreement":
            numerator += w * (1 - abs(u - p) / spread)
        elif metric == "euclidean":
            numerator += w * ((u - p) / spread) ** 2
        else:
            step = 4 // spread  # 3 levels sit at the 5-level indices 0, 2, 4
            numerator += w * (HYBRID[int(p + top) * step][int(u + top) * step] + 1) / 2
    if coverage == 0:
        return math.nan, 0
    if metric == "euclidean":
        return 100 * (1 - math.sqrt(numerator) / math.sqrt(denominator)), coverage
    return 100 * numerator / denominator, coverage


def reference_match(answers, positions, weights, levels, metric, missing):
    """Loop over voters and parties; weights None, (S,) or (V, S); answers (V, S) lists."""
    scores, coverage = [], []
    for v, voter in enumerate(answers):
        if weights is None:
            voter_weights = [1.0] * len(voter)
        elif np.ndim(weights) == 2:
            voter_weights = weights[v]
        else:
            voter_weights = weights
        row = [
            reference_pair(voter, party, voter_weights, levels, metric, missing)
            for party in positions
        ]
        scores.append([score for score, _ in row])
        coverage.append([count for _, count in row])
    return scores, coverage


@st.composite
def match_inputs(draw):
    levels = draw(st.sampled_from([3, 5]))
    top = (levels - 1) // 2
    n_voters = draw(st.integers(1, 4))
    n_parties = draw(st.integers(1, 4))
    n_statements = draw(st.integers(0, 7))
    value = st.one_of(st.integers(-top, top).map(float), st.just(math.nan))

    def grid(rows):
        return [[draw(value) for _ in range(n_statements)] for _ in range(rows)]

    weight = st.one_of(
        st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]),
        # Subnormal weights would make the plain sums below lose precision, not match.
        st.floats(0, 1000, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    )
    kind = draw(st.sampled_from(["none", "statement", "voter"]))
    if kind == "none":
        weights = None
    elif kind == "statement":
        weights = [draw(weight) for _ in range(n_statements)]
    else:
        weights = [[draw(weight) for _ in range(n_statements)] for _ in range(n_voters)]
    return {
        "answers": grid(n_voters),
        "positions": grid(n_parties),
        "weights": weights,
        "levels": levels,
        "metric": draw(st.sampled_from(METRICS)),
        "missing": draw(st.sampled_from(MISSING_POLICIES)),
    }


def assert_same(actual, expected):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=1e-9, atol=1e-9)


@settings(max_examples=300, deadline=None)
@given(match_inputs())
def test_match_equals_reference(case):
    result = match(
        np.array(case["answers"]),
        np.array(case["positions"]).reshape(len(case["positions"]), -1),
        None if case["weights"] is None else np.array(case["weights"]),
        levels=case["levels"],
        metric=case["metric"],
        missing=case["missing"],
    )
    scores, coverage = reference_match(**case)
    assert_same(result.scores, scores)
    np.testing.assert_array_equal(result.coverage, coverage)


@settings(max_examples=200, deadline=None)
@given(match_inputs())
def test_one_voter_and_explain_equal_reference(case):
    weights = case["weights"]
    voter_weights = weights[0] if np.ndim(weights) == 2 else weights
    options = {key: case[key] for key in ("levels", "metric", "missing")}
    positions = np.array(case["positions"]).reshape(len(case["positions"]), -1)
    answers = np.array(case["answers"][0])
    scores, coverage = reference_match(
        [case["answers"][0]], case["positions"], voter_weights, **options
    )

    result = match(answers, positions, voter_weights, **options)
    assert result.scores.shape == (len(case["positions"]),)
    assert_same(result.scores, scores[0])
    np.testing.assert_array_equal(result.coverage, coverage[0])
    explanation = explain(answers, positions, voter_weights, **options)
    assert_same(explanation.scores, scores[0])
    np.testing.assert_array_equal(explanation.counted.sum(axis=1), coverage[0])
    # The result page takes its ranking from explain alone. With the page's weights (0, ½, 1,
    # 2: exact in binary) it must be match bit for bit; arbitrary fractional weights may sum
    # in another order (padded BLAS columns) and differ in the last bits only.
    if all(w in (0.0, 0.5, 1.0, 2.0) for w in np.ravel(voter_weights)):
        np.testing.assert_array_equal(explanation.scores, result.scores)
    else:
        np.testing.assert_allclose(explanation.scores, result.scores, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("missing", MISSING_POLICIES)
def test_large_batch_crosses_blocks_and_both_precisions(metric, missing):
    # More voters than one block, whole weights (float32 path) and fractional ones (float64).
    rng = np.random.default_rng(7)
    answers = rng.integers(-2, 3, (5000, 9)).astype(float)
    answers[rng.random(answers.shape) < 0.2] = np.nan
    positions = rng.integers(-2, 3, (4, 9)).astype(float)
    positions[rng.random(positions.shape) < 0.2] = np.nan
    for weights in (rng.integers(0, 3, (5000, 9)).astype(float), rng.random((5000, 9))):
        result = match(answers, positions, weights, metric=metric, missing=missing)
        sample = slice(4090, 4110)  # straddles the block boundary
        scores, coverage = reference_match(
            answers[sample].tolist(),
            positions.tolist(),
            weights[sample].tolist(),
            5,
            metric,
            missing,
        )
        assert_same(result.scores[sample], scores)
        np.testing.assert_array_equal(result.coverage[sample], coverage)

