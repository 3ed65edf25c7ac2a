"""The engine room of `compass.scoring`: input validation, score tables and block scoring.

Pure numpy like its public face; nothing outside `compass.scoring` should need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .validation import (
    _validate_answers,
    _validate_options,
    _validate_positions,
    _validate_scale,
    _validate_weight_values,
    _validate_weights,
)

# Mendez/Isotalo hybrid model, taken literally from the issue. Rows are the party's position,
# columns the voter's answer, both from helt emot (−2) to helt för (+2). The matrix is
# symmetric, so the orientation cannot change a score. Note what "literally" implies: an exact
# match earns full marks only at the extremes: H is 0.75 for partly/partly and 0.5 for
# neutral/neutral, so those statements count 0.875 and 0.75 after (H + 1)/2.
_HYBRID = np.array(
    [
        [1.0, 0.5, 0.0, -0.5, -1.0],
        [0.5, 0.75, 0.25, -0.25, -0.5],
        [0.0, 0.25, 0.5, 0.25, 0.0],
        [-0.5, -0.25, 0.25, 0.75, 0.5],
        [-1.0, -0.5, 0.0, 0.5, 1.0],
    ]
)

# Voters per block: a block's one-hot matrix (block × levels·statements, 3 MB for 38
# statements in float32) stays in the last-level cache, and memory beyond the (V, P) results
# is bounded whatever V is.
_BLOCK_VOTERS = 4096
_PAD_COLUMNS = 16  # see _padded

# Every table value is a multiple of 1/16, so with whole weights every product and partial sum
# of the block matrix product is a multiple of 1/16 too; while they stay below 2**24 float32
# represents them exactly and its matrix product is bit-for-bit the float64 one, twice as fast.
_TABLE_STEPS = 16
_FLOAT32_EXACT = 2**24

# OpenBLAS runs a product below about 2**18 multiply-adds on one thread. Waking its thread pool
# costs more than such a product, and far more when the other core is busy (measured here:
# 1,000 resamples in one product took a median 11 ms, in slabs of 250 rows 1 ms), so the
# bootstrap scores its resamples in slabs of rows that stay below it, one product per slab.
_SINGLE_THREAD_PRODUCT = 2**18

# Scores this close are the same score for ranking and for winning a resample.
_TIE_DECIMALS = 9


def _scale(levels: int) -> np.ndarray:
    top = (levels - 1) // 2
    return np.arange(-top, top + 1, dtype=np.float64)


@lru_cache(maxsize=16)
def _term_table(levels: int, metric: str) -> np.ndarray:
    """Return T[voter level, party level], levels indexed 0 … L−1 from fully disagree.

    Six tables in all (two scales × three metrics): made once, shared read-only.
    """
    table = _make_term_table(levels, metric)
    table.setflags(write=False)
    return table


def _make_term_table(levels: int, metric: str) -> np.ndarray:
    scale = _scale(levels)
    distance = np.abs(scale[:, np.newaxis] - scale[np.newaxis, :]) / (levels - 1)
    if metric == "agreement":
        return 1.0 - distance
    if metric == "euclidean":
        return distance**2
    five_level = np.arange(levels) * (4 // (levels - 1))  # 3 levels sit at indices 0, 2, 4
    return (_HYBRID[np.ix_(five_level, five_level)].T + 1.0) / 2.0


def _far_level(levels: int) -> np.ndarray:
    """Party level at the far end from each voter level: −max if the voter is positive."""
    return np.where(_scale(levels) > 0, 0, levels - 1)


def _party_levels(positions: np.ndarray, levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Return level indices of positions (missing → midpoint) and the has-position mask."""
    top = (levels - 1) // 2
    has = ~np.isnan(positions)
    return np.where(has, positions + top, top).astype(np.intp), has


def _to_score(ratio: np.ndarray, metric: str) -> np.ndarray:
    """Turn Σ w·term / Σ w into a 0…100 score in place (NaN stays NaN)."""
    # Rounding may nudge a ratio just past 0 or 1.
    np.clip(ratio, 0.0, 1.0, out=ratio)
    if metric == "euclidean":
        np.sqrt(ratio, out=ratio)
        ratio *= -100.0
        ratio += 100.0
    else:
        ratio *= 100.0
    return ratio


# --------------------------------------------------------------------------------------------
# match
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PartyMatrix:
    """Per-party table columns, laid out to multiply a (voters, levels·statements) one-hot."""

    scale: np.ndarray  # (L,) answer values
    columns: dict  # dtype → (L·S, P) numerator columns, plus a Σ w column unless "exclude"
    has: dict | None  # dtype → (S, P) has-position mask under "exclude", else None
    metric: str


