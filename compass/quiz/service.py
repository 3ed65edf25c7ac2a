"""Page data for the voter's views: result page, party page, source highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import charts, labels
from ..answers import Answer
from ..flow import StatementFlow
from ..programmes import PAGE_BREAK
from ..questionsets import find_quote, scale_values
from ..results import MatchReport, compute
from ..setview import PartyView, PositionView, SetView, SourceView, StatementView
from ..templating import format_percent
from .state import QuizState


@dataclass(frozen=True)
class PartyRow:
    """One statement on a party's page: the party's position and the voter's answer."""

    statement: StatementView
    position: PositionView
    answer: Answer


def statement_flow(view: SetView, state: QuizState, number: int,
                   back_to_result: bool) -> StatementFlow:
    """Wire a statement page for the voter: GET form, answers carried in the URL."""
    hidden = {k: v for k, v in state.query().items()}
    if back_to_result:
        hidden["sedan"] = "resultat"
    sedan = "resultat" if back_to_result else None
    current = state.answers[number - 1]
    return StatementFlow(
        method="get", action=url_for("quiz.answer", slug=view.slug, version=view.version),
        hidden=hidden,
        prev_url=state.url("quiz.statement", view, number=number - 1, sedan=sedan)
        if number > 1 else None,
        next_url=state.url("quiz.statement", view, number=number + 1, sedan=sedan)
        if current.answered and number < len(view.statements) else None,
        result_url=state.url("quiz.result", view)
        if state.reached_all or back_to_result else None)


def build_result_page(view: SetView, state: QuizState) -> MatchReport:
    """Compute the voter's match for the result page."""
    return compute(view, state.answers, state.chosen(view), state.metric)


@dataclass(frozen=True)
class PageText:
    """Strings and links a result page repeats many times, built once per request.

    Rendering 26 statements × 5 parties through macros and url_for dominated the page's
    time; plain lookups keep the template cheap.
    """

    swatches: dict[int, Markup]
    value_labels: dict[int | None, str]
    answer_texts: list[str]
    edit_urls: list[str]
    source_base: str


def swatch(colour: str) -> Markup:
    """A small colour square (inline SVG: the CSP allows no inline style attributes)."""
    return Markup('<svg class="swatch" width="14" height="14" viewBox="0 0 14 14" '
                  'aria-hidden="true" focusable="false"><rect width="14" height="14" rx="3" '
                  'fill="{}"/></svg>').format(colour)


def answer_text(answer: Answer, levels: int) -> str:
    """The voter's answer in words, with its weight."""
    if not answer.answered:
        return _("Inte besvarat")
    if answer.value is None:
        return str(labels.SKIP_LABEL)
    text = labels.answer_label(answer.value, levels)
    if answer.weight == 2:
        return text + " " + _("(viktigt, ×2)")
    if answer.weight == 0.5:
        return text + " " + _("(mindre viktigt, ×½)")
    return text


def page_text(view: SetView, state: QuizState) -> PageText:
    """Build the repeated strings and links of a result page once."""
    query = urlencode(state.query(sedan="resultat"))
    base = url_for("quiz.start_version", slug=view.slug, version=view.version)
    values: dict[int | None, str] = {v: labels.answer_label(v, view.levels)
                                     for v in scale_values(view.levels)}
    values[None] = str(labels.NO_POSITION_LABEL)
    return PageText(
        swatches={p.index: swatch(p.colour) for p in view.parties},
        value_labels=values,
        answer_texts=[answer_text(a, view.levels) for a in state.answers],
        edit_urls=[f"{base}pastaende/{n}?{query}" for n in range(1, len(view.statements) + 1)],
        source_base=f"{base}kalla/")


def party_page(view: SetView, state: QuizState, party: PartyView) -> list[PartyRow]:
    """All statements with one party's position and the voter's answer."""
    return [PartyRow(statement=st, position=st.positions[party.index],
                     answer=state.answers[st.index]) for st in view.statements]


@dataclass(frozen=True)
class FocusedQuote:
    """The position a source-page link points at ("statement-key:party-key")."""

    statement: StatementView
    party: PartyView
    position: PositionView


