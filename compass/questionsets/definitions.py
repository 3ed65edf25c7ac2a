"""The plain dataclasses a question set is made of, and small helpers on them."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import limits, messages

KEY_RE = re.compile(rf"^[a-z0-9](?:[a-z0-9-]{{0,{limits.KEY - 2}}}[a-z0-9])?$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Source links are web pages: http(s) with a host, no spaces (never javascript: or data:).
WEB_URL_RE = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)


def is_web_url(url: str | None) -> bool:
    """Whether `url` is an http(s) address with a host (the only links a set may carry)."""
    return bool(url) and WEB_URL_RE.match(url) is not None and "\\" not in url
MAX_STATEMENT_CHARS = limits.STATEMENT_TEXT
MIN_CONTRAST = 4.5
STATUSES = ("draft", "published")
MISSING_POLICIES = ("neutral", "exclude", "penalize")
DIRECTIONS = ("more", "less")
LEVELS = (3, 5)
# How a source's text was obtained: fetched from a web page (may carry page debris), read out of
# a document file (PDF, Word, text), or typed or pasted by an editor.
SOURCE_ORIGINS = ("web", "document", "pasted")
EVIDENCE_KINDS = ("proposal", "goal", "description", "questionnaire")
# Only these kinds can carry a full-strength (+2/-2) position: the others commit to nothing.
STRONG_EVIDENCE = ("proposal", "questionnaire")
REVIEW_STATUSES = ("not_asked", "pending", "confirmed", "objected", "resolved")
ARCHIVE = "archive"  # questions/archive/: older published versions, frozen history
ACTOR_NOUNS = ("partier", "aktörer")
DEFAULT_ACTORS = "partier"
# Keys added to the format after version 1 of the shipped set: left out of the content hash
# while they hold their default, so a file that does not use them keeps its hash.
_OPTIONAL = {"optional": True}


@dataclass(frozen=True)
class Problem:
    """One validation problem, located in a file by line and path."""

    file: str
    line: int
    path: str
    message: str                                # English, for the CLI and logs
    code: str = ""                              # a key of `messages.EN` ("" = literal message)
    params: tuple[tuple[str, Any], ...] = ()    # the message's named values

    @classmethod
    def of(cls, file: str, line: int, path: str, code: str, **params: Any) -> Problem:
        """Make a problem from a message code and its named values."""
        known = code in messages.EN
        return cls(file, line, path, messages.message(code, params), code if known else "",
                   tuple(sorted(params.items())))

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
    origin: str | None = field(default=None, metadata=_OPTIONAL)  # SOURCE_ORIGINS; None: unknown
    title_en: str | None = field(default=None, metadata=_OPTIONAL)


@dataclass(frozen=True)
class PartyDef:
    """A party (or other actor) and the keys of its own source documents."""

    key: str
    name: str
    short_name: str
    colour: str
    sources: tuple[str, ...]
    name_en: str | None = field(default=None, metadata=_OPTIONAL)
    short_name_en: str | None = field(default=None, metadata=_OPTIONAL)


@dataclass(frozen=True)
class PartyReviewDef:
    """What the party said about a coded position in the review round, and the answer."""

    status: str = "not_asked"
    comment: str | None = None
    counter_quote: str | None = None
    answer: str | None = None


@dataclass(frozen=True)
class PositionDef:
    """A party's position on a statement; `value is None` means no stated position.

    `evidence` says what kind of text backs it, `rationale` is the coder's internal reason
    (never shown to voters) and `party_review` the party's verdict (None = not asked).
    """

    value: int | None = None
    quote: str | None = None
    source: str | None = None
    note: str | None = None
    evidence: str | None = field(default=None, metadata=_OPTIONAL)
    rationale: str | None = field(default=None, metadata=_OPTIONAL)
    party_review: PartyReviewDef | None = field(default=None, metadata=_OPTIONAL)
    # A questionnaire answer (evidence `questionnaire`): the party's own justification, if it
    # gave one, and the day it answered (YYYY-MM-DD). No quote is needed for such a position.
    justification: str | None = field(default=None, metadata=_OPTIONAL)
    answered: str | None = field(default=None, metadata=_OPTIONAL)
    note_en: str | None = field(default=None, metadata=_OPTIONAL)

    @property
    def review_status(self) -> str:
        """The review status, `not_asked` when the party was never asked."""
        return self.party_review.status if self.party_review else "not_asked"


@dataclass(frozen=True)
class StatementDef:
    """A statement with its texts and one position per party key."""

    key: str
    theme: str
    direction: str | None          # None: the set does not say which way agreeing goes
    text: str
    easy_read: str
    background: str
    positions: dict[str, PositionDef]
    text_en: str | None = None
    easy_read_en: str | None = None
    background_en: str | None = None
    theme_en: str | None = field(default=None, metadata=_OPTIONAL)
    # Coding lints the editors accept for this statement, with their reason:
    # (lint name, party key or None, reason); see `lints.LINTS`.
    accepted_lints: tuple[tuple[str, str | None, str], ...] = field(default=(),
                                                                    metadata=_OPTIONAL)

    def accepts(self, lint: str, party: str | None = None) -> bool:
        """Whether the editors accepted `lint` here (for `party`, where the lint is per party)."""
        return any(name == lint and who == party for name, who, _ in self.accepted_lints)


@dataclass(frozen=True)
class CodingDef:
    """One independent, blind coding of a set: statement key -> party key -> value or None."""

    coder: str
    values: dict[str, dict[str, int | None]]

    def value(self, statement: str, party: str) -> int | None:
        """Return the coded value of one cell (None = no stated position)."""
        return self.values.get(statement, {}).get(party)


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
    actors: str = field(default=DEFAULT_ACTORS, metadata=_OPTIONAL)
    framing: str | None = field(default=None, metadata=_OPTIONAL)
    framing_en: str | None = field(default=None, metadata=_OPTIONAL)
    codings: tuple[CodingDef, ...] = field(default=(), metadata=_OPTIONAL)

    def content_hash(self) -> str:
        """Return a SHA-256 of the canonical content, to tell identical loads apart."""
        canonical = json.dumps(_canonical(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def source(self, key: str) -> SourceDef | None:
        """Return the source document with `key`, or None."""
        return next((s for s in self.sources if s.key == key), None)


# ---------------------------------------------------------------------------- helpers

# English fields added after sets were first published: left out of the content hash while
# unset, so a set file without them keeps the hash it was published with.
def _canonical(value):
    """Return `dataclasses.asdict`-like plain data, without optional fields at their default."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.metadata.get("optional") and item == f.default:
                continue
            result[f.name] = _canonical(item)
        return result
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace into one space and strip the ends."""
    return " ".join(text.split())


# Typographic variants that people type interchangeably; compared as one character each.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
})


def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """Fold `text` for quote comparison; return it with each folded character's source span.

    Folding = Unicode NFC per base character and its combining marks, typographic variants as
    their plain forms, and every run of whitespace as one space (ends stripped).
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                starts.append(i)
                ends.append(j)
            i = j
            continue
        for char in unicodedata.normalize("NFC", text[i:j]).translate(_FOLD):
            out.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    if out and out[-1] == " ":
        out.pop(), starts.pop(), ends.pop()
    return "".join(out), starts, ends


def fold_quote(text: str) -> str:
    """Return `text` as quotes are compared: NFC, typographic variants folded, spaces collapsed."""
    return _folded(text)[0]


def find_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Return the span of `quote` in `text` (indices into the original `text`), or None.

    The comparison is verbatim apart from whitespace, Unicode normalisation (NFC) and
    typographic variants (’ ' “ " – - …), so the source keeps its own form for display.

    >>> find_quote("Vi vill – nu", "Text. Vi  vill - nu.")
    (6, 19)
    """
    needle = fold_quote(quote)
    if not needle:
        return None
    haystack, starts, ends = _folded(text)
    at = haystack.find(needle)
    if at < 0:
        return None
    return starts[at], ends[at + len(needle) - 1]


def quote_in_text(quote: str, text: str) -> bool:
    """Return whether `quote` occurs verbatim in `text` (see `find_quote` for what is folded)."""
    return find_quote(quote, text) is not None


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
