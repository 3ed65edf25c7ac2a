"""Check that every quote of a coding occurs verbatim in the named party's own source.

Usage: python questions/coding/check_quotes.py FILE.yaml [FILE.yaml ...]
A FILE is either a raw coding (statement key -> party key -> null or
{value, quote, source, evidence, rationale}) or a question-set file (its `statements[].positions`
are checked). Also checks the evidence kinds, ±2 only with `proposal`/`questionnaire`, and that
no quote backs two positions.
"""

import sys
from collections import Counter
from pathlib import Path

import yaml

from compass.questionsets import parse_file, quote_in_text

SET_FILE = Path(__file__).resolve().parent.parent / "archive" / "trygghet-v1.yaml"
EVIDENCE = {"proposal", "goal", "description", "questionnaire"}


def cells_of(doc: dict) -> dict[str, dict]:
    """Return statement key -> party key -> cell, from a raw coding or a set document."""
    if "statements" in doc:
        return {st["key"]: st["positions"] for st in doc["statements"]}
    return doc


def check(path: str) -> int:
    """Print one line per problem of one file; return the number of problems."""
    qset = parse_file(str(SET_FILE))  # the five sources and the parties' own sources
    texts = {s.key: s.text for s in qset.sources}
    own = {p.key: set(p.sources) for p in qset.parties}
    coding = cells_of(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    problems, quotes = [], Counter()
    for st_key, cells in coding.items():
        for party, cell in cells.items():
            if cell is None or cell.get("value") is None:
                continue
            where = f"{st_key}/{party}"
            quotes[" ".join(cell["quote"].split())] += 1
            if cell["source"] not in own[party]:
                problems.append(f"{where}: source {cell['source']} is not the party's own")
            elif not quote_in_text(cell["quote"], texts[cell["source"]]):
                problems.append(f"{where}: quote not found in {cell['source']}")
            if cell.get("evidence") not in EVIDENCE:
                problems.append(f"{where}: evidence {cell.get('evidence')!r}")
            strong_allowed = cell.get("evidence") in ("proposal", "questionnaire")
            if abs(cell["value"]) == 2 and not strong_allowed:
                problems.append(f"{where}: ±2 with evidence {cell.get('evidence')}")
    problems += [f"quote used {n} times: {q[:60]}" for q, n in quotes.items() if n > 1]
    for line in problems:
        print(f"{path}: {line}")
    print(f"{path}: {sum(quotes.values())} quotes checked, {len(problems)} problems")
    return len(problems)


if __name__ == "__main__":
    sys.exit(1 if sum(check(path) for path in sys.argv[1:]) else 0)
