"""Print, per actor, the share of 20,000 uniformly random voters who get it as their top match.

Every voter answers every statement uniformly on -2..2; scoring is the app's default
(agreement, `exclude`); a tie splits the voter between the tied actors. Issue 9 measured
41 % for Centerpartiet i Malmö on version 1 this way.
Usage: python questions/coding/top_share.py SET.yaml [SET.yaml ...]
"""

import sys

import numpy as np
import yaml

from compass.scoring import match

VOTERS = 20_000


def position_matrix(path: str) -> tuple[list[str], np.ndarray]:
    """Return the party keys and their (P, S) positions, NaN where nothing is stated."""
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    parties = [p["key"] for p in doc["parties"]]

    def value(cell) -> float:
        return np.nan if cell is None or cell.get("value") is None else cell["value"]

    rows = [[value(st["positions"][p]) for st in doc["statements"]] for p in parties]
    return parties, np.array(rows, dtype=float)


def main(paths: list[str]) -> None:
    """Print the top-match share of every actor for each set file."""
    rng = np.random.default_rng(VOTERS)
    for path in paths:
        parties, positions = position_matrix(path)
        answers = rng.integers(-2, 3, size=(VOTERS, positions.shape[1])).astype(float)
        scores = match(answers, positions, missing="exclude").scores
        best = scores == np.nanmax(scores, axis=1, keepdims=True)
        share = (best / best.sum(axis=1, keepdims=True)).mean(axis=0)
        ties = np.mean(best.sum(axis=1) > 1)
        print(f"{path} ({positions.shape[1]} statements, ties {ties:.1%})")
        for i, party in enumerate(parties):
            stated = int(np.sum(~np.isnan(positions[i])))
            print(f"  {party:16} top {share[i]:6.1%}   stated {stated}")


if __name__ == "__main__":
    main(sys.argv[1:])