def _party_matrix(positions: np.ndarray, levels: int, metric: str, missing: str) -> _PartyMatrix:
    n_parties, n_statements = positions.shape
    table = _term_table(levels, metric)
    party_level, has = _party_levels(positions, levels)
    columns = table[:, party_level]  # (L, P, S); "neutral" already reads missing as 0
    if missing == "exclude":
        columns = columns * has
    elif missing == "penalize":
        # The far end depends on the voter's answer only, so it is still one table column.
        far_terms = table[np.arange(levels), _far_level(levels)]
        columns = np.where(has, columns, far_terms[:, np.newaxis, np.newaxis])
    columns = columns.transpose(0, 2, 1).reshape(levels * n_statements, n_parties)
    if missing != "exclude":  # the denominator Σ w is the same for every party: one more column
        columns = np.hstack([columns, np.ones((levels * n_statements, 1))])
    columns = _padded(columns)
    by_dtype = {np.dtype(np.float64): columns, np.dtype(np.float32): columns.astype(np.float32)}
    has_by_dtype = {dtype: _padded(has.T.astype(dtype)) for dtype in by_dtype}
    return _PartyMatrix(
        scale=_scale(levels),
        columns=by_dtype,
        has=has_by_dtype if missing == "exclude" else None,
        metric=metric,
    )


