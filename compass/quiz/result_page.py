"""The result page's plain parts: the why, the compact comparison, the statement detail page.

Built as plain strings and small dataclasses once per request, so the page stays small and
cheap at 40 parties × 38 statements: the comparison groups parties by position in one line
per statement, and quotes live on the statement detail page, not inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from cachetools import LRUCache
from flask import render_template, url_for
from markupsafe import Markup, escape

from .. import labels
from ..questionsets import scale_values
from ..results import MatchReport
from ..setview import PartyView, PositionView, SetView, StatementView
from ..templating import cached_partial, fill_holes, format_percents, hole
from .state import QuizState

MAP_LABELS = 8  # with more parties only the best matches get a name on the map
RADAR_THEMES = 8  # a spider with more axes is unreadable on a phone
THEME_PARTIES = 5  # the theme table and radar show the best matches only


@dataclass(frozen=True)
class WhyItem:
    """A statement where the voter agrees or differs most with a party, with its evidence."""

    number: int
    text: str
    answer: str
    position: str
    quote: str | None
    source_url: str | None
    detail_url: str


@dataclass(frozen=True)
class CompactRow:
    """One statement of the comparison: the voter's answer and the parties grouped by position."""

    number: int
    text: str
    answer: str
    groups: tuple[tuple[str, str], ...]  # (position label, party short names)
    detail_url: str


@dataclass(frozen=True)
class DetailRow:
    """A party's position on the statement detail page."""

    party: PartyView
    position: PositionView
    label: str
    source_url: str | None
    chosen: bool


class ResultLinks:
    """The links of one result page, built from one query string (joined, not url_for'd)."""

    def __init__(self, view: SetView, state: QuizState):
        self.base = url_for("quiz.start_version", slug=view.slug, version=view.version)
        self.state = state
        query = urlencode(state.query())
        self.query = f"?{query}" if query else ""
        self.result = f"{self.base}resultat{self.query}"
        self.parties = f"{self.base}partier{self.query}"

    def _with(self, path: str, **extra) -> str:
        query = urlencode(self.state.query(**extra))
        return f"{self.base}{path}?{query}" if query else f"{self.base}{path}"

    def statement(self, number: int, **extra) -> str:
        """A statement page with the voter's answers (`sedan="resultat"`: back to here)."""
        return self._with(f"pastaende/{number}", **extra)

    def metric(self, metric: str) -> str:
        """This result counted another way."""
        return self._with("resultat", m=metric)

    def detail(self, number: int) -> str:
        """The statement detail page (every party's words on statement `number`)."""
        return f"{self.base}jamfor/{number}{self.query}"

    def party(self, key: str) -> str:
        """A party's page, carrying the voter's state."""
        return f"{self.base}parti/{key}{self.query}"

    def source(self, statement: StatementView, party: PartyView, position: PositionView,
               back: str) -> str | None:
        """The source document with this quote marked, and a way back to `back`."""
        if position.value is None or not position.source:
            return None
        extra = urlencode({"citat": f"{statement.key}:{party.key}", "tillbaka": back})
        joined = f"{self.query}&{extra}" if self.query else f"?{extra}"
        return f"{self.base}kalla/{position.source}{joined}#citat"


def why_items(view: SetView, report: MatchReport, answer_texts: list[str], locale: str,
              links: ResultLinks) -> dict[str, tuple[WhyItem, ...]]:
    """For the best match: the statements it agrees and differs with the voter most."""
    if not report.results or report.results[0].score is None:
        return {}
    best = report.results[0].party
    chosen = report.highlights[best.key]
    out = {}
    for kind, indices in (("agree", chosen.agree), ("differ", chosen.differ)):
        items = []
        for j in indices:
            st = view.statements[j]
            pos = st.positions[best.index]
            items.append(WhyItem(
                number=j + 1, text=st.localised(locale)[0], answer=answer_texts[j],
                position=labels.answer_label(pos.value, view.levels), quote=pos.quote,
                source_url=links.source(st, best, pos, links.result),
                detail_url=links.detail(j + 1)))
        out[kind] = tuple(items)
    return out


