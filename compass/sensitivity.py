"""Does the top match rest on weak evidence? Re-rank without `goal` and `description` cells.

Pure: numpy and the public `compass.scoring` API only. The weak cells are masked as missing
(NaN) and scored under the set's own missing-position policy, exactly as a position the
party never stated would be.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import scoring

WEAK_EVIDENCE = ("goal", "description")


@dataclass(frozen=True)
class Sensitivity:
    """Whether the top party (index into the compared parties) stays first without weak cells.

    `top_without` is the first party after masking (None when nothing could be counted);
    `masked` counts the weak cells among the compared parties and answered statements.
    """

    top: int
    top_without: int | None
    stays: bool
    masked: int


def weak_mask(evidence: list[list[str | None]]) -> np.ndarray:
    """Return a (P, S) bool array: True where a cell's evidence is `goal` or `description`.

    >>> weak_mask([["proposal", "goal"], [None, "description"]]).tolist()
    [[False, True], [False, True]]
    """
    return np.array([[kind in WEAK_EVIDENCE for kind in row] for row in evidence], dtype=bool)


def top_without_weak(answers, positions, weights, weak, *, levels: int, missing: str,
                     metric: str = "agreement", scores=None) -> Sensitivity | None:
    """Re-rank with the weak cells left out; None when no party can be ranked at all.

    Parameters
    ----------
    answers, weights : array_like, shape (S,)
        The voter's answers (NaN = skipped) and weights.
    positions, weak : array_like, shape (P, S)
        Party positions (NaN = no stated position) and the cells to leave out.
    scores : array_like, shape (P,), optional
        The voter's scores with every cell, when the caller has them already (they are
        `scoring.match` of the same answers, positions and weights).

    Examples
    --------
    >>> pos = np.array([[2.0, 2.0, -1.0], [1.0, 1.0, -2.0]])
    >>> weak = np.array([[True, True, False], [False, False, False]])
    >>> s = top_without_weak([2, 2, -2], pos, [1, 1, 1], weak, levels=5, missing="neutral")
    >>> (s.top, s.top_without, s.stays, s.masked)
    (0, 1, False, 2)
    """
    answers = np.asarray(answers, dtype=float)
    positions = np.asarray(positions, dtype=float)
    weak = np.asarray(weak, dtype=bool) & ~np.isnan(positions)
    options = {"levels": levels, "missing": missing, "metric": metric}
    before = (scoring.match(answers, positions, weights, **options).scores if scores is None
              else np.asarray(scores, dtype=float))
    if positions.shape[0] == 0 or np.all(np.isnan(before)):
        return None
    top = int(scoring.ranking(before).order[0])
    masked = int(np.count_nonzero(weak[:, ~np.isnan(answers)]))
    after = scoring.match(answers, np.where(weak, np.nan, positions), weights, **options).scores
    if np.all(np.isnan(after)):
        return Sensitivity(top=top, top_without=None, stays=False, masked=masked)
    ranked = scoring.ranking(after)
    return Sensitivity(top=top, top_without=int(ranked.order[0]),
                       stays=bool(ranked.rank[top] == 1), masked=masked)
