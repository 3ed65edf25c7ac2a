"""Balance audit: counts, coverage, exact maximum reachable scores, weak statements, twins."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compass import balance, scoring

NAN = np.nan


def _brute_force_max(positions, levels, missing, metric):
    """The maximum over every complete answer vector, by enumeration (small sets only)."""
    half = (levels - 1) // 2
    n = positions.shape[1]
    voters = np.array(list(itertools.product(range(-half, half + 1), repeat=n)), dtype=float)
    scores = scoring.match(voters, positions, levels=levels, missing=missing,
                           metric=metric).scores
    best = np.where(np.isnan(scores), -np.inf, scores).max(axis=0)
    return np.where(np.isinf(best), np.nan, best)


@st.composite
def small_sets(draw):
    levels = draw(st.sampled_from([3, 5]))
    half = (levels - 1) // 2
    n_parties = draw(st.integers(1, 3))
    n_statements = draw(st.integers(1, 4))
    cells = st.one_of(st.none(), st.integers(-half, half))
    values = draw(st.lists(cells, min_size=n_parties * n_statements,
                           max_size=n_parties * n_statements))
    positions = np.array([NAN if v is None else v for v in values], dtype=float)
    return positions.reshape(n_parties, n_statements), levels


@settings(max_examples=60, deadline=None)
@given(small_sets(), st.sampled_from(scoring.MISSING_POLICIES),
       st.sampled_from(scoring.METRICS))
def test_max_reachable_equals_brute_force(case, missing, metric):
    positions, levels = case
    best, answers = balance.max_reachable(positions, levels=levels, missing=missing,
                                          metric=metric)
    np.testing.assert_allclose(best, _brute_force_max(positions, levels, missing, metric))
    # The reported answers really reach the maximum.
    reached = scoring.match(answers, positions, levels=levels, missing=missing,
                            metric=metric).scores.diagonal()
    np.testing.assert_allclose(reached, best)


def test_max_reachable_per_policy_in_words():
    positions = np.array([[2, NAN, NAN, -1], [NAN, NAN, NAN, NAN]])
    agree = {m: balance.max_reachable(positions, missing=m)[0] for m in scoring.MISSING_POLICIES}
    # neutral: missing reads as 0, so answering neutral there matches fully.
    np.testing.assert_allclose(agree["neutral"], [100, 100])
    # exclude: only stated statements count; a party with none has no score at all.
    np.testing.assert_allclose(agree["exclude"], [100, NAN])
    # penalize: a missing position is the far end from the answer; neutral gets half.
    np.testing.assert_allclose(agree["penalize"], [75, 50])


def test_audit_counts_coverage_alike_sparse_and_twins():
    positions = np.array([
        [2, 1, NAN, 2, -2],
        [2, 1, 1, 2, NAN],
        [2, -2, NAN, -2, NAN],
    ])
    themes = ["Polis", "Polis", "Skola", "Polis", "Skola"]
    directions = ["more", "less", "more", "more", "less"]
    report = balance.audit(positions, themes, directions, levels=5, missing="exclude",
                           min_common=3)
    assert report.themes == (("Polis", 3), ("Skola", 2))
    assert report.directions == (("more", 3), ("less", 2))
    assert report.theme_directions == (("Polis", 2, 1), ("Skola", 1, 1))
    assert report.stated.tolist() == [4, 4, 3]
    np.testing.assert_allclose(report.coverage, [0.8, 0.8, 0.6])
    # Statement 0: everyone says +2, it cannot tell the parties apart.
    assert report.alike.tolist() == [True, False, True, False, True]
    assert report.sparse.tolist() == [False, False, True, False, True]
    assert report.similar_pairs == ((0, 1, 100.0, 3),)
    assert report.common[0, 2] == 3
    assert report.similarity[0, 2] == pytest.approx(100 * (1 + 0.25 + 0) / 3)
    np.testing.assert_allclose(report.max_score["agreement"], [100, 100, 100])


def test_under_neutral_a_missing_position_counts_as_zero_for_alike():
    positions = np.array([[0, 1], [NAN, NAN]])
    report = balance.audit(positions, ["T", "T"], ["more", "more"], missing="neutral")
    assert report.alike.tolist() == [True, False]
    assert report.similar_pairs == ()  # nothing in common under "both stated"


@pytest.mark.parametrize("positions, themes, message", [
    (np.zeros(3), ["T"] * 3, "shape"),
    (np.zeros((2, 3)), ["T"] * 2, "one entry per statement"),
])
def test_bad_input_raises_value_error(positions, themes, message):
    with pytest.raises(ValueError, match=message):
        balance.audit(positions, themes, ["more"] * len(themes))
