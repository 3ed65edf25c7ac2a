"""Find evidence in source documents: Swedish stemming search, quote marks, proposal lists.

Pure: standard library and snowballstemmer only. How the search matches, in the order tried:

1. *Stem*: the query word and the text word have the same Snowball stem in the set's language
   (Swedish: "kameror" and "kamera" both stem to "kamer"; Norwegian, Danish, Finnish, German,
   English and the other Snowball languages likewise; a language Snowball lacks matches whole
   words).
2. *Compound part*: the query stem occurs inside a text word ("kamer" in
   "övervakningskameror", "kameraövervakning"). Stemming alone never splits Swedish
   compounds, so this second rule is what finds them. It only applies to stems of at least
   `MIN_COMPOUND_STEM` letters, so short words ("är", "vi") do not match everywhere.

A sentence matches when every query word matches one of its words. Sentences are cut from the
text so that each is a verbatim piece of it (whitespace aside): a hit can be used as a quote
and `questionsets.quote_in_text` will find it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import snowballstemmer

from .programmes import PAGE_BREAK
from .questionsets import find_quote

MIN_COMPOUND_STEM = 4
MAX_TERMS = 6
MATCH_STEM = "stem"
MATCH_COMPOUND = "compound"

_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? or … followed by space and something that starts a new sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'”»«(\[]?[A-ZÅÄÖÉÜ0-9])")
_BULLET = re.compile(r"^\s*(?:[•\-*–·▪◦‣]|\d{1,2}[.)])\s+(?P<text>\S.*?)\s*$")
# "Centerpartiet vill:", "Så vill vi skapa mer trygghet i Kalmar:" introduce a list.
_LIST_INTRO = re.compile(r"\bvill\b[^:]{0,120}:\s*$", re.IGNORECASE)
_MAX_LIST_LINE = 300


@dataclass(frozen=True)
class Term:
    """One query word, its stem and whether compound parts may match it."""

    word: str
    stem: str
    compound: bool


@dataclass(frozen=True)
class Segment:
    """A piece of text; `hit` marks a search hit or a quote in use."""

    text: str
    hit: bool = False


@dataclass(frozen=True)
class Passage:
    """A paragraph of a source document; `page` is set where a new page starts ("s. 2")."""

    segments: tuple[Segment, ...]
    page: int | None = None


@dataclass(frozen=True)
class Hit:
    """A matching sentence, cut into segments, with how each query word matched."""

    sentence: str
    line: int
    segments: tuple[Segment, ...]
    matches: tuple[tuple[str, str], ...]  # (query word, MATCH_STEM | MATCH_COMPOUND)


@dataclass(frozen=True)
class Proposal:
    """A candidate statement: a bullet point or a line after "… vill:"."""

    text: str
    line: int
    lead: str | None


# Snowball's algorithm for a set's `language` (its primary subtag, e.g. "nb-NO" -> "nb").
ALGORITHMS = {"sv": "swedish", "nb": "norwegian", "nn": "norwegian", "no": "norwegian",
              "da": "danish", "fi": "finnish", "de": "german", "en": "english", "nl": "dutch",
              "fr": "french", "es": "spanish", "it": "italian", "pt": "portuguese",
              "et": "estonian", "lt": "lithuanian", "hu": "hungarian", "ro": "romanian",
              "ru": "russian", "tr": "turkish", "el": "greek", "ca": "catalan", "eu": "basque",
              "ga": "irish", "cs": "czech", "pl": "polish", "sr": "serbian", "ar": "arabic",
              "hy": "armenian", "id": "indonesian", "ta": "tamil", "hi": "hindi",
              "ne": "nepali", "fa": "persian", "yi": "yiddish", "eo": "esperanto"}


class _Unstemmed:
    """Stands in for a stemmer where Snowball has no algorithm: words match as they are."""

    def stemWord(self, word: str) -> str:  # noqa: N802 - Snowball's method name
        return word


def algorithm(language: str) -> str | None:
    """Return the Snowball algorithm for a language tag, or None where Snowball has none.

    >>> algorithm("sv"), algorithm("nb-NO"), algorithm("DE"), algorithm("xx")
    ('swedish', 'norwegian', 'german', None)
    """
    return ALGORITHMS.get(language.split("-")[0].split("_")[0].lower())


def _stemmer(language: str = "sv"):
    # Stemmer objects keep state while stemming: one per call keeps this thread-safe.
    name = algorithm(language)
    if name is None or name not in snowballstemmer.algorithms():
        return _Unstemmed()
    return snowballstemmer.stemmer(name)


def stem(word: str, language: str = "sv") -> str:
    """Return the Snowball stem of `word` (lower-cased) in `language` (Swedish by default).

    >>> stem("kameror"), stem("Kamera"), stem("Polizisten", "de")
    ('kamer', 'kamer', 'polizist')
    """
    return _stemmer(language).stemWord(word.lower())


def query_terms(query: str, language: str = "sv") -> tuple[Term, ...]:
    """Split a query into at most `MAX_TERMS` distinct words with their stems."""
    stemmer = _stemmer(language)
    terms: list[Term] = []
    for word in _WORD.findall(query.lower()):
        if any(t.word == word for t in terms):
            continue
        word_stem = stemmer.stemWord(word)
        terms.append(Term(word, word_stem, len(word_stem) >= MIN_COMPOUND_STEM))
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)


def match_kind(term: Term, word: str, word_stem: str) -> str | None:
    """Return how `word` (with its stem) matches `term`, or None.

    >>> t = query_terms("kamera")[0]
    >>> match_kind(t, "kameror", stem("kameror")), match_kind(t, "övervakningskameror", "x")
    ('stem', 'compound')
    """
    if word_stem == term.stem:
        return MATCH_STEM
    if term.compound and term.stem in word.lower():
        return MATCH_COMPOUND
    return None


def sentences(text: str) -> list[tuple[int, str]]:
    """Cut `text` into (line number, sentence): bullet markers dropped, whitespace collapsed."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        bullet = _BULLET.match(raw)
        line = bullet.group("text") if bullet else raw
        line = " ".join(line.split())
        if not line:
            continue
        out.extend((number, part) for part in _SENTENCE_END.split(line) if part.strip())
    return out


