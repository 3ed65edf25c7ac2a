"""Match voters against parties: `match`, `ranking` and `explain` (see `compass.scoring`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .core import (
    _BLOCK_VOTERS,
    _TIE_DECIMALS,
    _Buffers,
    _party_matrix,
    _score_block,
    _terms,
    _tie_groups,
    _voter_scores,
    _voter_terms,
)
from .validation import (
    _as_real_array,
    _validate_answers,
    _validate_options,
    _validate_positions,
    _validate_weights,
)


@dataclass(frozen=True)
class MatchResult:
    """Match scores in [0, 100] (NaN where nothing was counted) and statements counted."""

    scores: np.ndarray
    coverage: np.ndarray


@dataclass(frozen=True)
class Ranking:
    """Parties ordered best first, competition ranks, and the groups that share a place."""

    order: np.ndarray
    rank: np.ndarray
    tie_groups: tuple


@dataclass(frozen=True)
class Explanation:
    """Per party and statement: agreement 0…1, weight and whether it was counted."""

    agreement: np.ndarray
    weight: np.ndarray
    counted: np.ndarray
    scores: np.ndarray

    def top_agreements(self, party: int, k: int = 3) -> np.ndarray:
        """Return up to k counted statements where the voter agrees most with the party."""
        return self._ranked(party, k, sign=-1.0)

    def top_differences(self, party: int, k: int = 3) -> np.ndarray:
        """Return up to k counted statements where the voter differs most from the party."""
        return self._ranked(party, k, sign=1.0)

    def _ranked(self, party: int, k: int, sign: float) -> np.ndarray:
        counted = np.flatnonzero(self.counted[party])
        # Heavier statements first among equals, then statement order, so the list is stable.
        order = np.lexsort(
            (counted, -self.weight[party, counted], sign * self.agreement[party, counted])
        )
        return counted[order[: max(int(k), 0)]]



def match(
    answers,
    positions,
    weights=None,
    *,
    levels: int = 5,
    metric: str = "agreement",
    missing: str = "neutral",
) -> MatchResult:
    """Score every voter against every party.

    Parameters
    ----------
    answers : array_like, shape (V, S) or (S,)
        Answers on the symmetric scale (5 levels: −2 … 2, 3 levels: −1 … 1); NaN = skipped.
    positions : array_like, shape (P, S)
        Party positions on the same scale; NaN = no stated position.
    weights : array_like, shape (S,) or (V, S), optional
        Non-negative weights, 1 for all statements when None; 0 ignores a statement.
    levels : {5, 3}
        Number of answer levels.
    metric : {"agreement", "euclidean", "hybrid"}
        ``agreement`` is city-block: 100 · Σ w·(1 − |u − p|/R) / Σ w with R = levels − 1
        (with 3 levels exactly Wahl-O-Mat's 2/1/0 points). ``euclidean`` is
        100 · (1 − sqrt(Σ w·((u − p)/R)²) / sqrt(Σ w)). ``hybrid`` is Mendez/Isotalo's table:
        100 · Σ w·(H[p][u] + 1)/2 / Σ w.
    missing : {"neutral", "exclude", "penalize"}
        A missing position counts as 0, is not counted for that party, or counts as the far
        end from the voter's answer (−max if the answer is positive, +max otherwise).

    Returns
    -------
    MatchResult
        ``scores`` (V, P) floats in [0, 100], NaN where nothing was counted; ``coverage``
        (V, P) ints, the statements counted: answered, weight > 0 and, under "exclude", a
        party position. With (S,) answers both are (P,).

    Raises
    ------
    ValueError
        On shapes that do not line up, values off the scale or not whole, negative or
        non-finite weights, an unknown metric or policy, or levels other than 3 and 5.

    Examples
    --------
    >>> r = match([2, 1, np.nan], [[2, 1, -2], [-2, np.nan, 2]])
    >>> r.scores.tolist(), r.coverage.tolist()
    ([100.0, 37.5], [2, 2])
    >>> match([1, -1], [[1, 0]], levels=3).scores.tolist()  # Wahl-O-Mat: 2 + 1 of 4 points
    [75.0]
    """
    _validate_options(levels, metric, missing)
    voters, single = _validate_answers(answers)
    n_voters, n_statements = voters.shape
    party_positions = _validate_positions(positions, levels, n_statements)
    voter_weights = _validate_weights(weights, voters.shape, single)
    plan = _party_matrix(party_positions, levels, metric, missing)

    n_parties = party_positions.shape[0]
    scores = np.empty((n_voters, n_parties))
    coverage = np.empty((n_voters, n_parties), dtype=np.int64)
    buffers = _Buffers(min(n_voters, _BLOCK_VOTERS))
    for start in range(0, n_voters, _BLOCK_VOTERS):
        block = slice(start, start + _BLOCK_VOTERS)
        block_weights = voter_weights if voter_weights.ndim == 1 else voter_weights[block]
        _score_block(
            voters[block], block_weights, plan, start, scores[block], coverage[block], buffers
        )
    if single:
        return MatchResult(scores=scores[0], coverage=coverage[0])
    return MatchResult(scores=scores, coverage=coverage)


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------


def ranking(scores) -> Ranking:
    """Order parties best first, with competition ranks and the groups that share a place.

    Tie rule: scores are compared after rounding to 9 decimals, so scores that differ only by
    floating-point noise share a place. Higher scores come first, NaN (nothing counted) last,
    and parties with equal scores keep their original order (lower index first). ``rank`` is
    the competition rank (1, 1, 3, …) and 0 for NaN; ``tie_groups`` lists, best place first,
    the parties that share a place ("delar plats"), only groups of two or more.

    Parameters
    ----------
    scores : array_like, shape (P,) or (V, P)
        Match scores, e.g. ``match(...).scores``.

    Returns
    -------
    Ranking
        ``order`` and ``rank`` have the shape of ``scores``; ``tie_groups`` is a tuple of
        tuples of party indices, or for (V, P) scores one such tuple per voter.

    Examples
    --------
    >>> r = ranking([50.0, 80.0, np.nan, 80.0])
    >>> r.order.tolist(), r.rank.tolist(), r.tie_groups
    ([1, 3, 0, 2], [3, 1, 0, 1], ((1, 3),))
    """
    values = _as_real_array(scores, "scores").astype(np.float64)
    if values.ndim not in (1, 2):
        raise ValueError(f"scores must have shape (P,) or (V, P), got {values.shape}")
    rounded = np.round(values, _TIE_DECIMALS)
    if values.ndim == 1 and values.size <= _SMALL_RANKING:
        return _small_ranking(rounded.tolist())
    missing = np.isnan(rounded)
    index = np.broadcast_to(np.arange(values.shape[-1]), values.shape)
    order = np.lexsort((index, np.where(missing, 0.0, -rounded), missing), axis=-1)

    in_order = np.take_along_axis(rounded, order, axis=-1)
    starts = np.ones(values.shape, dtype=bool)
    starts[..., 1:] = in_order[..., 1:] != in_order[..., :-1]
    place = np.maximum.accumulate(np.where(starts, index, 0), axis=-1) + 1
    place[np.take_along_axis(missing, order, axis=-1)] = 0
    rank = np.empty_like(place)
    np.put_along_axis(rank, order, place, axis=-1)

    if values.ndim == 1:
        tie_groups = _tie_groups(order, place)
    else:
        tie_groups = tuple(_tie_groups(o, p) for o, p in zip(order, place, strict=True))
    return Ranking(order=order, rank=rank, tie_groups=tie_groups)


# One voter's ranking of a few dozen parties is faster in plain Python than in the dozen
# numpy calls of the vectorised rule (a result page ranks four times); the same rule.
_SMALL_RANKING = 64


def _small_ranking(rounded: list[float]) -> Ranking:
    """`ranking` of one row of already rounded scores, in plain Python."""
    order = sorted(range(len(rounded)), key=lambda i: (
        rounded[i] != rounded[i], 0.0 if rounded[i] != rounded[i] else -rounded[i], i))
    rank = [0] * len(rounded)
    places: dict[int, list[int]] = {}
    place, previous = 0, None
    for position, party in enumerate(order):
        value = rounded[party]
        if value != value:  # NaN: nothing counted, no place
            continue
        if previous is None or value != previous:
            place = position + 1
        previous = value
        rank[party] = place
        places.setdefault(place, []).append(party)
    return Ranking(order=np.array(order, dtype=np.intp), rank=np.array(rank, dtype=np.intp),
                   tie_groups=tuple(tuple(group) for group in places.values() if len(group) > 1))


def explain(
    answers,
    positions,
    weights=None,
    *,
    levels: int = 5,
    metric: str = "agreement",
    missing: str = "neutral",
) -> Explanation:
    """Show, statement by statement, where one voter agrees with and differs from each party.

    ``agreement`` (P, S) is the statement's 0…1 contribution under the metric: for
    "agreement" 1 − |u − p|/R, for "hybrid" (H[p][u] + 1)/2, and for "euclidean" also
    1 − |u − p|/R (the score itself uses the squared distance, which orders statements the
    same way). It is NaN where the statement was not counted. ``weight`` (P, S) is the voter's
    weight where counted, else 0; ``counted`` (P, S) says which statements count; ``scores``
    (P,) equals ``match(...).scores``. Parameters are those of :func:`match` for one voter.

    Examples
    --------
    >>> e = explain([2, -1, 0], [[2, 1, np.nan]], [1, 2, 1])
    >>> e.agreement.tolist(), e.scores.tolist()  # the missing position counts as 0
    ([[1.0, 0.5, 1.0]], [75.0])
    >>> e.top_agreements(0, k=1).tolist(), e.top_differences(0, k=1).tolist()
    ([0], [1])
    """
    voter = _voter_terms(answers, positions, weights, levels, metric, missing)
    if metric == "euclidean":
        agreement = 1.0 - np.abs(voter.voter_level - voter.party_level) / (levels - 1)
    else:
        agreement = _terms(voter, metric)
    return Explanation(
        agreement=np.where(voter.counted, agreement, np.nan),
        weight=np.where(voter.counted, voter.weights, 0.0),
        counted=voter.counted.copy(),
        scores=_voter_scores(voter, metric),
    )
