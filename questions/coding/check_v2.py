"""Check trygghet-v2.yaml on a branch whose validator does not know the issue-9 keys yet.

1. Validate a copy with the new keys (evidence, rationale, actors, framing, codings) stripped.
2. Check the v2 coding rules: evidence kinds, ±2 only with proposal/questionnaire, no negation
   words in statements, every statement has a stated position; count statements whose stated
   positions all lie on one side.
Usage: python questions/coding/check_v2.py [questions/trygghet-v2.yaml]
"""

import copy
import re
import sys
import tempfile
from pathlib import Path

import yaml

from compass.questionsets import validate_file

NEW_POSITION_KEYS = ("evidence", "rationale", "party_review")
NEW_SET_KEYS = ("actors", "framing", "codings")
EVIDENCE = {"proposal", "goal", "description", "questionnaire"}
NEGATION = re.compile(r"\b(inte|utan|ej)\b", re.IGNORECASE)


def stripped_copy(doc: dict) -> dict:
    """Return the document without the keys this branch's validator does not know."""
    doc = {k: v for k, v in copy.deepcopy(doc).items() if k not in NEW_SET_KEYS}
    doc["en"] = {k: v for k, v in doc.get("en", {}).items() if k != "framing"}
    for st in doc["statements"]:
        for party, pos in st["positions"].items():
            if isinstance(pos, dict):
                st["positions"][party] = {k: v for k, v in pos.items()
                                          if k not in NEW_POSITION_KEYS}
    return doc


def rule_problems(doc: dict) -> tuple[list[str], list[str]]:
    """Return (problems, one-sided statements) under the v2 coding rules."""
    problems, one_sided = [], []
    for st in doc["statements"]:
        for field in ("text", "easy_read"):
            if NEGATION.search(st[field]):
                problems.append(f"{st['key']}: negation word in {field}")
        stated = {p: pos for p, pos in st["positions"].items()
                  if pos is not None and pos.get("value") is not None}
        if not stated:
            problems.append(f"{st['key']}: no stated position")
        for party, pos in stated.items():
            if pos.get("evidence") not in EVIDENCE:
                problems.append(f"{st['key']}/{party}: evidence {pos.get('evidence')!r}")
            elif abs(pos["value"]) == 2 and pos["evidence"] not in ("proposal", "questionnaire"):
                problems.append(f"{st['key']}/{party}: ±2 with evidence {pos['evidence']}")
            if not pos.get("rationale"):
                problems.append(f"{st['key']}/{party}: no rationale")
        values = [pos["value"] for pos in stated.values()]
        if len(values) >= 2 and (all(v > 0 for v in values) or all(v < 0 for v in values)):
            one_sided.append(f"{st['key']}: {values}")
    return problems, one_sided


def main(path: str) -> int:
    """Print the validator's problems, the rule problems and the one-sided statements."""
    source = Path(path).resolve()
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=source.parent,
                                     encoding="utf-8", delete=False) as fh:
        yaml.safe_dump(stripped_copy(doc), fh, allow_unicode=True, sort_keys=False)
    try:
        invalid = [str(p) for p in validate_file(fh.name)]
    finally:
        Path(fh.name).unlink()
    problems, one_sided = rule_problems(doc)
    for line in invalid + problems:
        print(line)
    print(f"{len(doc['statements'])} statements; validator (new keys stripped): "
          f"{len(invalid)} problem(s); v2 rules: {len(problems)} problem(s)")
    print(f"{len(one_sided)} statement(s) with >= 2 stated positions, all on one side:")
    for line in one_sided:
        print("  " + line)
    return len(invalid) + len(problems)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1] if len(sys.argv) > 1 else "questions/trygghet-v2.yaml") else 0)
