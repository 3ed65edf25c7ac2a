"""Agreement between independent codings: Krippendorff's alpha and the exact-agreement share.

Pure numpy: arrays in, floats out; no Flask, no database. The reliability data is a
(coders, units) float array; ``np.nan`` marks a unit a coder did not code (missing data, as in
Krippendorff's papers). A question set's codings have no missing data: every cell is coded,
and "no stated position" is a category of its own, written `NO_POSITION`.

How "no stated position" meets an ordinal scale
-----------------------------------------------
"No stated position" is not a point on the scale: it is not 0 (neutral is a stated position),
and there is no honest place for it between −2 and +2. So the difference function is mixed:

* between two values on the scale it is Krippendorff's ordinal difference (computed over the
  values' own marginal frequencies, "no stated position" left out of the ranks), divided by
  the largest ordinal difference in the data, so that it lies between 0 and 1;
* between "no stated position" and any value it is 1, the maximal difference: saying nothing
  and saying anything are as far apart as the two ends of the scale;
* between two "no stated position" codes it is 0.

Alpha is a ratio of observed to expected differences, so only the relative size matters: one
coder's −2 against the other's +2 weighs the same as a value against silence.
"""

from __future__ import annotations

import numpy as np

NO_POSITION = np.inf  # the "no stated position" category in reliability data
METRICS = ("nominal", "ordinal", "interval")


def _validate_data(data: np.ndarray) -> np.ndarray:
    array = np.asarray(data, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"reliability data must be 2-D (coders, units), got {array.ndim}-D")
    if np.isneginf(array).any():
        raise ValueError("reliability data cannot hold -inf")
    return array


def _coincidences(data: np.ndarray, categories: np.ndarray) -> np.ndarray:
    """Return the (C, C) coincidence matrix over pairable units (two or more values)."""
    # counts[u, c]: how many coders gave unit u the category c.
    counts = (data.T[:, :, None] == categories[None, None, :]).sum(axis=1).astype(float)
    pairable = counts.sum(axis=1)
    keep = pairable >= 2
    counts, pairable = counts[keep], pairable[keep]
    scaled = counts / (pairable - 1)[:, None]
    return scaled.T @ counts - np.diag(scaled.sum(axis=0))


def _differences(categories: np.ndarray, totals: np.ndarray, metric: str) -> np.ndarray:
    """Return the squared differences between categories (mixed when NO_POSITION is there)."""
    none = categories == NO_POSITION
    values = categories[~none]
    n_values = totals[~none]
    if metric == "nominal":
        delta = 1.0 - np.eye(len(values))
    elif metric == "interval":
        delta = (values[:, None] - values[None, :]) ** 2
    else:
        # Ordinal: the frequencies from c to k (inclusive) minus half of the two ends.
        cumulative = np.cumsum(n_values)
        low = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
        high = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
        between = cumulative[high] - np.where(low > 0, cumulative[np.maximum(low - 1, 0)], 0)
        delta = (between - (n_values[:, None] + n_values[None, :]) / 2) ** 2
        np.fill_diagonal(delta, 0.0)
    if not none.any():
        return delta
    largest = delta.max() if delta.size else 0.0
    if largest > 0:
        delta = delta / largest
    full = np.ones((len(categories), len(categories)))
    full[np.ix_(~none, ~none)] = delta
    full[np.ix_(none, none)] = 0.0
    return full


def krippendorff_alpha(data: np.ndarray, metric: str = "ordinal") -> float:
    """Return Krippendorff's alpha of reliability data (coders × units).

    Parameters
    ----------
    data : array_like, shape (coders, units)
        The value each coder gave each unit; ``np.nan`` = not coded, `NO_POSITION` = the
        "no stated position" category (at the maximal difference from every value).
    metric : {"nominal", "ordinal", "interval"}
        The difference function between values.

    Returns
    -------
    float
        Alpha: 1 is perfect agreement, 0 is agreement at chance level, below 0 worse than
        chance. NaN when it is undefined: fewer than two pairable values, or no variation
        at all (every value the same, so no disagreement can be expected).

    Examples
    --------
    Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:

    >>> import numpy as np
    >>> nan = np.nan
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data, "nominal"), 3)
    0.743
    >>> round(krippendorff_alpha(data, "ordinal"), 3)
    0.815
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    array = _validate_data(data)
    coded = array[~np.isnan(array)]
    categories = np.unique(coded)  # sorted; NO_POSITION (inf) comes last
    if categories.size == 0:
        return float("nan")
    coincidences = _coincidences(array, categories)
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    if n < 2:
        return float("nan")
    delta = _differences(categories, totals, metric)
    observed = float((coincidences * delta).sum())
    expected = float((np.outer(totals, totals) * delta).sum())
    if expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * observed / expected)


def exact_share(data: np.ndarray) -> float:
    """Return the share of units that every coder coded, on which all coders agree exactly.

    >>> exact_share([[1, 2, np.inf, 0], [1, 1, np.inf, 0]])
    0.75
    """
    array = _validate_data(data)
    complete = ~np.isnan(array).any(axis=0)
    if array.shape[0] < 2 or not complete.any():
        return float("nan")
    rows = array[:, complete]
    return float((rows == rows[0]).all(axis=0).mean())
