"""The rules that span a whole question set: keys, references, quotes, scale and texts."""

from __future__ import annotations

import re
from collections.abc import Callable

from .definitions import (
    COLOUR_RE,
    MAX_STATEMENT_CHARS,
    MIN_CONTRAST,
    PartyDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    contrast_with_white,
    is_web_url,
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
    for i, source in enumerate(qs.sources):
        if source.url is not None and not is_web_url(source.url):
            add(f"sources[{i}].url", f"'{source.url[:80]}' must be a web address starting "
                                     "with https:// or http://")
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