def search(text: str, terms: tuple[Term, ...], language: str = "sv") -> list[Hit]:
    """Return the sentences of `text` in which every term matches, hits marked.

    `language` must be the one the terms were made with (`query_terms`).
    """
    if not terms:
        return []
    stemmer = _stemmer(language)
    hits = []
    for number, sentence in sentences(text):
        spans: list[tuple[int, int]] = []
        kinds: dict[str, str] = {}
        for found in _WORD.finditer(sentence):
            word = found.group().lower()
            word_stem = stemmer.stemWord(word)
            for term in terms:
                kind = match_kind(term, word, word_stem)
                if kind is None:
                    continue
                spans.append(found.span())
                # A stem match is the stronger evidence: report it when a word gives both.
                if kinds.get(term.word) != MATCH_STEM:
                    kinds[term.word] = kind
        if len(kinds) == len(terms):
            hits.append(Hit(sentence=sentence, line=number,
                            segments=tuple(_segments(sentence, spans)),
                            matches=tuple((t.word, kinds[t.word]) for t in terms)))
    return hits


def _segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        out.append(Segment(text[start:end], hit=True))
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def highlight(text: str, quotes: list[str]) -> list[tuple[Segment, ...]]:
    """Cut `text` into paragraphs with every quote that occurs in it marked."""
    spans = [span for quote in quotes if (span := find_quote(quote, text))]
    segments = _segments(text, spans)
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.hit:
            paragraphs[-1].append(segment)
            continue
        parts = re.split(r"\n\s*\n", segment.text)
        for i, part in enumerate(parts):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Segment(part))
    return [tuple(p) for p in paragraphs if any(s.text.strip() for s in p)]


# A paragraph ends at a blank line; a form feed (a page break of a PDF/DOCX programme) too.
_PARAGRAPH_BREAK = re.compile(r"\s*\f\s*|\n[^\S\f]*\n\s*")


def passages(text: str, quote: str | None = None) -> list[Passage]:
    """Cut `text` into paragraphs with page numbers, `quote` marked wherever it occurs first.

    Every segment is a verbatim slice of `text` and only whitespace falls between two
    paragraphs, so a selection across segments is still a quote `find_quote` accepts.

    >>> for p in passages("Ett. Två.\\n\\nTre.\\fFyra.", "Två. Tre"):
    ...     print(p.page, [(s.text, s.hit) for s in p.segments])
    1 [('Ett. ', False), ('Två.', True)]
    None [('Tre', True), ('.', False)]
    2 [('Fyra.', False)]
    """
    span = find_quote(quote, text) if quote else None
    paged = PAGE_BREAK in text
    out: list[Passage] = []
    page, new_page, cursor = 1, paged, 0
    for found in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = found.start() if found else len(text)
        if text[cursor:end].strip():
            out.append(Passage(_cut(text, cursor, end, span), page if new_page else None))
            new_page = False
        if found is None:
            break
        if PAGE_BREAK in found.group():
            page += found.group().count(PAGE_BREAK)
            new_page = True
        cursor = found.end()
    return out


def _cut(text: str, start: int, end: int, span: tuple[int, int] | None) -> tuple[Segment, ...]:
    if span is None or span[1] <= start or span[0] >= end:
        return (Segment(text[start:end]),)
    lo, hi = max(span[0], start), min(span[1], end)
    pieces = (Segment(text[start:lo]), Segment(text[lo:hi], hit=True), Segment(text[hi:end]))
    return tuple(p for p in pieces if p.text)


def proposals(text: str) -> list[Proposal]:
    """List a document's proposals: bullet points, and the lines after "… vill:".

    >>> [p.text for p in proposals("Vi vill:\\nFler vakter.\\n\\n• Mer ljus.")]
    ['Fler vakter.', 'Mer ljus.']
    """
    found: list[Proposal] = []
    seen: set[str] = set()
    lead: str | None = None
    listed = 0

    def add(item: str, number: int) -> None:
        item = " ".join(item.split())
        if item and item not in seen:
            seen.add(item)
            found.append(Proposal(item, number, lead))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if lead is not None and listed:
                lead, listed = None, 0
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            add(bullet.group("text"), number)
            listed += 1
        elif lead is not None and len(line) <= _MAX_LIST_LINE and not _LIST_INTRO.search(line):
            add(line, number)
            listed += 1
        elif _LIST_INTRO.search(line):
            lead, listed = line, 0
        else:
            lead, listed = None, 0
    return found
