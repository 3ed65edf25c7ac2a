"""Parse, validate and export question-set files (YAML) as plain dataclasses.

Pure: standard library and PyYAML only, no Flask, no database. The format is documented in
`questions/README.md`. Every problem is reported as ``FILE:LINE: PATH: message``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .definitions import (
    ACTOR_NOUNS,
    ARCHIVE,
    DEFAULT_ACTORS,
    DIRECTIONS,
    LEVELS,
    MISSING_POLICIES,
    STATUSES,
    CodingDef,
    PartyDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    QuestionSetError,
    SourceDef,
    StatementDef,
    contrast_with_white,
    normalise_whitespace,
    quote_in_text,
    scale_values,
)
from .lints import lint
from .reader import Reader, read_set
from .rules import validate
from .writer import dump, export_to_folder, to_document


def parse_file(path: str | Path, display_name: str | None = None) -> QuestionSetDef:
    """Read and validate a question-set file; raise `QuestionSetError` listing every problem."""
    path = Path(path)
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError([Problem(name, 1, "", f"cannot read file: {exc}")]) from None
    return parse_text(text, name, base_dir=path.parent)


def validate_file(path: str | Path, display_name: str | None = None) -> list[Problem]:
    """Return every problem of a question-set file (empty when it is valid)."""
    try:
        parse_file(path, display_name)
    except QuestionSetError as exc:
        return exc.problems
    return []


def lint_file(path: str | Path, display_name: str | None = None) -> list[Problem]:
    """Return the coding lints of a question-set file: its problems if it is invalid."""
    path = Path(path)
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
        definition, lines = _parse(text, name, path.parent)
    except OSError as exc:
        return [Problem(name, 1, "", f"cannot read file: {exc}")]
    except QuestionSetError as exc:
        return exc.problems
    return lint(definition, name, lines)


def parse_text(text: str, filename: str = "<text>", base_dir: Path | None = None) -> QuestionSetDef:
    """Parse and validate question-set YAML; source `file:` paths resolve against `base_dir`."""
    return _parse(text, filename, base_dir)[0]


def _parse(text: str, filename: str, base_dir: Path | None
           ) -> tuple[QuestionSetDef, dict[str, int]]:
    reader = Reader(filename)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = getattr(exc, "problem", None) or str(exc)
        problem = Problem(filename, line, "", f"YAML syntax error: {detail}")
        raise QuestionSetError([problem]) from None
    if root is None:
        raise QuestionSetError([Problem(filename, 1, "", "the file is empty")])
    definition = read_set(reader, root, base_dir)
    if definition is not None and not reader.problems:
        reader.problems.extend(validate(definition, filename, reader.lines))
    if reader.problems or definition is None:
        raise QuestionSetError(sorted(reader.problems, key=lambda p: (p.line, p.path)))
    return definition, reader.lines


__all__ = [
    "ACTOR_NOUNS", "ARCHIVE", "DEFAULT_ACTORS", "DIRECTIONS", "LEVELS", "MISSING_POLICIES",
    "STATUSES",
    "Problem", "QuestionSetError", "SourceDef", "PartyDef", "PositionDef", "StatementDef",
    "CodingDef",
    "QuestionSetDef", "parse_file", "parse_text", "validate_file", "validate", "lint",
    "lint_file", "dump",
    "export_to_folder", "to_document", "quote_in_text", "normalise_whitespace",
    "contrast_with_white", "scale_values",
]
