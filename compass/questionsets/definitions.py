"""The plain dataclasses a question set is made of, and small helpers on them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass

KEY_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_STATEMENT_CHARS = 140
MIN_CONTRAST = 4.5
STATUSES = ("draft", "published")
MISSING_POLICIES = ("neutral", "exclude", "penalize")
DIRECTIONS = ("more", "less")
LEVELS = (3, 5)


@dataclass(frozen=True)
class Problem:
    """One validation problem, located in a file by line and path."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class QuestionSetError(ValueError):
    """A question set that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class SourceDef:
    """A source document: the public text positions are quoted from."""

    key: str
    title: str
    publisher: str
    text: str
    year: int | None = None
    url: str | None = None
    title_en: str | None = None


@dataclass(frozen=True)
class PartyDef:
    """A party (or other actor) and the keys of its own source documents."""

    key: str
    name: str
    short_name: str
    colour: str
    sources: tuple[str, ...]
    name_en: str | None = None
    short_name_en: str | None = None


@dataclass(frozen=True)
class PositionDef:
    """A party's position on a statement; `value is None` means no stated position."""

    value: int | None = None
    quote: str | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@dataclass(frozen=True)
class StatementDef:
    """A statement with its texts and one position per party key."""

    key: str
    theme: str
    direction: str
    text: str
    easy_read: str
    background: str
    positions: dict[str, PositionDef]
    text_en: str | None = None
    easy_read_en: str | None = None
    background_en: str | None = None
    theme_en: str | None = None


@dataclass(frozen=True)
class QuestionSetDef:
    """A whole question set as read from a file or the database."""

    slug: str
    version: int
    status: str
    title: str
    description: str
    municipality: str
    year: int
    language: str
    levels: int
    missing: str
    coded_by: str
    sources: tuple[SourceDef, ...]
    parties: tuple[PartyDef, ...]
    statements: tuple[StatementDef, ...]
    election: str | None = None
    title_en: str | None = None
    description_en: str | None = None

    def content_hash(self) -> str:
        """Return a SHA-256 of the canonical content, to tell identical loads apart."""
        canonical = json.dumps(_without_unset_english(dataclasses.asdict(self)), sort_keys=True,
                               ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def source(self, key: str) -> SourceDef | None:
        """Return the source document with `key`, or None."""
        return next((s for s in self.sources if s.key == key), None)


# ---------------------------------------------------------------------------- helpers

# English fields added after sets were first published: left out of the content hash while
# unset, so a set file without them keeps the hash it was published with.
_LATER_ENGLISH = {"sources": ("title_en",), "parties": ("name_en", "short_name_en"),
                  "statements": ("theme_en",)}


def _without_unset_english(doc: dict) -> dict:
    for group, names in _LATER_ENGLISH.items():
        for item in doc[group]:
            for name in names:
                if item.get(name) is None:
                    item.pop(name, None)
    for statement in doc["statements"]:
        for position in statement["positions"].values():
            if position.get("note_en") is None:
                position.pop("note_en", None)
    return doc



def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace into one space and strip the ends."""
    return " ".join(text.split())


def quote_in_text(quote: str, text: str) -> bool:
    """Return whether `quote` occurs verbatim in `text`, whitespace aside."""
    needle = normalise_whitespace(quote)
    return bool(needle) and needle in normalise_whitespace(text)


def contrast_with_white(colour: str) -> float:
    """Return the WCAG 2.1 contrast ratio of a ``#rrggbb`` colour against white."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def scale_values(levels: int) -> range:
    """Return the integer answer values of a scale with `levels` levels (symmetric)."""
    half = (levels - 1) // 2
    return range(-half, half + 1)
