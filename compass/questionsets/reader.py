"""Walk a composed YAML document into a `QuestionSetDef`, collecting located problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from . import limits
from .definitions import (
    ACTOR_NOUNS,
    ARCHIVE,
    DEFAULT_ACTORS,
    DIRECTIONS,
    EVIDENCE_KINDS,
    KEY_RE,
    LEVELS,
    MISSING_POLICIES,
    REVIEW_STATUSES,
    SOURCE_ORIGINS,
    STATUSES,
    CodingDef,
    PartyDef,
    PartyReviewDef,
    PositionDef,
    QuestionSetDef,
    SourceDef,
    StatementDef,
    scale_values,
)
from .nodes import NULL_TAG, Reader, describe

_TOP_REQUIRED = ("slug", "version", "status", "title", "description", "municipality", "year",
                 "language", "levels", "missing", "coded_by", "sources", "parties", "statements")
_TOP_OPTIONAL = ("election", "en", "actors", "framing", "codings")
_SOURCE_REQUIRED = ("key", "title", "publisher")
_SOURCE_OPTIONAL = ("year", "url", "file", "text", "origin", "en")
_PARTY_REQUIRED = ("key", "name", "short_name", "colour", "sources")
_STATEMENT_REQUIRED = ("key", "theme", "text", "positions")
# Optional: a set on any topic need not invent a safety-style direction or easy-read text.
_STATEMENT_OPTIONAL = ("direction", "easy_read", "background", "en", "accepted_lints")
# Lints accepted per statement: these take a reason; PARTY_LINTS take party key -> reason.
STATEMENT_LINTS = ("negation", "strength-only", "easy-read-lix", "all-agree", "long-statement")
PARTY_LINTS = ("shared-quote", "proposal-marker", "no-evidence")
_POSITION_OPTIONAL = ("value", "quote", "source", "note", "evidence", "rationale",
                      "party_review", "justification", "answered", "en")
_REVIEW_OPTIONAL = ("comment", "counter_quote", "answer")


def read_set(r: Reader, root: yaml.Node, base_dir: Path | None) -> QuestionSetDef | None:
    top = r.mapping(root, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        return None
    title_en = description_en = framing_en = None
    if "en" in top:
        en = r.mapping(top["en"], "en", (), ("title", "description", "framing"))
        if en is not None:
            title_en = r.text(en, "title", "en", required=False)
            description_en = r.text(en, "description", "en", required=False)
            framing_en = r.text(en, "framing", "en", required=False)
    slug = r.text(top, "slug", "")
    if slug is not None and not KEY_RE.match(slug):
        r.problem(top["slug"], "slug", "bad_key", value=slug, limit=limits.KEY)
    version = r.integer(top, "version", "")
    if version is not None and version < 1:
        r.problem(top["version"], "version", "version_below_one")
    year = r.integer(top, "year", "")
    if year is not None and not 1900 <= year <= 2100:
        r.problem(top["year"], "year", "implausible_year", year=year)
    levels = r.integer(top, "levels", "", allowed=LEVELS)
    values = {
        "slug": slug,
        "version": version,
        "status": r.choice(top, "status", "", STATUSES),
        "title": r.text(top, "title", ""),
        "description": r.text(top, "description", ""),
        "municipality": r.text(top, "municipality", ""),
        "election": r.text(top, "election", "", required=False),
        "year": year,
        "language": r.text(top, "language", ""),
        "levels": levels,
        "missing": r.choice(top, "missing", "", MISSING_POLICIES),
        "coded_by": r.text(top, "coded_by", ""),
        "title_en": title_en,
        "description_en": description_en,
        "actors": (r.choice(top, "actors", "", ACTOR_NOUNS) if "actors" in top
                   else DEFAULT_ACTORS) or DEFAULT_ACTORS,
        "framing": r.text(top, "framing", "", required=False),
        "framing_en": framing_en,
    }
    def items(name: str, read) -> list:
        if name not in top:
            return []
        return [read(node, f"{name}[{i}]") for i, node in enumerate(r.sequence(top[name], name))]

    sources = items("sources", lambda node, path: _read_source(r, node, path, base_dir))
    parties = items("parties", lambda node, path: _read_party(r, node, path))
    statements = items("statements", lambda node, path: _read_statement(r, node, path, levels or 5))
    codings = items("codings", lambda node, path: _read_coding(r, node, path))
    # Built even with problems, so the whole-set rules can report theirs in the same pass; a
    # part that could not be read at all is left out.
    return QuestionSetDef(sources=tuple(x for x in sources if x is not None),
                          parties=tuple(x for x in parties if x is not None),
                          statements=tuple(x for x in statements if x is not None),
                          codings=tuple(x for x in codings if x is not None), **values)


def _read_source(r: Reader, node: yaml.Node, path: str, base_dir: Path | None) -> SourceDef | None:
    fields = r.mapping(node, path, _SOURCE_REQUIRED, _SOURCE_OPTIONAL)
    if fields is None:
        return None
    text = None
    if ("file" in fields) == ("text" in fields):
        r.problem(node, path, "file_or_text")
    elif "file" in fields:
        rel = r.text(fields, "file", path)
        if rel is not None:
            text = _read_source_file(r, fields["file"], f"{path}.file", rel, base_dir)
    else:
        text = r.text(fields, "text", path)
    year = r.integer(fields, "year", path)
    en = _english(r, fields, path, ("title",))
    return SourceDef(key=r.key(fields, path) or "", title=r.text(fields, "title", path) or "",
                     publisher=r.text(fields, "publisher", path) or "", text=text or "",
                     year=year, url=r.text(fields, "url", path, required=False),
                     origin=r.choice(fields, "origin", path, SOURCE_ORIGINS)
                     if "origin" in fields else None,
                     title_en=en.get("title"))


def _source_root(base: Path) -> Path:
    """Return the folder a set file in `base` may read source files from.

    A set in an ``archive/`` folder (an older version kept for old links) shares the
    ``sources/`` of the folder above it, so moving a file there changes no source text.
    """
    return base.parent if base.name == ARCHIVE else base


def _english(r: Reader, fields: dict, path: str, names: tuple[str, ...]) -> dict[str, str | None]:
    """Read an optional `en:` mapping with the given optional text fields."""
    if "en" not in fields:
        return {}
    en_fields = r.mapping(fields["en"], f"{path}.en", (), names)
    if en_fields is None:
        return {}
    return {name: r.text(en_fields, name, f"{path}.en", required=False) for name in names}


def _read_source_file(r: Reader, node: yaml.Node, path: str, rel: str,
                      base_dir: Path | None) -> str | None:
    if base_dir is None:
        r.problem(node, path, "file_not_here")
        return None
    base = base_dir.resolve()
    target = (base / rel).resolve()
    root = _source_root(base)
    if root not in target.parents:
        r.problem(node, path, "file_outside", name=rel)
        return None
    try:
        content = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        r.problem(node, path, "file_not_found", name=rel)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        r.problem(node, path, "file_unreadable", name=rel, error=str(exc))
        return None
    if not content.strip():
        r.problem(node, path, "file_empty", name=rel)
        return None
    return content


def _read_party(r: Reader, node: yaml.Node, path: str) -> PartyDef | None:
    fields = r.mapping(node, path, _PARTY_REQUIRED, ("en",))
    if fields is None:
        return None
    sources: list[str] = []
    if "sources" in fields:
        for i, item in enumerate(r.sequence(fields["sources"], f"{path}.sources")):
            ok, value = r.scalar(item, f"{path}.sources[{i}]")
            if ok and isinstance(value, str):
                sources.append(value)
            elif ok:
                r.problem(item, f"{path}.sources[{i}]", "not_source_key")
    en = _english(r, fields, path, ("name", "short_name"))
    return PartyDef(key=r.key(fields, path) or "", name=r.text(fields, "name", path) or "",
                    short_name=r.text(fields, "short_name", path) or "",
                    colour=r.text(fields, "colour", path) or "", sources=tuple(sources),
                    name_en=en.get("name"), short_name_en=en.get("short_name"))


def _read_statement(r: Reader, node: yaml.Node, path: str, levels: int) -> StatementDef | None:
    fields = r.mapping(node, path, _STATEMENT_REQUIRED, _STATEMENT_OPTIONAL)
    if fields is None:
        return None
    en = _english(r, fields, path, ("text", "easy_read", "background", "theme"))
    positions: dict[str, PositionDef] = {}
    if "positions" in fields:
        pnode = fields["positions"]
        if not isinstance(pnode, yaml.MappingNode):
            r.problem(pnode, f"{path}.positions", "positions_not_mapping")
        else:
            for key_node, value_node in pnode.value:
                party = str(key_node.value)
                sub = f"{path}.positions.{party}"
                r.lines[sub] = value_node.start_mark.line + 1
                if party in positions:
                    r.problem(key_node, sub, "duplicate_key", key=party)
                    continue
                # An unreadable position still counts as the party's entry (its problem is
                # reported): no second "no entry for party" problem.
                positions[party] = _read_position(r, value_node, sub, levels) or PositionDef()
    return StatementDef(
        key=r.key(fields, path) or "", theme=r.text(fields, "theme", path) or "",
        direction=r.choice(fields, "direction", path, DIRECTIONS) if "direction" in fields
        else None,
        text=r.text(fields, "text", path) or "",
        easy_read=r.text(fields, "easy_read", path, required=False) or "",
        background=r.text(fields, "background", path, required=False) or "", positions=positions,
        text_en=en.get("text"), easy_read_en=en.get("easy_read"),
        background_en=en.get("background"), theme_en=en.get("theme"),
        accepted_lints=_read_accepted(r, fields.get("accepted_lints"),
                                      f"{path}.accepted_lints"))


def _read_accepted(r: Reader, node: yaml.Node | None, path: str
                   ) -> tuple[tuple[str, str | None, str], ...]:
    """Read `accepted_lints`: lint name -> reason, or (per-party lints) party key -> reason."""
    if node is None:
        return ()
    found: list[tuple[str, str | None, str]] = []
    fields = r.mapping(node, path, (), STATEMENT_LINTS + PARTY_LINTS)
    for name, value in (fields or {}).items():
        if name in PARTY_LINTS:
            for party, reason, _sub in _keyed(r, value, f"{path}.{name}"):
                text = r.text({party: reason}, party, f"{path}.{name}")
                if text:
                    found.append((name, party, text))
        else:
            text = r.text(fields, name, path)
            if text:
                found.append((name, None, text))
    return tuple(found)


def _read_position(r: Reader, node: yaml.Node, path: str, levels: int) -> PositionDef | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
        if node.value == "":
            r.problem(node, path, "blank_position")
            return None
        return PositionDef()
    if isinstance(node, yaml.ScalarNode):
        r.problem(node, path, "position_shape")
        return None
    fields = r.mapping(node, path, (), _POSITION_OPTIONAL)
    if fields is None:
        return None
    if "value" not in fields:
        r.problem(node, f"{path}.value", "value_missing")
        return None
    vnode = fields["value"]
    value: int | None = None
    if isinstance(vnode, yaml.ScalarNode) and vnode.tag == NULL_TAG and vnode.value == "":
        r.problem(vnode, f"{path}.value", "blank_value")
        return None
    ok, raw = r.scalar(vnode, f"{path}.value")
    if not ok:
        return None
    allowed = scale_values(levels)
    if raw is not None:
        if isinstance(raw, bool) or not isinstance(raw, int):
            r.problem(vnode, f"{path}.value", "value_not_integer", low=allowed[0],
                      high=allowed[-1], what=describe(raw))
            return None
        if raw not in allowed:
            r.problem(vnode, f"{path}.value", "off_scale", value=raw, levels=levels,
                      low=allowed[0], high=allowed[-1])
            return None
        value = raw
    review = _read_review(r, fields["party_review"], f"{path}.party_review") \
        if "party_review" in fields else None
    evidence = (r.choice(fields, "evidence", path, EVIDENCE_KINDS)
                if _given(fields, "evidence") else None)
    en = _english(r, fields, path, ("note",))
    return PositionDef(value=value, quote=r.text(fields, "quote", path, required=False),
                       source=r.text(fields, "source", path, required=False),
                       note=r.text(fields, "note", path, required=False), evidence=evidence,
                       rationale=r.text(fields, "rationale", path, required=False),
                       party_review=review,
                       justification=r.text(fields, "justification", path, required=False),
                       answered=_read_date(r, fields.get("answered"), f"{path}.answered"),
                       note_en=en.get("note"))


def _read_date(r: Reader, node: yaml.Node | None, path: str) -> str | None:
    """A day, YYYY-MM-DD (YAML reads it as a date; quoted text works too)."""
    if node is None:
        return None
    ok, value = r.scalar(node, path)
    if not ok or value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        r.problem(node, path, "bad_date", value=text)
        return None
    return day.isoformat()


def _given(fields: dict[str, yaml.Node], name: str) -> bool:
    """Whether an optional field is present with a value (``key: null`` counts as absent)."""
    node = fields.get(name)
    return node is not None and not (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG)


def _read_review(r: Reader, node: yaml.Node, path: str) -> PartyReviewDef | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
        return None
    fields = r.mapping(node, path, ("status",), _REVIEW_OPTIONAL)
    if fields is None:
        return None
    status = r.choice(fields, "status", path, REVIEW_STATUSES)
    review = PartyReviewDef(status=status or "not_asked",
                            comment=r.text(fields, "comment", path, required=False),
                            counter_quote=r.text(fields, "counter_quote", path, required=False),
                            answer=r.text(fields, "answer", path, required=False))
    # Never asked, written out or left out, is the same state (and the same content hash).
    return None if review == PartyReviewDef() else review


def _read_coding(r: Reader, node: yaml.Node, path: str) -> CodingDef | None:
    """Read one coding: a coder label and statement key -> party key -> int or null.

    Only the types are checked here; which keys must be there and the scale are rules of the
    whole set (`rules.validate`).
    """
    fields = r.mapping(node, path, ("coder", "values"))
    if fields is None:
        return None
    values = {statement: {party: value for party, value, _ in _keyed(r, row, sub, _coded_value)}
              for statement, row, sub in _keyed(r, fields.get("values"), f"{path}.values")}
    return CodingDef(coder=r.text(fields, "coder", path) or "", values=values)


def _keyed(r: Reader, node: yaml.Node | None, path: str, read=None):
    """Yield (key, value, path) of a mapping's entries; `read` turns a value node into a value
    (None from `read` = a problem was reported, the entry is skipped)."""
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, path, "not_keyed_mapping")
        return
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key, sub = str(key_node.value), f"{path}.{key_node.value}"
        r.lines[sub] = value_node.start_mark.line + 1
        if key in seen:
            r.problem(key_node, sub, "duplicate_key", key=key)
            continue
        seen.add(key)
        found = (True, value_node) if read is None else read(r, value_node, sub)
        if found[0]:
            yield key, found[1], sub


def _coded_value(r: Reader, node: yaml.Node, path: str) -> tuple[bool, int | None]:
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
        if node.value == "":
            r.problem(node, path, "blank_value")
            return False, None
        return True, None
    ok, raw = r.scalar(node, path)
    if ok and (isinstance(raw, bool) or not isinstance(raw, int)):
        r.problem(node, path, "coded_not_integer", what=describe(raw))
        return False, None
    return ok, raw
