"""Parse, validate and export question-set files (YAML) as plain dataclasses.

Pure: standard library and PyYAML only, no Flask, no database. The format is documented in
`questions/README.md`. Every problem is reported as ``FILE:LINE: PATH: message``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import safeyaml
from .bundle import parse_bundle
from .definitions import (
    ACTOR_NOUNS,
    ARCHIVE,
    DEFAULT_ACTORS,
    DIRECTIONS,
    EVIDENCE_KINDS,
    LEVELS,
    MISSING_POLICIES,
    REVIEW_STATUSES,
    STATUSES,
    CodingDef,
    PartyDef,
    PartyReviewDef,
    PositionDef,
    Problem,
    QuestionSetDef,
    QuestionSetError,
    SourceDef,
    StatementDef,
    contrast_with_white,
    find_quote,
    fold_quote,
    normalise_whitespace,
    quote_in_text,
    scale_values,
)
from .lints import lint
from .reader import Reader, read_set
from .rules import evidence_warnings, position_problems, validate
from .writer import dump, export_to_folder, to_document


def parse_file(path: str | Path, display_name: str | None = None) -> QuestionSetDef:
    """Read and validate a question-set file; raise `QuestionSetError` listing every problem."""
    path = Path(path)
    name = display_name or str(path)
    if path.suffix.lower() == ".zip":
        try:
            return parse_bundle(path.read_bytes(), name)
        except OSError as exc:
            problem = Problem.of(name, 1, "", "unreadable_file", error=str(exc))
            raise QuestionSetError([problem]) from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem.of(name, 1, "", "unreadable_file", error=str(exc))
        raise QuestionSetError([problem]) from None
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
        if path.suffix.lower() == ".zip":
            return lint(parse_bundle(path.read_bytes(), name), name)
        text = path.read_text(encoding="utf-8")
        definition, lines = _parse(text, name, path.parent)
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem.of(name, 1, "", "unreadable_file", error=str(exc))]
    except QuestionSetError as exc:
        return exc.problems
    return lint(definition, name, lines)


def parse_text(text: str, filename: str = "<text>", base_dir: Path | None = None) -> QuestionSetDef:
    """Parse and validate question-set YAML; source `file:` paths resolve against `base_dir`.

    Every problem of the file is reported in one pass: the shape of each part, then the rules
    that span the set, on whatever could be read.
    """
    return _parse(text, filename, base_dir)[0]


def _parse(text: str, filename: str, base_dir: Path | None
           ) -> tuple[QuestionSetDef, dict[str, int]]:
    reader = Reader(filename)
    try:
        root = safeyaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = getattr(exc, "problem", None) or str(exc)
        code = "refused" if isinstance(exc, safeyaml.LimitExceeded) else "yaml_syntax"
        raise QuestionSetError([Problem.of(filename, line, "", code, detail=detail)]) from None
    if root is None:
        raise QuestionSetError([Problem.of(filename, 1, "", "empty_file")])
    definition = read_set(reader, root, base_dir)
    problems = list(reader.problems)
    if definition is not None:
        broken = [_broken_part(p) for p in problems]
        problems.extend(p for p in validate(definition, filename, reader.lines)
                        if not any(_related(p.path, b) for b in broken))
    if problems or definition is None:
        raise QuestionSetError(sorted(problems, key=lambda p: (p.line, p.path)))
    return definition, reader.lines


def _broken_part(problem: Problem) -> str:
    # A missing required key breaks the mapping that lacks it, not just the key.
    if problem.code == "required_key" and "." in problem.path:
        return problem.path.rsplit(".", 1)[0]
    return problem.path


def _related(path: str, broken: str) -> bool:
    """Whether a whole-set problem at `path` would only echo a reading problem at `broken`."""
    if not broken:
        return False
    return any(a == b or a.startswith(b + ".") or a.startswith(b + "[")
               for a, b in ((path, broken), (broken, path)) if b)


__all__ = [
    "ACTOR_NOUNS", "ARCHIVE", "DEFAULT_ACTORS", "DIRECTIONS", "LEVELS", "MISSING_POLICIES",
    "STATUSES", "EVIDENCE_KINDS", "REVIEW_STATUSES",
    "Problem", "QuestionSetError", "SourceDef", "PartyDef", "PartyReviewDef", "PositionDef",
    "StatementDef", "CodingDef", "QuestionSetDef", "parse_file", "parse_text", "parse_bundle",
    "validate_file", "validate", "lint", "lint_file", "dump", "export_to_folder", "to_document",
    "position_problems", "evidence_warnings", "quote_in_text", "normalise_whitespace",
    "find_quote", "fold_quote", "contrast_with_white", "scale_values",
]
