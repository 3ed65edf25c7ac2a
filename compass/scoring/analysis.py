"""What a match means: robustness, theme scores, the party landscape and similarity.

Part of `compass.scoring`; pure numpy like the rest of it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral

import numpy as np

from .core import (
    _SINGLE_THREAD_PRODUCT,
    _best,
    _first_share,
    _scores_from_sums,
    _statement_columns,
    _terms,
    _voter_scores,
    _voter_terms,
)
from .match import MatchResult, match, ranking
from .validation import (
    METRICS,
    _validate_answers,
    _validate_levels,
    _validate_options,
    _validate_positions,
    _validate_scale,
    _validate_weight_values,
    _validate_weights,
)


@dataclass(frozen=True)
class ThemeScores:
    """Match scores per theme (for a spider chart), themes in first-appearance order."""

    themes: tuple
    scores: np.ndarray
    coverage: np.ndarray


@dataclass(frozen=True)
class Robustness:
    """How stable one voter's top party is under resampled statements and other metrics."""

    top: int | None
    runner_up: int | None
    gap: float
    first_share: np.ndarray
    top_by_metric: dict
    verdict: str
    resamples: int


@dataclass(frozen=True)
class Landscape:
    """Parties (and voters) on the first two principal components of the positions."""

    parties: np.ndarray
    voter: np.ndarray | None
    explained: np.ndarray


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------



