"""Input checks of `compass.scoring`: every bad input becomes a clear ValueError."""

from __future__ import annotations

from numbers import Integral

import numpy as np

LEVELS = (3, 5)
METRICS = ("agreement", "euclidean", "hybrid")
MISSING_POLICIES = ("neutral", "exclude", "penalize")


def _validate_levels(levels) -> None:
    if isinstance(levels, bool) or not isinstance(levels, Integral) or levels not in LEVELS:
        raise ValueError(f"levels must be 3 or 5, got {levels!r}")


def _validate_options(levels, metric: str, missing: str) -> None:
    _validate_levels(levels)
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    if missing not in MISSING_POLICIES:
        raise ValueError(
            f"unknown missing policy {missing!r}; expected one of {', '.join(MISSING_POLICIES)}"
        )


def _as_real_array(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind in "iuf":
        return array
    if array.dtype.kind == "O":  # lists holding None: None reads as NaN
        try:
            return np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            pass
    raise ValueError(f"{name} must be real numbers, got dtype {array.dtype}")


def _validate_answers(answers) -> tuple[np.ndarray, bool]:
    """Return answers as a (V, S) array (no copy when possible) and whether one voter was given."""
    array = _as_real_array(answers, "answers")
    if array.ndim not in (1, 2):
        raise ValueError(f"answers must have shape (S,) or (V, S), got {array.shape}")
    return (array[np.newaxis, :], True) if array.ndim == 1 else (array, False)


def _validate_positions(positions, levels: int, n_statements: int | None = None) -> np.ndarray:
    array = _as_real_array(positions, "positions").astype(np.float64)
    if array.ndim != 2:
        raise ValueError(f"positions must have shape (P, S), got {array.shape}")
    if n_statements is not None and array.shape[1] != n_statements:
        raise ValueError(
            f"positions have {array.shape[1]} statements but answers have {n_statements}"
        )
    _validate_scale(array, levels, "positions")
    return array


def _validate_weights(weights, answers_shape: tuple[int, int], single: bool) -> np.ndarray:
    """Return weights as (S,) or (V, S) float64; (V, S) values are checked block by block."""
    n_voters, n_statements = answers_shape
    if weights is None:
        return np.ones(n_statements)
    array = _as_real_array(weights, "weights")
    if array.shape == (n_statements,):
        array = array.astype(np.float64)
        _validate_weight_values(array)
        return array
    if not single and array.shape == (n_voters, n_statements):
        return array
    expected = f"({n_statements},)" if single else f"({n_statements},) or {answers_shape}"
    raise ValueError(f"weights must have shape {expected}, got {array.shape}")


def _validate_weight_values(weights: np.ndarray, row_offset: int = 0) -> None:
    # min/max are single fast passes; NaN fails both comparisons, so it is caught too.
    if weights.size == 0 or (weights.min() >= 0 and weights.max() < np.inf):
        return
    bad = ~(np.isfinite(weights) & (weights >= 0))
    index = _first_index(bad, row_offset)
    raise ValueError(
        f"weights must be finite and >= 0; found {_bad_value(weights, bad)} at {index}"
    )


def _validate_scale(values: np.ndarray, levels: int, name: str, row_offset: int = 0) -> None:
    top = (levels - 1) // 2
    # Whole and within ±top, or NaN: three ufuncs instead of np.isin's sort (a result page
    # checks a dozen small arrays; isin's set-up cost was most of each check).
    with np.errstate(invalid="ignore"):
        bad = (np.abs(values) > top) | (np.rint(values) != values)
    if bad.any():
        bad &= ~np.isnan(values)
    if bad.any():
        index = _first_index(bad, row_offset)
        raise ValueError(
            f"{name} must be whole numbers from {-top} to {top} or NaN with {levels} levels; "
            f"found {_bad_value(values, bad)} at {index}"
        )


def _first_index(bad: np.ndarray, row_offset: int) -> tuple[int, ...]:
    index = [int(i) for i in np.argwhere(bad)[0]]
    if len(index) == 2:
        index[0] += row_offset
    return tuple(index)


def _bad_value(values: np.ndarray, bad: np.ndarray) -> float:
    return float(values[tuple(np.argwhere(bad)[0])])


# --------------------------------------------------------------------------------------------
# Tables: the per-statement term of each metric for every (voter answer, party position) pair
# --------------------------------------------------------------------------------------------
