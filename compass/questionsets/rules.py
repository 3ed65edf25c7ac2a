"""The rules that span a whole question set: keys, references, quotes, scale and texts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import limits
from .definitions import (
    COLOUR_RE,
    STRONG_EVIDENCE,
    CodingDef,
    PartyDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    is_web_url,
    quote_in_text,
    scale_values,
)


def validate(qs: QuestionSetDef, filename: str = "<draft>",
             lines: dict[str, int] | None = None) -> list[Problem]:
    """Check the rules that span the whole set (keys, references, quotes, scale, texts)."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(path: str, code: str, **params: Any) -> None:
        problems.append(Problem.of(filename, _line_of(lines, path), path, code, **params))

    _unique_keys(add, "sources", [s.key for s in qs.sources])
    _unique_keys(add, "parties", [p.key for p in qs.parties])
    _unique_keys(add, "statements", [s.key for s in qs.statements])
    if problems:
        # With ambiguous keys every reference check below would only add noise.
        return problems
    if not qs.parties:
        add("parties", "no_parties")
    if not qs.statements:
        add("statements", "no_statements")
    source_keys = {s.key for s in qs.sources}
    for i, source in enumerate(qs.sources):
        if source.url is not None and not is_web_url(source.url):
            add(f"sources[{i}].url", "not_web_url", url=source.url[:80])
    party_by_key = {p.key: p for p in qs.parties}
    for i, party in enumerate(qs.parties):
        path = f"parties[{i}]"
        _lengths(add, path, party, limits.PARTY_FIELDS)
        if party.colour and not COLOUR_RE.match(party.colour):
            add(f"{path}.colour", "bad_colour", colour=party.colour)
        for j, key in enumerate(party.sources):
            if key not in source_keys:
                add(f"{path}.sources[{j}]", "unknown_source", key=key)
    allowed = scale_values(qs.levels or 5)
    _lengths(add, "", qs, limits.SET_FIELDS)
    for i, source in enumerate(qs.sources):
        _lengths(add, f"sources[{i}]", source, limits.SOURCE_FIELDS)
    for i, st in enumerate(qs.statements):
        path = f"statements[{i}]"
        _lengths(add, path, st, limits.STATEMENT_FIELDS)
        for name, party_key, _reason in st.accepted_lints:
            if party_key is not None and party_key not in party_by_key:
                add(f"{path}.accepted_lints.{name}.{party_key}", "unknown_party", key=party_key)
        for party_key in st.positions:
            if party_key not in party_by_key:
                add(f"{path}.positions.{party_key}", "unknown_party", key=party_key)
        for party in qs.parties:
            ppath = f"{path}.positions.{party.key}"
            if not party.key:
                continue  # the party's key is itself a problem, reported where it is
            if party.key not in st.positions:
                add(f"{path}.positions", "no_entry", party=party.key)
                continue
            _check_position(add, ppath, st.positions[party.key], party, qs, allowed)
    coders: set[str] = set()
    for i, coding in enumerate(qs.codings):
        if coding.coder in coders:
            add(f"codings[{i}].coder", "duplicate_coder", coder=coding.coder)
        coders.add(coding.coder)
        _check_coding(add, f"codings[{i}].values", coding, qs, allowed)
    return problems


def _check_coding(add: Callable[..., None], path: str, coding: CodingDef,
                  qs: QuestionSetDef, allowed: range) -> None:
    # A coding covers every cell: a gap would silently shrink the agreement's base.
    statement_keys = [s.key for s in qs.statements]
    party_keys = [p.key for p in qs.parties]
    for key in coding.values:
        if key not in statement_keys:
            add(f"{path}.{key}", "unknown_statement", key=key)
    for st_key in statement_keys:
        row = coding.values.get(st_key)
        if row is None:
            add(path, "coding_no_statement", key=st_key)
            continue
        for party_key in row:
            if party_key not in party_keys:
                add(f"{path}.{st_key}.{party_key}", "unknown_party", key=party_key)
        for party_key in party_keys:
            if party_key not in row:
                add(f"{path}.{st_key}", "coding_no_party", party=party_key)
            elif row[party_key] is not None and row[party_key] not in allowed:
                add(f"{path}.{st_key}.{party_key}", "off_scale", value=row[party_key],
                    levels=qs.levels, low=allowed[0], high=allowed[-1])


