"""Check that every quote in a raw coding file occurs verbatim in the named party's own source.

Usage: python questions/coding/check_quotes.py CODING.yaml
A raw coding file maps statement key -> party key -> null or
{value, quote, source, evidence, rationale}.
"""

import sys
from collections import Counter
from pathlib import Path

import yaml

from compass.questionsets import parse_file
from compass.questionsets.definitions import quote_in_text

SET_FILE = Path(__file__).resolve().parent.parent / "archive" / "trygghet-v1.yaml"
EVIDENCE = {"proposal", "goal", "description", "questionnaire"}


def main(coding_path: str) -> int:
    """Print one line per problem; return the number of problems."""
    qset = parse_file(str(SET_FILE))
    texts = {s.key: s.text for s in qset.sources}
    own = {p.key: set(p.sources) for p in qset.parties}
    coding = yaml.safe_load(Path(coding_path).read_text(encoding="utf-8"))
    problems, quotes = [], Counter()
    for st_key, cells in coding.items():
        for party, cell in cells.items():
            if cell is None:
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
        print(line)
    print(f"{sum(quotes.values())} quotes checked, {len(problems)} problems")
    return len(problems)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
