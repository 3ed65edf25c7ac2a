"""Walk a composed YAML document into a `QuestionSetDef`, collecting located problems."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .definitions import (
    DIRECTIONS,
    KEY_RE,
    LEVELS,
    MISSING_POLICIES,
    STATUSES,
    PartyDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    SourceDef,
    StatementDef,
    scale_values,
)

_NULL_TAG = "tag:yaml.org,2002:null"
_constructor = yaml.constructor.SafeConstructor()


class Reader:
    """Walks a composed YAML node tree, collecting problems with their lines."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def problem(self, node: yaml.Node | None, path: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else self.lines.get(path, 1)
        self.problems.append(Problem(self.filename, line, path, message))

    def mapping(
        self, node: yaml.Node, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, yaml.Node] | None:
        """Return a mapping's key → value nodes, reporting unknown, duplicate and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "must be a mapping")
            return None
        required, optional = tuple(required), tuple(optional)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            sub = f"{path}.{key}" if path else str(key)
            if key in result:
                self.problem(key_node, sub, f"duplicate key '{key}'")
                continue
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.problem(key_node, sub, f"unknown key '{key}' (allowed: {allowed})")
                continue
            result[key] = value_node
            self.lines[sub] = value_node.start_mark.line + 1
        for key in required:
            if key not in result:
                self.problem(node, f"{path}.{key}" if path else key, "required key is missing")
        return result

    def sequence(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        """Return a sequence's item nodes, or report that it is not a list."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, "must be a list")
            return []
        for i, item in enumerate(node.value):
            self.lines[f"{path}[{i}]"] = item.start_mark.line + 1
        return list(node.value)

    def scalar(self, node: yaml.Node, path: str) -> tuple[bool, Any]:
        """Return (ok, value) for a scalar node, typed as YAML resolves it."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, "must be a single value, not a list or mapping")
            return False, None
        return True, _constructor.construct_object(node)

    def text(self, fields: dict[str, yaml.Node], name: str, path: str,
             required: bool = True) -> str | None:
        """Return a non-empty string field (None when optional and absent)."""
        node = fields.get(name)
        sub = f"{path}.{name}" if path else name
        if node is None:
            return None
        ok, value = self.scalar(node, sub)
        if not ok:
            return None
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(node, sub, "must be non-empty text (quote it if YAML reads a number)")
            return None
        return value.strip() if "\n" not in value.strip() else value

    def integer(self, fields: dict[str, yaml.Node], name: str, path: str,
                allowed: Iterable[int] | None = None) -> int | None:
        """Return an integer field, rejecting booleans, floats and text."""
        node = fields.get(name)
        sub = f"{path}.{name}" if path else name
        if node is None:
            return None
        ok, value = self.scalar(node, sub)
        if not ok:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node, sub, f"must be a whole number, not {_describe(value)}")
            return None
        if allowed is not None and value not in allowed:
            self.problem(node, sub, f"{value} is not allowed (allowed: {_list(allowed)})")
            return None
        return value

    def choice(self, fields: dict[str, yaml.Node], name: str, path: str,
               allowed: Iterable[str]) -> str | None:
        """Return a text field restricted to `allowed`."""
        value = self.text(fields, name, path)
        if value is not None and value not in allowed:
            sub = f"{path}.{name}" if path else name
            self.problem(fields[name], sub, f"'{value}' is not allowed (allowed: {_list(allowed)})")
            return None
        return value

    def key(self, fields: dict[str, yaml.Node], path: str) -> str | None:
        """Return a `key` field, checking its spelling."""
        value = self.text(fields, "key", path)
        if value is not None and not KEY_RE.match(value):
            self.problem(fields["key"], f"{path}.key",
                         f"'{value}' must be lower-case letters, digits and hyphens")
            return None
        return value


def _describe(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    return f"{type(value).__name__} {value!r}"


def _list(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


_TOP_REQUIRED = ("slug", "version", "status", "title", "description", "municipality", "year",
                 "language", "levels", "missing", "coded_by", "sources", "parties", "statements")
_TOP_OPTIONAL = ("election", "en")
_SOURCE_REQUIRED = ("key", "title", "publisher")
_SOURCE_OPTIONAL = ("year", "url", "file", "text", "en")
_PARTY_REQUIRED = ("key", "name", "short_name", "colour", "sources")
_STATEMENT_REQUIRED = ("key", "theme", "direction", "text", "easy_read", "background", "positions")
_POSITION_OPTIONAL = ("value", "quote", "source", "note", "en")


def read_set(r: Reader, root: yaml.Node, base_dir: Path | None) -> QuestionSetDef | None:
    top = r.mapping(root, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        return None
    title_en = description_en = None
    if "en" in top:
        en = r.mapping(top["en"], "en", (), ("title", "description"))
        if en is not None:
            title_en = r.text(en, "title", "en", required=False)
            description_en = r.text(en, "description", "en", required=False)
    slug = r.text(top, "slug", "")
    if slug is not None and not KEY_RE.match(slug):
        r.problem(top["slug"], "slug", f"'{slug}' must be lower-case letters, digits and hyphens")
    version = r.integer(top, "version", "")
    if version is not None and version < 1:
        r.problem(top["version"], "version", "must be 1 or more")
    year = r.integer(top, "year", "")
    if year is not None and not 1900 <= year <= 2100:
        r.problem(top["year"], "year", f"{year} is not a plausible election year")
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
    }
    def items(name: str, read) -> list:
        if name not in top:
            return []
        return [read(node, f"{name}[{i}]") for i, node in enumerate(r.sequence(top[name], name))]

    sources = items("sources", lambda node, path: _read_source(r, node, path, base_dir))
    parties = items("parties", lambda node, path: _read_party(r, node, path))
    statements = items("statements", lambda node, path: _read_statement(r, node, path, levels or 5))
    if r.problems:
        return None
    return QuestionSetDef(sources=tuple(sources), parties=tuple(parties),
                          statements=tuple(statements), **values)


def _read_source(r: Reader, node: yaml.Node, path: str, base_dir: Path | None) -> SourceDef | None:
    fields = r.mapping(node, path, _SOURCE_REQUIRED, _SOURCE_OPTIONAL)
    if fields is None:
        return None
    text = None
    if ("file" in fields) == ("text" in fields):
        r.problem(node, path, "give exactly one of 'file' (a path) or 'text' (the document inline)")
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
                     title_en=en.get("title"))


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
        r.problem(node, path, "'file' cannot be used here; give the document as 'text'")
        return None
    base = base_dir.resolve()
    target = (base / rel).resolve()
    if base not in target.parents:
        r.problem(node, path, f"'{rel}' must be a path inside the folder of the set file")
        return None
    try:
        content = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        r.problem(node, path, f"source file '{rel}' not found")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        r.problem(node, path, f"cannot read source file '{rel}': {exc}")
        return None
    if not content.strip():
        r.problem(node, path, f"source file '{rel}' is empty")
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
                r.problem(item, f"{path}.sources[{i}]", "must be a source key")
    en = _english(r, fields, path, ("name", "short_name"))
    return PartyDef(key=r.key(fields, path) or "", name=r.text(fields, "name", path) or "",
                    short_name=r.text(fields, "short_name", path) or "",
                    colour=r.text(fields, "colour", path) or "", sources=tuple(sources),
                    name_en=en.get("name"), short_name_en=en.get("short_name"))


def _read_statement(r: Reader, node: yaml.Node, path: str, levels: int) -> StatementDef | None:
    fields = r.mapping(node, path, _STATEMENT_REQUIRED, ("en",))
    if fields is None:
        return None
    en = _english(r, fields, path, ("text", "easy_read", "background", "theme"))
    positions: dict[str, PositionDef] = {}
    if "positions" in fields:
        pnode = fields["positions"]
        if not isinstance(pnode, yaml.MappingNode):
            r.problem(pnode, f"{path}.positions", "must be a mapping of party key to position")
        else:
            for key_node, value_node in pnode.value:
                party = str(key_node.value)
                sub = f"{path}.positions.{party}"
                r.lines[sub] = value_node.start_mark.line + 1
                if party in positions:
                    r.problem(key_node, sub, f"duplicate key '{party}'")
                    continue
                position = _read_position(r, value_node, sub, levels)
                if position is not None:
                    positions[party] = position
    return StatementDef(
        key=r.key(fields, path) or "", theme=r.text(fields, "theme", path) or "",
        direction=r.choice(fields, "direction", path, DIRECTIONS) or "",
        text=r.text(fields, "text", path) or "", easy_read=r.text(fields, "easy_read", path) or "",
        background=r.text(fields, "background", path) or "", positions=positions,
        text_en=en.get("text"), easy_read_en=en.get("easy_read"),
        background_en=en.get("background"), theme_en=en.get("theme"))


def _read_position(r: Reader, node: yaml.Node, path: str, levels: int) -> PositionDef | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
        if node.value == "":
            r.problem(node, path, "blank position: write null for no stated position "
                                  "(blank is not neutral)")
            return None
        return PositionDef()
    if isinstance(node, yaml.ScalarNode):
        r.problem(node, path, "must be null (no stated position) or a mapping with "
                              "value, quote and source")
        return None
    fields = r.mapping(node, path, (), _POSITION_OPTIONAL)
    if fields is None:
        return None
    if "value" not in fields:
        r.problem(node, f"{path}.value", "required key is missing (use value: null for no "
                                          "stated position)")
        return None
    vnode = fields["value"]
    value: int | None = None
    if isinstance(vnode, yaml.ScalarNode) and vnode.tag == _NULL_TAG and vnode.value == "":
        r.problem(vnode, f"{path}.value", "blank value: write null for no stated position "
                                          "(blank is not neutral)")
        return None
    ok, raw = r.scalar(vnode, f"{path}.value")
    if not ok:
        return None
    allowed = scale_values(levels)
    if raw is not None:
        if isinstance(raw, bool) or not isinstance(raw, int):
            r.problem(vnode, f"{path}.value", f"must be a whole number from {allowed[0]} to "
                                              f"{allowed[-1]} or null, not {_describe(raw)}")
            return None
        if raw not in allowed:
            r.problem(vnode, f"{path}.value", f"{raw} is off the {levels}-level scale "
                                              f"({allowed[0]} to {allowed[-1]})")
            return None
        value = raw
    en = _english(r, fields, path, ("note",))
    return PositionDef(value=value, quote=r.text(fields, "quote", path, required=False),
                       source=r.text(fields, "source", path, required=False),
                       note=r.text(fields, "note", path, required=False), note_en=en.get("note"))
