"""The rules that span a whole question set: keys, references, quotes, scale and texts."""

from __future__ import annotations

import re
from collections.abc import Callable

from .definitions import (
    COLOUR_RE,
    MAX_STATEMENT_CHARS,
    MIN_CONTRAST,
    STRONG_EVIDENCE,
    PartyDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    contrast_with_white,
    quote_in_text,
    scale_values,
)


def validate(qs: QuestionSetDef, filename: str = "<draft>",
             lines: dict[str, int] | None = None) -> list[Problem]:
    """Check the rules that span the whole set (keys, references, quotes, scale, texts)."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(filename, _line_of(lines, path), path, message))

    _unique_keys(add, "sources", [s.key for s in qs.sources])
    _unique_keys(add, "parties", [p.key for p in qs.parties])
    _unique_keys(add, "statements", [s.key for s in qs.statements])
    if problems:
        # With ambiguous keys every reference check below would only add noise.
        return problems
    if not qs.parties:
        add("parties", "a question set needs at least one party")
    if not qs.statements:
        add("statements", "a question set needs at least one statement")
    source_keys = {s.key for s in qs.sources}
    party_by_key = {p.key: p for p in qs.parties}
    for i, party in enumerate(qs.parties):
        path = f"parties[{i}]"
        if not COLOUR_RE.match(party.colour):
            add(f"{path}.colour", f"'{party.colour}' must be a colour written #rrggbb")
        elif (ratio := contrast_with_white(party.colour)) < MIN_CONTRAST:
            add(f"{path}.colour", f"'{party.colour}' has contrast {ratio:.2f}:1 against white; "
                                  f"at least {MIN_CONTRAST}:1 is needed")
        for j, key in enumerate(party.sources):
            if key not in source_keys:
                add(f"{path}.sources[{j}]", f"unknown source '{key}'")
    allowed = scale_values(qs.levels)
    for i, st in enumerate(qs.statements):
        path = f"statements[{i}]"
        if len(st.text) > MAX_STATEMENT_CHARS:
            add(f"{path}.text", f"{len(st.text)} characters; at most {MAX_STATEMENT_CHARS}")
        if st.text_en and len(st.text_en) > MAX_STATEMENT_CHARS:
            add(f"{path}.en.text", f"{len(st.text_en)} characters; at most {MAX_STATEMENT_CHARS}")
        for party_key in st.positions:
            if party_key not in party_by_key:
                add(f"{path}.positions.{party_key}", f"unknown party '{party_key}'")
        for party in qs.parties:
            ppath = f"{path}.positions.{party.key}"
            if party.key not in st.positions:
                add(f"{path}.positions", f"no entry for party '{party.key}' "
                                         "(write null for no stated position)")
                continue
            _check_position(add, ppath, st.positions[party.key], party, qs, allowed)
    return problems


def _check_position(add: Callable[[str, str], None], path: str, pos: PositionDef,
                    party: PartyDef, qs: QuestionSetDef, allowed: range) -> None:
    for sub, message in position_problems(pos):
        add(f"{path}.{sub}", message)
    if pos.value is None:
        if pos.quote or pos.source:
            add(path, "a quote or source without a value; give the value or drop the quote")
        return
    if pos.value not in allowed:
        add(f"{path}.value", f"{pos.value} is off the {qs.levels}-level scale "
                             f"({allowed[0]} to {allowed[-1]})")
    if not pos.quote:
        add(f"{path}.quote", "a stated position needs a verbatim quote")
    if not pos.source:
        add(f"{path}.source", "a stated position needs the key of its source document")
        return
    source = qs.source(pos.source)
    if source is None:
        add(f"{path}.source", f"unknown source '{pos.source}'")
    elif pos.source not in party.sources:
        add(f"{path}.source", f"source '{pos.source}' is not among the sources of party "
                              f"'{party.key}'; quote the party's own text")
    elif pos.quote and not quote_in_text(pos.quote, source.text):
        add(path, f"quote not found in source '{pos.source}'")


def evidence_warnings(qs: QuestionSetDef, filename: str = "<draft>",
                      lines: dict[str, int] | None = None) -> list[Problem]:
    """Warn about every stated position without an evidence kind (an error under --strict)."""
    lines = lines or {}
    return [Problem(filename, _line_of(lines, path), path, "no evidence kind")
            for i, st in enumerate(qs.statements)
            for party, pos in st.positions.items()
            if pos.value is not None and not pos.evidence
            for path in [f"statements[{i}].positions.{party}"]]


def position_problems(pos: PositionDef) -> list[tuple[str, str]]:
    """Check a position's evidence kind and party review on their own.

    Returns (field path below the position, message) pairs; the editor and the CSV import
    use it to refuse a cell before it is stored.
    """
    found: list[tuple[str, str]] = []
    if pos.value is None and pos.evidence:
        found.append(("evidence", "an evidence kind without a value; give the value or drop "
                                  "the evidence kind"))
    if (pos.value is not None and abs(pos.value) == 2 and pos.evidence
            and pos.evidence not in STRONG_EVIDENCE):
        found.append(("value", f"{pos.value:+d} needs evidence 'proposal' or 'questionnaire' "
                               f"(this is '{pos.evidence}'); code it as {pos.value // 2:+d} or "
                               "quote a concrete proposal"))
    review = pos.party_review
    if review is None:
        return found
    if review.status in ("objected", "resolved") and not review.comment:
        found.append(("party_review.comment",
                      f"status '{review.status}' needs the party's comment"))
    if review.status == "resolved" and not review.answer:
        found.append(("party_review.answer", "status 'resolved' needs the editors' public answer"))
    if review.answer and review.status != "resolved":
        found.append(("party_review.answer", "only a resolved review has an answer"))
    if review.counter_quote and review.status not in ("objected", "resolved"):
        found.append(("party_review.counter_quote", "only an objection has a counter-quote"))
    if review.comment and review.status in ("not_asked", "pending"):
        found.append(("party_review.comment",
                      f"status '{review.status}' has no comment from the party"))
    return found


def _unique_keys(add: Callable[[str, str], None], path: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            add(f"{path}[{i}].key", f"duplicate key '{key}'")
        seen.add(key)


def _line_of(lines: dict[str, int], path: str) -> int:
    # Fall back to the nearest enclosing path with a known line: a.b[2].c -> a.b[2] -> a.b -> a.
    while path:
        if path in lines:
            return lines[path]
        path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
    return 1
