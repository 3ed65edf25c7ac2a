"""The worked example on the method page, computed by the real scoring engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scoring import match

# The hybrid metric's table, rows = party position −2…+2, columns = voter answer −2…+2; the
# method page prints it and a test checks it against the engine.
HYBRID_TABLE = (
    (1, 0.5, 0, -0.5, -1),
    (0.5, 0.75, 0.25, -0.25, -0.5),
    (0, 0.25, 0.5, 0.25, 0),
    (-0.5, -0.25, 0.25, 0.75, 0.5),
    (-1, -0.5, 0, 0.5, 1),
)

# Three statements; the voter answers +2 (weight 2), −1, and skips the third.
EXAMPLE_ANSWERS = (2, -1, None)
EXAMPLE_WEIGHTS = (2.0, 1.0, 1.0)
# Party A has a position everywhere; party B said nothing on statement 2.
EXAMPLE_POSITIONS = {"A": (1, -1, 2), "B": (-2, None, 0)}


@dataclass(frozen=True)
class ExampleRow:
    """One party's score in the worked example under each missing-position policy."""

    party: str
    positions: tuple[int | None, ...]
    scores: dict[str, float]
    coverage: dict[str, int]


def worked_example() -> list[ExampleRow]:
    """Score the example with `compass.scoring.match` under every policy (agreement metric)."""
    answers = np.array([np.nan if a is None else a for a in EXAMPLE_ANSWERS], dtype=float)
    positions = np.array([[np.nan if v is None else v for v in row]
                          for row in EXAMPLE_POSITIONS.values()], dtype=float)
    rows = []
    results = {policy: match(answers, positions, np.array(EXAMPLE_WEIGHTS), levels=5,
                             metric="agreement", missing=policy)
               for policy in ("neutral", "exclude", "penalize")}
    for i, (party, values) in enumerate(EXAMPLE_POSITIONS.items()):
        rows.append(ExampleRow(
            party=party, positions=values,
            scores={policy: float(r.scores[i]) for policy, r in results.items()},
            coverage={policy: int(r.coverage[i]) for policy, r in results.items()}))
    return rows
