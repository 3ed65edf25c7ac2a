"""Match voters' answers against party positions: pure numpy, arrays in, dataclasses out.

Answers and positions share one symmetric scale: with 5 levels −2 (helt emot) … 2 (helt för),
with 3 levels −1 … 1. NaN in an answer means the statement was skipped; NaN in a position
means the party has no stated position. Everything here is vectorised over voters, parties
and statements; the module imports nothing but numpy and the standard library.

The package is split by concern: `match` (match, ranking, explain), `analysis` (robustness,
themes, landscape, similarity), `core` (tables, block scoring) and `validation` (input checks).
Import from here: `compass.scoring` is the public API; the modules inside are internals.
"""

from __future__ import annotations

from .analysis import (
    Landscape,
    Robustness,
    ThemeScores,
    landscape,
    party_similarity,
    robustness,
    theme_scores,
)
from .match import Explanation, MatchResult, Ranking, explain, match, ranking
from .validation import (
    LEVELS,
    METRICS,
    MISSING_POLICIES,
)

__all__ = [
    "LEVELS",
    "METRICS",
    "MISSING_POLICIES",
    "Explanation",
    "Landscape",
    "MatchResult",
    "Ranking",
    "Robustness",
    "ThemeScores",
    "explain",
    "landscape",
    "match",
    "party_similarity",
    "ranking",
    "robustness",
    "theme_scores",
]
