"""Coding lints: signs of a weak statement or a shaky code in a *valid* question set.

They are warnings (the admin's problem list shows them beside the validator's problems;
publishing is not blocked); `valkompass validate --strict` makes them errors. Pure: standard
library only. Each lint returns `Problem`s located like the validator's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import limits
from .definitions import Problem, QuestionSetDef, normalise_whitespace
from .rules import _line_of, evidence_warnings

NEGATIONS = ("inte", "utan", "ej")
PROPOSAL_MARKERS = ("vill", "ska", "skall", "bör")  # "skall" is the older spelling of "ska"
MAX_LIX = 40
_LIST_ITEM = re.compile(r"^\s*(?:[•\-*–·]|\d+[.)])\s*")
# A heading that introduces a list of proposals: "Centerpartiet vill:", "Förslag på lokal nivå:".
_VILL_HEADING = re.compile(r"\b(?:vill|förslag\w*)\b[^\n]*:\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:]+")


def _words(text: str, words: tuple[str, ...]) -> list[str]:
    """Return which of `words` occur in `text` as whole words (any case)."""
    found = {w.lower() for w in _WORD.findall(text)}
    return [w for w in words if w in found]


def lix(text: str) -> float:
    """Return the LIX readability of a Swedish text: words/sentences + 100·long words/words.

    Long words have more than six letters; a text without a full stop counts as one sentence.

    >>> round(lix("Kommunen ska ha fler vakter på gatorna."), 1)
    35.6
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def _quote_line(quote: str, lines: list[str]) -> int | None:
    """Return the index of the line the quote is on (or starts on), or None."""
    needle = normalise_whitespace(quote)
    flat = [normalise_whitespace(line) for line in lines]
    whole = next((i for i, line in enumerate(flat) if needle and needle in line), None)
    if whole is not None:
        return whole
    head = needle[:40]
    return next((i for i, line in enumerate(flat) if head and head in line), None)


def _under_vill_list(quote: str, text: str) -> bool:
    """Whether the quote is a list item under a heading like "Centerpartiet vill:"."""
    lines = text.splitlines()
    i = _quote_line(quote, lines)
    if i is None or not _LIST_ITEM.match(lines[i]):
        return False
    for above in reversed(lines[:i]):
        if not above.strip() or _LIST_ITEM.match(above):
            continue
        return bool(_VILL_HEADING.search(above))
    return False


