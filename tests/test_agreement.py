"""Krippendorff's alpha against the published worked example, and the "no position" category."""

from __future__ import annotations

import doctest
import subprocess
import sys

import numpy as np
import pytest

from compass import agreement
from compass.agreement import NO_POSITION, exact_share, krippendorff_alpha

nan = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, missing data; unit 12 has one value only and is not pairable.
KRIPPENDORFF_2011_C = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
])


@pytest.mark.parametrize(("metric", "published"), [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_matches_krippendorffs_worked_example(metric, published):
    assert krippendorff_alpha(KRIPPENDORFF_2011_C, metric) == pytest.approx(published, abs=5e-4)


def test_the_ordinal_example_by_hand():
    # Two coders, units (1, 1) and (1, 2), computed on paper: coincidences o11 = 2,
    # o12 = o21 = 1, o22 = 0, so n1 = 3, n2 = 1, n = 4.
    # ordinal delta(1,2) = (3 + 1 - (3 + 1)/2)^2 = 4; observed = 2 * 4 = 8 (o12 + o21);
    # expected = 2 * 3 * 1 * 4 = 24; alpha = 1 - 3 * 8 / 24 = 0.
    assert krippendorff_alpha([[1, 1], [1, 2]], "ordinal") == pytest.approx(0.0)


def test_perfect_agreement_with_variation_is_one():
    data = [[2, 1, NO_POSITION, -1], [2, 1, NO_POSITION, -1]]
    assert krippendorff_alpha(data) == pytest.approx(1.0)


def test_no_position_is_as_far_from_a_value_as_the_scale_ends_are():
    # Silence against +2 disagrees as much as -2 against +2: the same alpha.
    base = [[2, -2, 1, 1, NO_POSITION, -2], [2, -2, 1, 1, NO_POSITION, -2]]
    silent = [row[:] for row in base]
    silent[1][0] = NO_POSITION
    flipped = [row[:] for row in base]
    flipped[1][0] = -2
    small = [row[:] for row in base]
    small[1][0] = 1
    assert krippendorff_alpha(small) > krippendorff_alpha(silent)
    assert krippendorff_alpha(small) > krippendorff_alpha(flipped)
    assert krippendorff_alpha(silent) < 1


def test_no_position_is_not_neutral():
    # Coding 0 where the other coder wrote "no stated position" is a disagreement.
    assert krippendorff_alpha([[0, 1, 2], [NO_POSITION, 1, 2]]) < 1


def test_undefined_alpha_is_nan_not_a_number_on_screen():
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # no variation
    assert np.isnan(krippendorff_alpha([[1, nan], [nan, 2]]))  # nothing pairable
    assert np.isnan(krippendorff_alpha(np.empty((2, 0))))


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="2-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(ValueError, match="metric"):
        krippendorff_alpha([[1], [1]], "ratio")
    with pytest.raises(ValueError, match="-inf"):
        krippendorff_alpha([[-np.inf], [1]])


def test_exact_share_counts_cells_where_every_coder_agrees():
    assert exact_share([[1, 2, NO_POSITION, 0], [1, 1, NO_POSITION, NO_POSITION]]) == 0.5
    assert exact_share([[1, 2, 3], [1, 2, 3], [1, 2, 0]]) == pytest.approx(2 / 3)
    assert np.isnan(exact_share([[1, 2]]))


def test_doctests():
    outcome = doctest.testmod(agreement)
    assert outcome.attempted >= 3 and outcome.failed == 0


def test_agreement_stays_pure():
    code = ("import compass.agreement, sys; "
            "print('flask' in sys.modules, 'sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