def compact_rows(view: SetView, report: MatchReport, answer_texts: list[str], locale: str,
                 detail_url: Callable[[int], str]) -> tuple[CompactRow, ...]:
    """One line per statement: parties grouped by position, from agree fully to no position."""
    order = [*sorted(scale_values(view.levels), reverse=True), None]
    names = {v: labels.answer_label(v, view.levels) for v in order}
    rows = []
    for st in view.statements:
        grouped: dict[int | None, list[str]] = {}
        for party in report.parties:
            grouped.setdefault(st.positions[party.index].value, []).append(party.short_name)
        rows.append(CompactRow(
            number=st.index + 1, text=st.localised(locale)[0], answer=answer_texts[st.index],
            groups=tuple((names[v], ", ".join(grouped[v])) for v in order if v in grouped),
            detail_url=detail_url(st.index + 1)))
    return tuple(rows)


_sections: LRUCache = LRUCache(maxsize=256)
_sections_lock = threading.Lock()


def compare_section(view: SetView, report: MatchReport, answer_texts: list[str], locale: str,
                    links: ResultLinks) -> Markup:
    """The statement-by-statement section (`quiz/_result_compare.html`) of one result page.

    Everything in it but the voter's answers and the query string of the links depends on
    the set version, the language and the party choice only: it is rendered once per those,
    with holes where the answers and the query go, and the holes are filled per page (32
    rows of parties grouped by position were a quarter of the page's rendering).
    """
    # Views are immutable and cached per process: the same object is the same content. The
    # entry keeps its view, so a key's id() cannot be reused by another one while it lives.
    key = (id(view), locale, tuple(p.index for p in report.parties))
    with _sections_lock:
        found = _sections.get(key)
    if found is not None and found[0] is view:
        skeleton = found[1]
    else:
        rows = compact_rows(view, report, [hole(str(j)) for j in range(len(view.statements))],
                            locale, lambda number: f"{links.base}jamfor/{number}{hole('q')}")
        skeleton = render_template("quiz/_result_compare.html", rows=rows)
        with _sections_lock:
            _sections[key] = (view, skeleton)
    escaped: dict[str, str] = {}
    values = {"q": str(escape(links.query))}
    for j, text in enumerate(answer_texts):
        if text not in escaped:
            escaped[text] = str(escape(text))
        values[str(j)] = escaped[text]
    return fill_holes(skeleton, values)


def detail_rows(view: SetView, state: QuizState, statement: StatementView,
                links: ResultLinks, back: str) -> list[DetailRow]:
    """Every party's position on one statement, the voter's chosen parties first."""
    chosen = set(state.chosen(view))
    rows = [DetailRow(party=p, position=statement.positions[p.index],
                      label=labels.answer_label(statement.positions[p.index].value, view.levels),
                      source_url=links.source(statement, p, statement.positions[p.index], back),
                      chosen=p.index in chosen)
            for p in view.parties]
    return sorted(rows, key=lambda r: not r.chosen)


def map_labels(report: MatchReport) -> set[str]:
    """Which parties get a name on the map: all of a few, else the best matches."""
    if len(report.parties) <= MAP_LABELS:
        return {p.short_name for p in report.parties}
    return {r.party.short_name for r in report.results[:3]}


def theme_parties(report: MatchReport) -> list[int]:
    """Indices (into report.parties) of the parties the theme table and radar show."""
    ranked = [report.parties.index(r.party) for r in report.results]
    return ranked[:THEME_PARTIES]


@dataclass(frozen=True)
class ThemeTableRow:
    """One theme of the result page's theme table: its label, the label's language and the
    shown parties' scores, formatted."""

    theme: str
    language: str
    cells: tuple[str, ...]


def theme_table(view: SetView, report: MatchReport, columns: list[int]
                ) -> tuple[ThemeTableRow, ...]:
    """The theme table's rows for the parties `columns` (see `theme_parties`), formatted in
    one pass: fifty cells through the template's `format_percent` were half the method
    section's time."""
    return tuple(
        ThemeTableRow(theme=row.theme, language=view.theme_language(row.theme),
                      cells=tuple(format_percents([row.scores[k] for k in columns])))
        for row in report.themes)


def share_section(locale: str, link: str) -> Markup:
    """The share box for the result link `link`: the same for every voter but the link."""
    skeleton = cached_partial("quiz/_share.html", (locale,), share_link=Markup(hole("link")))
    return fill_holes(skeleton, {"link": str(escape(link))})
