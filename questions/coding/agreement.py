"""Agreement between two raw codings: exact-agreement share and Krippendorff's alpha.

Standalone (PyYAML and the standard library only), for the reconciliation memo; the app computes
its own figure from the set file's `codings:` section. Every cell (statement x actor) is one
unit with one value per coder. The categories are the values -2..2 and "no stated position"
(null). The difference between two values is Krippendorff's ordinal difference over the values'
own marginal frequencies, divided by the largest such difference in the data so that it lies in
0..1; "no stated position" is at the maximal difference 1 from every value and 0 from itself.

Usage:
  python questions/coding/agreement.py [CODING_A.yaml CODING_B.yaml]   raw codings (default:
      coding-a.yaml and coding-b.yaml beside this script)
  python questions/coding/agreement.py --set questions/trygghet-v2.yaml   the set's `codings:`
  python questions/coding/agreement.py --selftest   Krippendorff (2011) worked example
"""

import sys
from collections import Counter
from itertools import permutations
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
NONE = "null"  # the "no stated position" category


def raw_values(path: Path) -> dict[tuple[str, str], object]:
    """Return (statement, actor) -> value (int) or NONE from a raw coding file."""
    coding = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {(st, party): NONE if cell is None or cell.get("value") is None else cell["value"]
            for st, cells in coding.items() for party, cell in cells.items()}


def set_values(path: Path) -> dict[str, dict[tuple[str, str], object]]:
    """Return coder label -> (statement, actor) -> value or NONE from a set's `codings:`."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {c["coder"]: {(st, party): NONE if v is None else v
                         for st, row in c["values"].items() for party, v in row.items()}
            for c in doc["codings"]}


def ordinal_differences(totals: Counter, metric: str) -> dict[tuple, float]:
    """Return the squared difference for every pair of categories present in `totals`."""
    values = sorted(c for c in totals if c != NONE)
    delta = {}
    for i, c in enumerate(values):
        for j, k in enumerate(values):
            if metric == "nominal":
                delta[c, k] = float(c != k)
                continue
            lo, hi = min(i, j), max(i, j)
            between = sum(totals[values[g]] for g in range(lo, hi + 1))
            delta[c, k] = 0.0 if c == k else (between - (totals[c] + totals[k]) / 2) ** 2
    largest = max(delta.values(), default=0.0)
    if NONE in totals and largest > 0:
        delta = {pair: d / largest for pair, d in delta.items()}
    for c in totals:
        delta[c, NONE] = delta[NONE, c] = 0.0 if c == NONE else 1.0
    return delta


def alpha(units: list[list[object]], metric: str = "ordinal") -> float:
    """Return Krippendorff's alpha of units, each the coders' values (None = not coded)."""
    coincidences: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) < 2:
            continue
        for a, b in permutations(range(len(values)), 2):
            coincidences[values[a], values[b]] += 1 / (len(values) - 1)
    totals: Counter = Counter()
    for (c, _), n in coincidences.items():
        totals[c] += n
    n = sum(totals.values())
    delta = ordinal_differences(totals, metric)
    observed = sum(o * delta[pair] for pair, o in coincidences.items())
    expected = sum(totals[c] * totals[k] * delta[c, k] for c in totals for k in totals)
    return float("nan") if expected == 0 else 1 - (n - 1) * observed / expected


def report(labels: list[str], codings: list[dict]) -> None:
    """Print the figures and every cell the codings disagree on."""
    cells = list(codings[0])
    units = [[coding[cell] for coding in codings] for cell in cells]
    agree = sum(len(set(map(str, unit))) == 1 for unit in units)
    print(f"coders: {', '.join(labels)}; cells: {len(cells)}")
    print(f"exact agreement: {agree}/{len(cells)} = {agree / len(cells):.4f}")
    print(f"Krippendorff's alpha (ordinal, null at distance 1): {alpha(units):.4f}")
    print(f"Krippendorff's alpha (nominal, for comparison):      {alpha(units, 'nominal'):.4f}")
    stated = [sum(coding[cell] != NONE for cell in cells) for coding in codings]
    pairs = zip(labels, stated, strict=True)
    print("stated positions: " + ", ".join(f"{label} {n}" for label, n in pairs))
    print(f"disagreements: {len(cells) - agree}")
    for cell, unit in zip(cells, units, strict=True):
        if len(set(map(str, unit))) > 1:
            print(f"  {cell[0]:32} {cell[1]:16} " + "  ".join(f"{v!s:>4}" for v in unit))


def selftest() -> None:
    """Check against Krippendorff (2011), 'Computing Krippendorff's Alpha-Reliability', C."""
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    units = [list(u) for u in zip(*data, strict=True)]
    nominal, ordinal = round(alpha(units, "nominal"), 3), round(alpha(units, "ordinal"), 3)
    print(f"nominal {nominal} (published 0.743), ordinal {ordinal} (published 0.815)")
    assert (nominal, ordinal) == (0.743, 0.815)


def main(argv: list[str]) -> None:
    """Dispatch on the command line (see the module docstring)."""
    if argv[:1] == ["--selftest"]:
        selftest()
    elif argv[:1] == ["--set"]:
        by_coder = set_values(Path(argv[1]))
        report(list(by_coder), list(by_coder.values()))
    else:
        paths = [Path(p) for p in argv] or [HERE / "coding-a.yaml", HERE / "coding-b.yaml"]
        report([p.stem for p in paths], [raw_values(p) for p in paths])


if __name__ == "__main__":
    main(sys.argv[1:])