def robustness(
    answers,
    positions,
    weights=None,
    *,
    levels: int = 5,
    metric: str = "agreement",
    missing: str = "neutral",
    resamples: int = 1000,
    seed: int | None = 0,
    threshold: float = 0.8,
) -> Robustness:
    """Say how stable one voter's top party is, for "stabilt" or "osäkert: X och Y ligger nära".

    The voter's counted statements (answered, weight > 0) are resampled with replacement
    ``resamples`` times (bootstrap, seeded) and scored under ``metric``. ``first_share`` (P,)
    is the share of resamples each party wins; a tie for first splits that resample's credit
    equally (ties as in :func:`ranking`), so the shares sum to 1 unless nothing was answered.
    ``top`` and ``runner_up`` are first and second by :func:`ranking` on all statements, and
    ``gap`` is their score difference. ``top_by_metric`` maps each metric to its top party.

    Verdict rule: "stable" when the top party wins at least ``threshold`` (0.8) of the
    resamples AND is top under all three metrics; otherwise "uncertain" (also when nothing
    was counted).

    Examples
    --------
    >>> r = robustness([2, 2, -2, 1], [[2, 2, -2, 1], [-2, -2, 2, -1]])
    >>> r.top, r.runner_up, r.verdict, r.first_share.tolist()
    (0, 1, 'stable', [1.0, 0.0])
    """
    if isinstance(resamples, bool) or not isinstance(resamples, Integral) or resamples < 1:
        raise ValueError(f"resamples must be a positive integer, got {resamples!r}")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}")
    voter = _voter_terms(answers, positions, weights, levels, metric, missing)
    n_parties = voter.counted.shape[0]
    full = {name: _voter_scores(voter, name) for name in METRICS}
    top_by_metric = {name: _best(full[name]) for name in METRICS}
    top = top_by_metric[metric]
    order = ranking(full[metric]).order
    runner_up = int(order[1]) if n_parties > 1 and not np.isnan(full[metric][order[1]]) else None
    gap = float(full[metric][top] - full[metric][runner_up]) if runner_up is not None else np.nan

    pool = np.flatnonzero(voter.used)
    first_share = np.zeros(n_parties)
    if pool.size:
        counts = (_resample_counts(seed, resamples, pool.size) if seed is not None
                  else _draw_counts(np.random.default_rng(), resamples, pool.size))
        columns = _statement_columns(
            voter.weights[pool], _terms(voter, metric)[:, pool], voter.counted[:, pool]
        )
        sums = np.empty((resamples, columns.shape[1]))
        rows = max(1, _SINGLE_THREAD_PRODUCT // columns.size)
        for start in range(0, resamples, rows):
            np.matmul(counts[start : start + rows], columns, out=sums[start : start + rows])
        boot = _scores_from_sums(sums, metric)
        first_share = _first_share(boot)
    stable = top is not None and first_share[top] >= threshold
    stable = stable and all(winner == top for winner in top_by_metric.values())
    return Robustness(
        top=top,
        runner_up=runner_up,
        gap=gap,
        first_share=first_share,
        top_by_metric=top_by_metric,
        verdict="stable" if stable else "uncertain",
        resamples=resamples,
    )


def _draw_counts(rng: np.random.Generator, resamples: int, n: int) -> np.ndarray:
    """Each bootstrap resample of n statements as counts: a (B, n) matrix, so all B score in
    one product (in slabs, see _SINGLE_THREAD_PRODUCT) with weighted statement columns."""
    draws = rng.integers(0, n, size=(resamples, n))
    flat = (np.arange(resamples)[:, np.newaxis] * n + draws).ravel()
    return np.bincount(flat, minlength=resamples * n).astype(np.float64).reshape(resamples, n)


@lru_cache(maxsize=64)
def _resample_counts(seed: int, resamples: int, n: int) -> np.ndarray:
    """The seeded draws depend on (seed, resamples, n) only: made once, shared read-only.

    Drawing them was a third of one voter's robustness check on the result page.
    """
    counts = _draw_counts(np.random.default_rng(seed), resamples, n)
    counts.setflags(write=False)
    return counts


def theme_scores(
    answers,
    positions,
    themes: Sequence[Hashable],
    weights=None,
    *,
    levels: int = 5,
    metric: str = "agreement",
    missing: str = "neutral",
) -> ThemeScores:
    """Score each theme separately, for a spider chart.

    ``themes`` gives each statement's theme label (length S). The result lists the labels in
    first-appearance order, with ``scores`` and ``coverage`` of shape (P, T), or (V, P, T)
    for (V, S) answers: :func:`match` restricted to the theme's statements, NaN where none
    was counted.

    Examples
    --------
    >>> t = theme_scores([2, -2, 1], [[2, 2, 1]], ["skola", "miljö", "skola"])
    >>> t.themes, t.scores.tolist()
    (('skola', 'miljö'), [[100.0, 0.0]])
    """
    _validate_options(levels, metric, missing)
    voters, single = _validate_answers(answers)
    labels = list(themes)
    if len(labels) != voters.shape[1]:
        raise ValueError(f"themes must label all {voters.shape[1]} statements, got {len(labels)}")
    voter_weights = _validate_weights(weights, voters.shape, single).astype(np.float64)
    _validate_weight_values(voter_weights)
    options = {"levels": levels, "metric": metric, "missing": missing}
    unique = tuple(dict.fromkeys(labels))
    # Zero weight outside the theme is exactly "not counted", so match does the rest.
    in_theme = [np.array([label == theme for label in labels]) for theme in unique]
    if single and unique:
        return _one_voter_theme_scores(answers, positions, voter_weights, unique, in_theme,
                                       options)
    results = [match(answers, positions, voter_weights * mask, **options) for mask in in_theme]
    if not results:  # no statements, so no themes: keep the (…, P, 0) shape
        empty = match(answers, positions, voter_weights, **options)
        return ThemeScores(
            unique, empty.scores[..., np.newaxis][..., :0], empty.coverage[..., np.newaxis][..., :0]
        )
    return ThemeScores(
        themes=unique,
        scores=np.stack([r.scores for r in results], axis=-1),
        coverage=np.stack([r.coverage for r in results], axis=-1),
    )


def _one_voter_theme_scores(answers, positions, weights, unique, in_theme,
                            options) -> ThemeScores:
    """All themes of one voter in one product: (T, S) theme indicators × (S, 2P) columns.

    The same statement columns as :func:`robustness`, summed per theme instead of per
    resample: one call instead of one :func:`match` per theme (the result page's largest
    scoring cost).
    """
    metric = options["metric"]
    voter = _voter_terms(answers, positions, weights, options["levels"], metric,
                         options["missing"])
    columns = _statement_columns(voter.weights, _terms(voter, metric), voter.counted)
    indicator = np.array(in_theme, dtype=np.float64)  # (T, S)
    scores = _scores_from_sums(indicator @ columns, metric).T
    coverage = (voter.counted.astype(np.int64) @ indicator.T.astype(np.int64))
    return ThemeScores(themes=unique, scores=scores, coverage=coverage)


def landscape(positions, answers=None, *, levels: int = 5) -> Landscape:
    """Place parties (and voters) on the first two principal components of the positions.

    Missing positions are imputed with the statement's mean over the parties that have one
    (0 if none has); skipped answers with the same means. Coordinates are in answer-scale
    units along the two components; each component's sign is fixed so that its largest
    absolute loading is positive, which makes the picture deterministic. ``explained`` gives
    each component's share of the total variance (0.0 for components that do not exist or
    carry no variance, e.g. with one party or identical parties, whose coordinates are 0).

    Parameters
    ----------
    positions : array_like, shape (P, S)
    answers : array_like, shape (S,) or (V, S), optional
        Projected into the same plane: ``voter`` is (2,) or (V, 2), None without answers.
    levels : {5, 3}

    Examples
    --------
    >>> m = landscape([[2, 2], [-2, -2], [0, 0]], answers=[1, 1])
    >>> m.parties.round(3).tolist(), m.voter.round(3).tolist(), m.explained.tolist()
    ([[2.828, 0.0], [-2.828, 0.0], [0.0, 0.0]], [1.414, 0.0], [1.0, 0.0])
    """
    _validate_levels(levels)
    party_positions = _validate_positions(positions, levels)
    plane = _party_plane(party_positions.tobytes(), party_positions.shape)
    voter = None
    if answers is not None:
        voters, single = _validate_answers(answers)
        if voters.shape[1] != party_positions.shape[1]:
            raise ValueError(
                f"answers have {voters.shape[1]} statements but positions have "
                f"{party_positions.shape[1]}"
            )
        voters = voters.astype(np.float64)
        _validate_scale(voters, levels, "answers")
        voter = (np.where(np.isnan(voters), plane.means, voters) - plane.means) @ plane.components.T
        voter = voter[0] if single else voter
    return Landscape(parties=plane.parties.copy(), voter=voter, explained=plane.explained.copy())


@dataclass(frozen=True)
class _Plane:
    """The parties' principal plane: what `landscape` needs besides the voters."""

    parties: np.ndarray  # (P, 2)
    explained: np.ndarray  # (2,)
    components: np.ndarray  # (2, S)
    means: np.ndarray  # (S,)


@lru_cache(maxsize=256)
def _party_plane(data: bytes, shape: tuple[int, int]) -> _Plane:
    """The plane of one (validated, float64) position matrix, given as bytes.

    It depends on the positions only, and every result page of a set version shares them:
    made once, shared read-only (the SVD was most of the map's cost per page).
    """
    party_positions = np.frombuffer(data, dtype=np.float64).reshape(shape)
    has = ~np.isnan(party_positions)
    n_known = has.sum(axis=0)
    totals = np.where(has, party_positions, 0.0).sum(axis=0)
    means = np.divide(totals, n_known, out=np.zeros_like(totals), where=n_known > 0)
    centred = np.where(has, party_positions, means) - means

    components = np.zeros((2, centred.shape[1]))
    explained = np.zeros(2)
    if centred.size:
        _, singular, rows = np.linalg.svd(centred, full_matrices=False)
        total = float(np.sum(singular**2))
        # Components at rounding-noise level carry no structure; their sign would be random.
        real = singular > singular.max(initial=0.0) * max(centred.shape) * np.finfo(float).eps
        for k in range(min(2, singular.size)):
            if real[k] and total > 0:
                largest = rows[k][np.argmax(np.abs(rows[k]))]
                components[k] = rows[k] * np.sign(largest)
                explained[k] = singular[k] ** 2 / total
    plane = _Plane(parties=centred @ components.T, explained=explained,
                   components=components, means=means)
    for array in (plane.parties, plane.explained, plane.components, plane.means):
        array.setflags(write=False)
    return plane


def party_similarity(positions, *, levels: int = 5) -> MatchResult:
    """Agreement between every pair of parties on the statements both have a position on.

    Returns a :class:`MatchResult` of shape (P, P): ``scores`` under the agreement metric
    (symmetric, NaN where two parties share no statement, 100 on the diagonal for a party with
    any position) and ``coverage``, the number of statements both have a position on.

    Examples
    --------
    >>> s = party_similarity([[2, 1, np.nan], [2, -1, 1]])
    >>> s.scores.tolist(), s.coverage.tolist()
    ([[100.0, 75.0], [75.0, 100.0]], [[2, 2], [2, 3]])
    """
    _validate_levels(levels)
    party_positions = _validate_positions(positions, levels)
    pairwise = match(party_positions, party_positions, levels=levels, missing="exclude")
    # Each pair is the same sum either way round; averaging makes symmetry exact regardless.
    return MatchResult(scores=(pairwise.scores + pairwise.scores.T) / 2, coverage=pairwise.coverage)
