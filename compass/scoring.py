"""Match voters' answers against party positions: pure numpy, arrays in, dataclasses out.

Answers and positions share one symmetric scale: with 5 levels −2 (helt emot) … 2 (helt för),
with 3 levels −1 … 1. NaN in an answer means the statement was skipped; NaN in a position
means the party has no stated position. Everything here is vectorised over voters, parties
and statements; the module imports nothing but numpy and the standard library.

The implementation is split by concern: `scoring_match` (match, ranking, explain),
`scoring_analysis` (robustness, themes, landscape, similarity), `scoring_core` (tables, block
scoring) and `scoring_validation` (input checks). Import from here.
"""

from __future__ import annotations

from .scoring_analysis import (
    Landscape,
    Robustness,
    ThemeScores,
    landscape,
    party_similarity,
    robustness,
    theme_scores,
)
from .scoring_match import Explanation, MatchResult, Ranking, explain, match, ranking
from .scoring_validation import (
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