def focused_quote(view: SetView, focus: str) -> FocusedQuote | None:
    """Return the stated position named by `focus`, or None for anything else."""
    statement_key, _sep, party_key = focus.partition(":")
    party = view.party(party_key)
    st = next((s for s in view.statements if s.key == statement_key), None)
    if party is None or st is None or st.positions[party.index].value is None:
        return None
    return FocusedQuote(st, party, st.positions[party.index])


def highlight_quotes(view: SetView, document: SourceView, focus: str = "") -> list[Markup]:
    """Split a source into paragraphs with every quote used from it marked.

    `focus` ("statement-key:party-key") gives that quote an id so the link can jump to it.
    """
    spans: list[tuple[int, int, str | None]] = []
    for st in view.statements:
        for party in view.parties:
            pos = st.positions[party.index]
            if pos.value is None or pos.source != document.key or not pos.quote:
                continue
            found = find_quote(pos.quote, document.text)
            if found:
                spans.append((*found, f"{st.key}:{party.key}"))
    spans.sort()
    merged: list[list] = []
    for start, end, key in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(key)
        else:
            merged.append([start, end, [key]])
    pieces, cursor = [], 0
    text = document.text
    page = [1]

    def plain(chunk: str) -> Markup:
        # A form feed starts a new page (programmes from PDF/DOCX): a page number of its own.
        parts = chunk.split(PAGE_BREAK)
        out = [escape(parts[0])]
        for part in parts[1:]:
            page[0] += 1
            label = _("s. %(page)d", page=page[0])
            out.append(Markup('\n\n<span class="page-number">{}</span>\n\n').format(label))
            out.append(escape(part))
        return Markup("").join(out)

    for start, end, keys in merged:
        pieces.append(plain(text[cursor:start]))
        anchor = Markup(' id="citat"') if focus in keys else Markup("")
        quoted = text[start:end]
        page[0] += quoted.count(PAGE_BREAK)
        # A quote across a paragraph or page break stays one mark in one paragraph.
        quoted = re.sub(r"\s*\n\s*\n\s*", " ", quoted.replace(PAGE_BREAK, " "))
        pieces.append(Markup("<mark{}>{}</mark>").format(anchor, quoted))
        cursor = end
    pieces.append(plain(text[cursor:]))
    html = Markup("").join(pieces)
    return [Markup(p.strip()) for p in re.split(r"\n\s*\n", str(html)) if p.strip()]


def result_charts(report: MatchReport) -> dict[str, Markup]:
    """Server-rendered SVG charts of a report, with titles and summaries in the UI language."""
    if report.too_few or not report.parties:
        return {}
    bars = charts.bar_chart(
        [charts.Bar(r.party.short_name, r.score, r.party.colour) for r in report.results],
        title=_("Matchning per parti"),
        desc=_("Stapeldiagram över partiernas matchning med dina svar, högst först. "
               "Samma siffror står i listan ovanför."),
        value_format=format_percent)
    out = {"bars": Markup(bars)}
    if report.themes:
        axes = [t.theme for t in report.themes]
        series = [charts.Series(p.short_name, [t.scores[k] for t in report.themes], p.colour)
                  for k, p in enumerate(report.parties)]
        out["radar"] = Markup(charts.radar_chart(
            axes, series, title=_("Matchning per tema"),
            desc=_("Spindeldiagram: för varje tema hur väl varje parti matchar dina svar. "
                   "Samma siffror står i tabellen under.")))
    if report.map_points:
        points = [charts.Point(p.label or _("Du"), p.x, p.y, p.colour, highlight=p.is_voter)
                  for p in report.map_points]
        first, second = report.explained
        out["map"] = Markup(charts.map_chart(
            points, title=_("Karta över partierna och dig"),
            desc=_("Partierna och du placerade efter ståndpunkterna. Partier som ligger nära "
                   "varandra har liknande ståndpunkter."),
            x_label=_("Första dimensionen (%(share)s)", share=format_percent(100 * first)),
            y_label=_("Andra dimensionen (%(share)s)", share=format_percent(100 * second))))
    return out
