"""Typed access to the fields of a composed YAML node, recording each problem at its line.

`Reader` is what every part of the question-set reader (`reader.py`) uses to take a mapping
apart: required and optional fields, text, integers, keys, lists, with one `Problem` per
mistake, located by file, line and path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from . import limits
from .definitions import KEY_RE, Problem

NULL_TAG = "tag:yaml.org,2002:null"
_constructor = yaml.constructor.SafeConstructor()


class Reader:
    """Walks a composed YAML node tree, collecting problems with their lines."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def problem(self, node: yaml.Node | None, path: str, code: str, **params: Any) -> None:
        """Record a problem (a `messages.EN` code and its values) at `node`'s line."""
        line = node.start_mark.line + 1 if node is not None else self.lines.get(path, 1)
        self.problems.append(Problem.of(self.filename, line, path, code, **params))

    def mapping(
        self, node: yaml.Node, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, yaml.Node] | None:
        """Return a mapping's key → value nodes, reporting unknown, duplicate and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path, "not_mapping")
            return None
        required, optional = tuple(required), tuple(optional)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            sub = f"{path}.{key}" if path else str(key)
            if key in result:
                self.problem(key_node, sub, "duplicate_key", key=key)
                continue
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.problem(key_node, sub, "unknown_key", key=key, allowed=allowed)
                continue
            result[key] = value_node
            self.lines[sub] = value_node.start_mark.line + 1
        for key in required:
            if key not in result:
                self.problem(node, f"{path}.{key}" if path else key, "required_key")
        return result

    def sequence(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        """Return a sequence's item nodes, or report that it is not a list."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, "not_list")
            return []
        for i, item in enumerate(node.value):
            self.lines[f"{path}[{i}]"] = item.start_mark.line + 1
        return list(node.value)

    def scalar(self, node: yaml.Node, path: str) -> tuple[bool, Any]:
        """Return (ok, value) for a scalar node, typed as YAML resolves it."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, path, "not_scalar")
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
        if value is not None and not isinstance(value, str):
            self.problem(node, sub, "not_text", what=describe(value))
            return None
        if not value or not value.strip():
            self.problem(node, sub, "empty_text")
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
            self.problem(node, sub, "not_integer", what=describe(value))
            return None
        if allowed is not None and value not in allowed:
            self.problem(node, sub, "not_allowed", value=value, allowed=_list(allowed))
            return None
        return value

    def choice(self, fields: dict[str, yaml.Node], name: str, path: str,
               allowed: Iterable[str]) -> str | None:
        """Return a text field restricted to `allowed`."""
        value = self.text(fields, name, path)
        if value is not None and value not in allowed:
            sub = f"{path}.{name}" if path else name
            self.problem(fields[name], sub, "not_allowed", value=f"'{value}'",
                         allowed=_list(allowed))
            return None
        return value

    def key(self, fields: dict[str, yaml.Node], path: str) -> str | None:
        """Return a `key` field, checking its spelling."""
        value = self.text(fields, "key", path)
        if value is not None and not KEY_RE.match(value):
            self.problem(fields["key"], f"{path}.key", "bad_key", value=value, limit=limits.KEY)
        return value  # a bad key is kept, so that references to it do not add false problems


def describe(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    return f"{type(value).__name__} {value!r}"


def _list(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)
