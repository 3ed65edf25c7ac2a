"""Page data for the voter's views: result page, party page, source highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import charts, labels
from ..answers import Answer
from ..flow import PreviousAnswer, StatementFlow, WeightChoice
from ..questionsets import normalise_whitespace, scale_values
from ..results import MIN_ANSWERS, MatchReport, compute
from ..setview import PartyView, PositionView, SetView, SourceView, StatementView
from ..templating import format_percent
from .state import QuizState


@dataclass(frozen=True)
class PartyRow:
    """One statement on a party's page: the party's position and the voter's answer."""

    statement: StatementView
    position: PositionView
    answer: Answer


def _link(path: str, state: QuizState, **extra) -> str:
    """`path` with the state's query string (what `QuizState.url` gives, without url_for)."""
    query = urlencode(state.query(**extra))
    return f"{path}?{query}" if query else path


def statement_flow(view: SetView, state: QuizState, number: int, back_to_result: bool,
                   set_url: str | None = None) -> StatementFlow:
    """Wire a statement page for the voter: GET form, answers carried in the URL.

    The form goes straight to the next statement's page (or the party choice after the last
    one), which applies the answer itself: one request per answer, no redirect. Only an
    answer changed from the result page goes through `/svara`, back to the result. Links are
    joined from one base URL: a dozen url_for calls cost a third of the page.
    """
    root = url_for("quiz.start_version", slug=view.slug, version=view.version)
    hidden = dict(state.query())
    sedan = "resultat" if back_to_result else None
    if back_to_result:
        hidden["sedan"] = "resultat"
        action, next_number = f"{root}svara", None
    elif number < len(view.statements):
        next_number = number + 1
        action = f"{root}pastaende/{next_number}"
    else:
        action, next_number = f"{root}partier", None
    current = state.answers[number - 1]
    enough = state.answered_count >= MIN_ANSWERS
    return StatementFlow(
        method="get", action=action, hidden=hidden, next_number=next_number,
        prev_url=_link(f"{root}pastaende/{number - 1}", state, sedan=sedan)
        if number > 1 else None,
        next_url=_link(f"{root}pastaende/{number + 1}", state, sedan=sedan)
        if current.answered and number < len(view.statements) else None,
        result_url=_link(f"{root}resultat", state)
        if state.reached_all or back_to_result or enough else None,
        result_label=None if state.reached_all or back_to_result else _("Visa resultat nu"),
        easy_read=state.easy_read,
        easy_switch_url=_link(f"{root}pastaende/{number}",
                              replace(state, easy_read=not state.easy_read), sedan=sedan),
        previous=None if back_to_result else previous_answer(view, state, number,
                                                             f"{root}pastaende/{number}"),
        set_url=set_url)


def previous_answer(view: SetView, state: QuizState, number: int,
                    path: str) -> PreviousAnswer | None:
    """The weight step for the answer given just before statement `number`, if it has a value."""
    if number < 2 or state.answers[number - 2].value is None:
        return None
    before = state.answers[number - 2]
    choices = tuple(
        WeightChoice(weight=f"{weight:g}", label=str(label), current=before.weight == weight,
                     url=_link(path, state.reweighted(number - 2, weight)))
        for weight, label in labels.WEIGHT_LABELS.items())
    return PreviousAnswer(number=number - 1, label=labels.answer_label(before.value, view.levels),
                          choices=choices)


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


def _quote_pattern(quote: str) -> re.Pattern[str]:
    # The validator matched the quote with whitespace normalised; match it the same way here.
    words = normalise_whitespace(quote).split(" ")
    return re.compile(r"\s+".join(re.escape(w) for w in words))


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
            found = _quote_pattern(pos.quote).search(document.text)
            if found:
                key = f"{st.key}:{party.key}"
                spans.append((found.start(), found.end(), key))
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
    for start, end, keys in merged:
        pieces.append(escape(text[cursor:start]))
        anchor = Markup(' id="citat"') if focus in keys else Markup("")
        pieces.append(Markup("<mark{}>{}</mark>").format(anchor, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
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