def lint(qs: QuestionSetDef, filename: str = "<draft>",
         lines: dict[str, int] | None = None) -> list[Problem]:
    """Return every coding lint of a valid set (an empty list when it reads well)."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(path: str, code: str, **params) -> None:
        problems.append(Problem.of(filename, _line_of(lines, path), path, code, **params))

    for check in (_negations, _shared_quotes, _strong_without_marker, _strength_only,
                  _easy_read_lix, _everyone_agrees, _long_statements, _similar_colours):
        check(qs, add)
    if any(pos.evidence for st in qs.statements for pos in st.positions.values()):
        # A set that classifies its evidence should classify all of it (older sets do not).
        problems.extend(evidence_warnings(qs, filename, lines))
    return sorted((p for p in problems if not _accepted(qs, p)), key=lambda p: (p.line, p.path))


# Each lint's name, as `accepted_lints` in a statement names it (see questions/README.md).
LINTS = {"lint_negation": "negation", "lint_shared_quote": "shared-quote",
         "lint_no_marker": "proposal-marker", "lint_strength_only": "strength-only",
         "lint_lix": "easy-read-lix", "lint_all_agree": "all-agree",
         "lint_long_statement": "long-statement", "no_evidence": "no-evidence"}
_AT = re.compile(r"^statements\[(\d+)\](?:\.positions\.([^.]+))?")


def _accepted(qs: QuestionSetDef, problem: Problem) -> bool:
    """Whether the editors accepted this lint on its statement (with a reason in the file)."""
    found = _AT.match(problem.path)
    if not found or int(found[1]) >= len(qs.statements):
        return False
    return qs.statements[int(found[1])].accepts(LINTS.get(problem.code, ""), found[2])


# Colours closer than this in CIELAB (ΔE*ab, CIE 1976) are hard to tell apart side by side.
SIMILAR_COLOURS = 12.0
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB ``#rrggbb`` colour."""
    linear = []
    for i in (1, 3, 5):
        c = int(colour[i:i + 2], 16) / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = linear
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
           0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def colour_distance(a: str, b: str) -> float:
    """Return ΔE*ab between two ``#rrggbb`` colours (0 = identical, ~2.3 = just noticeable).

    >>> round(colour_distance("#000000", "#ffffff"))
    100
    """
    return sum((x - y) ** 2 for x, y in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def _similar_colours(qs: QuestionSetDef, add: Add) -> None:
    valid = [(i, p) for i, p in enumerate(qs.parties) if _HEX.fullmatch(p.colour)]
    for n, (i, party) in enumerate(valid):
        for _j, other in valid[:n]:
            distance = colour_distance(party.colour, other.colour)
            if distance < SIMILAR_COLOURS:
                add(f"parties[{i}].colour", "lint_similar_colours", party=other.short_name,
                    distance=round(distance, 1))


def _long_statements(qs: QuestionSetDef, add: Add) -> None:
    for i, st in enumerate(qs.statements):
        for field, text in (("text", st.text), ("en.text", st.text_en)):
            if text and len(text) > limits.READABLE_STATEMENT:
                add(f"statements[{i}].{field}", "lint_long_statement", length=len(text),
                    limit=limits.READABLE_STATEMENT)


Add = Callable[..., None]


def _negations(qs: QuestionSetDef, add: Add) -> None:
    for i, st in enumerate(qs.statements):
        found = _words(st.text, NEGATIONS)
        if found:
            add(f"statements[{i}].text", "lint_negation", word=found[0])


def _shared_quotes(qs: QuestionSetDef, add: Add) -> None:
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for i, st in enumerate(qs.statements):
        for party, pos in st.positions.items():
            if pos.value is None or not pos.quote:
                continue
            key = (pos.source or "", normalise_whitespace(pos.quote))
            if key in first:
                other_st, other_party = first[key]
                add(f"statements[{i}].positions.{party}", "lint_shared_quote",
                    party=other_party, statement=other_st)
            else:
                first[key] = (st.key, party)


def _strong_without_marker(qs: QuestionSetDef, add: Add) -> None:
    strongest = max(qs.levels // 2, 1)
    for i, st in enumerate(qs.statements):
        for party, pos in st.positions.items():
            if pos.value is None or abs(pos.value) != strongest or not pos.quote:
                continue
            if _words(pos.quote, PROPOSAL_MARKERS):
                continue
            source = qs.source(pos.source) if pos.source else None
            if source is not None and _under_vill_list(pos.quote, source.text):
                continue
            add(f"statements[{i}].positions.{party}", "lint_no_marker",
                value=f"{pos.value:+d}")


def _stated(st) -> list[int]:
    return [p.value for p in st.positions.values() if p.value is not None]


def _strength_only(qs: QuestionSetDef, add: Add) -> None:
    for i, st in enumerate(qs.statements):
        values = _stated(st)
        same_sign = all(v > 0 for v in values) or all(v < 0 for v in values)
        if len(values) >= 2 and same_sign and len(set(values)) > 1:
            add(f"statements[{i}]", "lint_strength_only")


def _easy_read_lix(qs: QuestionSetDef, add: Add) -> None:
    for i, st in enumerate(qs.statements):
        score = lix(st.easy_read)
        if score > MAX_LIX:
            add(f"statements[{i}].easy_read", "lint_lix", score=round(score), limit=MAX_LIX)


def _everyone_agrees(qs: QuestionSetDef, add: Add) -> None:
    for i, st in enumerate(qs.statements):
        values = _stated(st)
        if len(values) >= 2 and len(set(values)) == 1:
            add(f"statements[{i}]", "lint_all_agree", value=f"{values[0]:+d}")