def _check_position(add: Callable[..., None], path: str, pos: PositionDef,
                    party: PartyDef, qs: QuestionSetDef, allowed: range) -> None:
    for sub, code, params in position_problems(pos):
        add(f"{path}.{sub}", code, **params)
    if pos.value is None:
        if pos.quote or pos.source:
            add(path, "quote_without_value")
        return
    if pos.value not in allowed:
        add(f"{path}.value", "off_scale", value=pos.value, levels=qs.levels, low=allowed[0],
            high=allowed[-1])
    questionnaire = pos.evidence == "questionnaire"
    if not pos.quote and not questionnaire:
        add(f"{path}.quote", "quote_missing")
    if not pos.source:
        add(f"{path}.source", "source_missing")
        return
    source = qs.source(pos.source)
    if source is None:
        add(f"{path}.source", "unknown_source", key=pos.source)
    elif pos.source not in party.sources and not questionnaire:
        # A questionnaire round is the newsroom's document, answered by every party.
        add(f"{path}.source", "foreign_source", source=pos.source, party=party.key)
    elif pos.quote and source.text and not quote_in_text(pos.quote, source.text):
        add(path, "quote_not_found", source=pos.source)


def _lengths(add: Callable[..., None], path: str, item: Any, fields: dict[str, int]) -> None:
    for name, limit in fields.items():
        value = getattr(item, name, None)
        if isinstance(value, str) and len(value) > limit:
            field = f"en.{name[:-3]}" if name.endswith("_en") else name
            add(f"{path}.{field}" if path else field, "too_long", length=len(value), limit=limit)


def evidence_warnings(qs: QuestionSetDef, filename: str = "<draft>",
                      lines: dict[str, int] | None = None) -> list[Problem]:
    """Warn about every stated position without an evidence kind (an error under --strict)."""
    lines = lines or {}
    return [Problem.of(filename, _line_of(lines, path), path, "no_evidence")
            for i, st in enumerate(qs.statements)
            for party, pos in st.positions.items()
            if pos.value is not None and not pos.evidence
            for path in [f"statements[{i}].positions.{party}"]]


def position_problems(pos: PositionDef) -> list[tuple[str, str, dict[str, Any]]]:
    """Check a position's evidence kind and party review on their own.

    Returns (field path below the position, message code, its values) triples; the editor and
    the CSV import use it to refuse a cell before it is stored.
    """
    found: list[tuple[str, str, dict[str, Any]]] = []
    if pos.value is None and pos.evidence:
        found.append(("evidence", "evidence_without_value", {}))
    for name in ("justification", "answered"):
        if getattr(pos, name) and pos.evidence != "questionnaire":
            found.append((name, "questionnaire_only", {"field": name}))
    if (pos.value is not None and abs(pos.value) == 2 and pos.evidence
            and pos.evidence not in STRONG_EVIDENCE):
        found.append(("value", "strong_needs_proposal", {
            "value": f"{pos.value:+d}", "evidence": pos.evidence,
            "weaker": f"{pos.value // 2:+d}"}))
    review = pos.party_review
    if review is None:
        return found
    if review.status in ("objected", "resolved") and not review.comment:
        found.append(("party_review.comment", "review_needs_comment", {"status": review.status}))
    if review.status == "resolved" and not review.answer:
        found.append(("party_review.answer", "review_needs_answer", {}))
    if review.answer and review.status != "resolved":
        found.append(("party_review.answer", "review_answer_only_resolved", {}))
    if review.counter_quote and review.status not in ("objected", "resolved"):
        found.append(("party_review.counter_quote", "review_counter_only_objection", {}))
    if review.comment and review.status in ("not_asked", "pending"):
        found.append(("party_review.comment", "review_comment_unexpected",
                      {"status": review.status}))
    return found


def _unique_keys(add: Callable[..., None], path: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key and key in seen:
            add(f"{path}[{i}].key", "duplicate_key", key=key)
        seen.add(key)


def _line_of(lines: dict[str, int], path: str) -> int:
    # Fall back to the nearest enclosing path with a known line: a.b[2].c -> a.b[2] -> a.b -> a.
    while path:
        if path in lines:
            return lines[path]
        path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
    return 1
