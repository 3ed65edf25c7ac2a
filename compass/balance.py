"""Balance audit of a question set: pure numpy (and `compass.scoring`), arrays in, data out.

What it reports, per set:

* statements per theme and per direction (``more`` / ``less``), and per theme × direction;
* each party's coverage: statements with a stated position;
* each party's **maximum reachable score**: the largest match score the party can get from a
  voter who answers *every* statement (weight 1), under the set's missing-position policy,
  for each metric. Every metric's score is a monotone function of a sum of per-statement
  terms over a denominator that does not depend on the answers (all statements under
  ``neutral`` and ``penalize``; the party's stated statements under ``exclude``), so the
  maximum over all ``levels ** S`` answer vectors is reached by choosing, statement by
  statement, the answer with the best term. We find those answers with `scoring.match`
  itself (one probe per statement and answer level) and score the resulting best voter
  with `scoring.match` again, so the number is exactly what the quiz would show.
  In words: a stated position is best met by the same answer (full marks with
  ``agreement`` and ``euclidean``); a missing one counts as 0 under ``neutral`` (answer
  neutral, full marks), not at all under ``exclude``, and as the far end from the voter's
  answer under ``penalize`` (best is neutral: half marks with ``agreement``). A party
  with no stated position under ``exclude`` has no reachable score (NaN).
* statements that cannot discriminate: every party's effective position is the same
  (missing read as 0 under ``neutral``; under the other policies only stated ones count);
  statements with at most one stated position are reported separately;
* pairs of parties whose positions are nearly identical: `scoring.party_similarity` (agreement
  over the statements both have a stated position on) ≥ `SIMILAR_AT`, on at least
  `MIN_COMMON` common statements.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import scoring

SIMILAR_AT = 90.0
MIN_COMMON = 3
METRICS = scoring.METRICS


@dataclass(frozen=True)
class Audit:
    """The balance of one question set; arrays are indexed by party and/or statement."""

    themes: tuple[tuple[str, int], ...]
    directions: tuple[tuple[str, int], ...]
    theme_directions: tuple[tuple[str, int, int], ...]  # (theme, more, less)
    stated: np.ndarray  # (P,) statements with a stated position
    coverage: np.ndarray  # (P,) share 0…1 of statements with a stated position
    max_score: dict  # metric → (P,) maximum reachable score, NaN when there is none
    best_answers: np.ndarray  # (P, S) answers reaching the maximum with "agreement"
    alike: np.ndarray  # (S,) bool: every party's effective position is the same
    sparse: np.ndarray  # (S,) bool: at most one party has a stated position
    similarity: np.ndarray  # (P, P) agreement over common stated statements, NaN if none
    common: np.ndarray  # (P, P) statements both parties have a stated position on
    similar_pairs: tuple[tuple[int, int, float, int], ...]  # (i, j, score, common), i < j


def _validate(positions, themes, directions, levels: int) -> np.ndarray:
    array = np.asarray(positions, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"positions must have shape (P, S), got {array.shape}")
    n_statements = array.shape[1]
    if len(themes) != n_statements or len(directions) != n_statements:
        raise ValueError("themes and directions need one entry per statement")
    if levels not in scoring.LEVELS:
        raise ValueError(f"levels must be 3 or 5, got {levels!r}")
    return array


def max_reachable(positions, *, levels: int = 5, missing: str = "neutral",
                  metric: str = "agreement") -> tuple[np.ndarray, np.ndarray]:
    """Return each party's maximum score over complete answer vectors, and those answers.

    Examples
    --------
    >>> best, answers = max_reachable([[2, np.nan], [np.nan, np.nan]], missing="penalize")
    >>> best.tolist(), answers.tolist()
    ([75.0, 50.0], [[2.0, 0.0], [0.0, 0.0]])
    >>> max_reachable([[np.nan, np.nan]], missing="exclude")[0].tolist()
    [nan]
    """
    positions = np.asarray(positions, dtype=np.float64)
    n_parties, n_statements = positions.shape
    scale = np.arange(-((levels - 1) // 2), (levels - 1) // 2 + 1, dtype=np.float64)
    if n_statements == 0 or n_parties == 0:
        return np.full(n_parties, np.nan), np.zeros((n_parties, n_statements))
    # Probe voter (k, j) answers only statement j with scale[k]: its score is that
    # statement's term for every party (NaN where the statement does not count).
    probes = np.full((len(scale), n_statements, n_statements), np.nan)
    index = np.arange(n_statements)
    probes[:, index, index] = scale[:, np.newaxis]
    terms = scoring.match(probes.reshape(-1, n_statements), positions, levels=levels,
                          metric=metric, missing=missing).scores
    terms = terms.reshape(len(scale), n_statements, n_parties)
    # Statements that do not count for a party: any answer does; neutral keeps it readable.
    best_level = np.argmax(np.nan_to_num(terms, nan=-1.0), axis=0)  # (S, P)
    uncounted = np.all(np.isnan(terms), axis=0)
    best_level[uncounted] = len(scale) // 2
    best_answers = scale[best_level].T  # (P, S)
    scores = scoring.match(best_answers, positions, levels=levels, metric=metric,
                           missing=missing).scores
    return np.diagonal(scores).copy(), best_answers


def similarity(positions, *, levels: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Return party × party agreement over the statements both state, and how many those are.

    This is `scoring.party_similarity`: party a's positions read as a voter's answers against
    party b's, under "exclude", so only statements both have a position on count.

    >>> sim, common = similarity([[2, 1, np.nan], [2, -1, 1]])
    >>> sim.tolist(), common.tolist()
    ([[100.0, 75.0], [75.0, 100.0]], [[2, 2], [2, 3]])
    """
    positions = np.asarray(positions, dtype=np.float64)
    if positions.size == 0:
        n = positions.shape[0]
        return np.full((n, n), np.nan), np.zeros((n, n), dtype=np.int64)
    result = scoring.party_similarity(positions, levels=levels)
    return result.scores, result.coverage