def _padded(columns: np.ndarray) -> np.ndarray:
    """The matrix with zero columns added up to a multiple of _PAD_COLUMNS.

    OpenBLAS multiplies a block by 31 columns (30 parties and Σ w) at a fraction of the speed
    it does 32; a zero column changes no other column's sums, which are exact anyway.
    """
    width = columns.shape[1]
    padded = -(-width // _PAD_COLUMNS) * _PAD_COLUMNS
    if padded == width:
        return columns
    return np.hstack([columns, np.zeros((columns.shape[0], padded - width), columns.dtype)])


class _Buffers:
    """Block-sized scratch arrays, made once per call: fresh pages are slow to fault in."""

    def __init__(self, rows: int) -> None:
        self._rows = rows
        self._arrays: dict = {}

    def get(self, name: str, rows: int, shape: tuple, dtype) -> np.ndarray:
        key = (name, np.dtype(dtype))
        if key not in self._arrays:
            self._arrays[key] = np.empty((self._rows, *shape), dtype=dtype)
        return self._arrays[key][:rows]


def _block_weights(weights: np.ndarray, answered: np.ndarray, buffers: _Buffers) -> np.ndarray:
    """Return the block's weights, 0 where skipped: float32 where exact, else float64."""
    rows, n_statements = answered.shape
    limit = _FLOAT32_EXACT / (_TABLE_STEPS * max(n_statements, 1))
    exact = weights.size == 0 or (
        weights.max() <= limit and np.array_equal(np.rint(weights), weights)
    )
    block = buffers.get("weights", rows, (n_statements,), np.float32 if exact else np.float64)
    np.multiply(weights, answered, out=block)
    return block if exact else _power_of_two_scaled(block)


def _power_of_two_scaled(weights: np.ndarray) -> np.ndarray:
    """Scale each row (in place) by a power of two that brings its largest weight to [0.5, 1)."""
    # Only ratios of weights matter and a power of two changes none of them (no rounding),
    # while it keeps Σ w from overflowing and lifts tiny weights out of the subnormal range.
    _, exponent = np.frexp(weights.max(axis=-1, keepdims=True, initial=0.0))
    return np.ldexp(weights, -exponent, out=weights)


def _score_block(answers, weights, plan: _PartyMatrix, row_offset, scores, coverage, buffers):
    """Score one block of voters into the given slices of the result arrays."""
    answers = np.asarray(answers, dtype=np.float64)
    rows, n_statements = answers.shape
    levels, n_parties = len(plan.scale), scores.shape[1]
    answered = np.isnan(answers, out=buffers.get("answered", rows, (n_statements,), bool))
    np.logical_not(answered, out=answered)
    if weights.ndim == 2:  # (S,) weights were checked once, up front
        weights = np.asarray(weights, dtype=np.float64)
        _validate_weight_values(weights, row_offset)
    # Counted is decided on the weights as given, before any rescaling.
    counted = np.greater(weights, 0, out=buffers.get("counted", rows, (n_statements,), bool))
    np.logical_and(counted, answered, out=counted)
    weights = _block_weights(weights, answered, buffers)
    dtype = weights.dtype

    # One-hot of the answers with the weights folded in, laid out (voter, level, statement);
    # counting the hits also validates the answers without another pass over them.
    onehot = buffers.get("onehot", rows, (levels, n_statements), dtype)
    hit = buffers.get("hit", rows, (n_statements,), bool)
    n_on_scale = 0
    for level, value in enumerate(plan.scale):
        np.equal(answers, value, out=hit)
        n_on_scale += np.count_nonzero(hit)
        np.multiply(hit, weights, out=onehot[:, level, :])
    if n_on_scale != np.count_nonzero(answered):
        _validate_scale(answers, levels, "answers", row_offset)

    columns = plan.columns[dtype]
    sums = buffers.get("sums", rows, (columns.shape[1],), dtype)
    np.matmul(onehot.reshape(rows, -1), columns, out=sums)
    if plan.has is None:
        numerators, denominators = sums[:, :n_parties], sums[:, n_parties : n_parties + 1]
        coverage[...] = np.count_nonzero(counted, axis=1)[:, np.newaxis]
    else:
        numerators = sums[:, :n_parties]
        denominators = (weights @ plan.has[dtype])[:, :n_parties]
        counted_real = buffers.get("counted_real", rows, (n_statements,), dtype)
        counted_real[...] = counted
        # whole numbers, exact in either dtype
        coverage[...] = (counted_real @ plan.has[dtype])[:, :n_parties]

    # Nothing counted means 0 / 0 (each numerator term carries its weight), and that NaN is
    # exactly the documented result; dtype keeps the division in float64.
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(numerators, denominators, out=scores, dtype=np.float64)
    _to_score(scores, plan.metric)


def _tie_groups(order: np.ndarray, place: np.ndarray) -> tuple:
    places, counts = np.unique(place[place > 0], return_counts=True)
    return tuple(
        tuple(int(party) for party in order[place == shared]) for shared in places[counts > 1]
    )


# --------------------------------------------------------------------------------------------
# One voter: per-statement terms, explanations, robustness
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _VoterTerms:
    """One voter against every party, statement by statement."""

    voter_level: np.ndarray  # (S,) answer level 0 … L−1 (0 where skipped)
    used: np.ndarray  # (S,) bool: answered with weight > 0
    party_level: np.ndarray  # (P, S) position level after the missing policy
    counted: np.ndarray  # (P, S) bool
    weights: np.ndarray  # (S,) as given
    levels: int


def _voter_terms(answers, positions, weights, levels, metric, missing) -> _VoterTerms:
    _validate_options(levels, metric, missing)
    voter, single = _validate_answers(answers)
    if not single:
        raise ValueError(f"answers must be one voter's answers, shape (S,); got {voter.shape}")
    party_positions = _validate_positions(positions, levels, voter.shape[1])
    voter_weights = _validate_weights(weights, voter.shape, single)
    answer = voter[0].astype(np.float64)
    _validate_scale(answer, levels, "answers")

    answered = ~np.isnan(answer)
    voter_level = np.where(answered, answer + (levels - 1) // 2, 0).astype(np.intp)
    party_level, has = _party_levels(party_positions, levels)
    if missing == "penalize":
        party_level = np.where(has, party_level, _far_level(levels)[voter_level])
    used = answered & (voter_weights > 0)
    counted = np.broadcast_to(used, party_level.shape)
    if missing == "exclude":
        counted = counted & has
    return _VoterTerms(voter_level, used, party_level, counted, voter_weights, levels)


def _terms(voter: _VoterTerms, metric: str) -> np.ndarray:
    """Return the metric's (P, S) per-statement table values."""
    return _term_table(voter.levels, metric)[voter.voter_level, voter.party_level]


def _statement_columns(weights: np.ndarray, terms: np.ndarray, counted: np.ndarray):
    """Return (S, 2P): each statement's weighted terms per party, then its counted weight."""
    scaled = _power_of_two_scaled(np.array(weights, dtype=np.float64))
    counted_weights = np.where(counted, scaled, 0.0)
    return np.vstack([counted_weights * terms, counted_weights]).T


def _scores_from_sums(sums: np.ndarray, metric: str) -> np.ndarray:
    """Turn (…, 2P) sums of statement columns into (…, P) scores."""
    half = sums.shape[-1] // 2
    numerators, denominators = sums[..., :half], sums[..., half:]
    with np.errstate(invalid="ignore", divide="ignore"):  # 0 / 0: nothing counted → NaN
        return _to_score(numerators / denominators, metric)


def _voter_scores(voter: _VoterTerms, metric: str) -> np.ndarray:
    columns = _statement_columns(voter.weights, _terms(voter, metric), voter.counted)
    return _scores_from_sums(columns.sum(axis=0), metric)


def _best(scores: np.ndarray) -> int | None:
    """First party by the ranking rule (lowest index among tied best), None if all NaN."""
    rounded = np.round(scores, _TIE_DECIMALS)
    best = np.fmax.reduce(rounded) if rounded.size else np.nan  # fmax skips NaN quietly
    return None if np.isnan(best) else int(np.flatnonzero(rounded == best)[0])


def _first_share(scores: np.ndarray) -> np.ndarray:
    """Share of rows (resamples) each column (party) wins, ties splitting a row's credit.

    Worked party by party over all rows at once (a (P, B) copy): reducing each short row of
    P scores was two thirds of a result page's robustness check.
    """
    rounded = np.round(np.ascontiguousarray(scores.T), _TIE_DECIMALS)
    best = np.fmax.reduce(rounded, axis=0)  # fmax skips NaN without warning
    winners = rounded == best  # NaN never equals, so a row with nothing counted has no winner
    credit = 1.0 / np.maximum(np.add.reduce(winners, axis=0, dtype=np.intp), 1)
    return winners @ credit / scores.shape[0]


# --------------------------------------------------------------------------------------------
# Themes, landscape, party similarity
# --------------------------------------------------------------------------------------------