def audit(positions, themes, directions, *, levels: int = 5, missing: str = "neutral",
          similar_at: float = SIMILAR_AT, min_common: int = MIN_COMMON) -> Audit:
    """Audit a set's balance; see the module docstring for every definition."""
    positions = _validate(positions, themes, directions, levels)
    n_parties, n_statements = positions.shape
    has = ~np.isnan(positions)
    stated = has.sum(axis=1)
    coverage = stated / n_statements if n_statements else np.zeros(n_parties)
    max_score, best = {}, np.zeros((n_parties, n_statements))
    for metric in METRICS:
        max_score[metric], answers = max_reachable(positions, levels=levels, missing=missing,
                                                   metric=metric)
        if metric == "agreement":
            best = answers
    effective = np.where(has, positions, 0.0) if missing == "neutral" else positions
    alike = np.zeros(n_statements, dtype=bool)
    for j in range(n_statements):
        values = effective[:, j][~np.isnan(effective[:, j])]
        alike[j] = n_parties > 1 and values.size > 0 and np.unique(values).size == 1
    sparse = has.sum(axis=0) <= 1
    sim, common = similarity(positions, levels=levels)
    pairs = tuple(
        (i, j, float(sim[i, j]), int(common[i, j]))
        for i in range(n_parties) for j in range(i + 1, n_parties)
        if common[i, j] >= min_common and sim[i, j] >= similar_at)
    theme_counts = Counter(themes)
    order = list(dict.fromkeys(themes))
    return Audit(
        themes=tuple((t, theme_counts[t]) for t in order),
        directions=tuple((d, int(sum(1 for x in directions if x == d))) for d in ("more", "less")),
        theme_directions=tuple(
            (t, sum(1 for th, d in zip(themes, directions, strict=True)
                    if th == t and d == "more"),
             sum(1 for th, d in zip(themes, directions, strict=True)
                 if th == t and d == "less"))
            for t in order),
        stated=stated, coverage=coverage, max_score=max_score, best_answers=best,
        alike=alike, sparse=sparse, similarity=sim, common=common, similar_pairs=pairs)
