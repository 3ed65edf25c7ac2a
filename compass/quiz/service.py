"""Page data for the voter's views: result page, party page, source highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .. import charts, labels
from ..answers import WEIGHT_ALPHABETS, Answer
from ..flow import PreviousAnswer, StatementFlow, WeightChoice
from ..i18n import language_memo, translated_once
from ..programmes import PAGE_BREAK
from ..questionsets import find_quote
from ..results import MIN_ANSWERS, MatchReport, compute
from ..setview import PartyView, PositionView, SetView, SourceView, StatementView
from .result_page import RADAR_THEMES, map_labels, theme_parties
from .state import EASY_READ, QuizState, joined_query


@dataclass(frozen=True)
class PartyRow:
    """One statement on a party's page: the party's position and the voter's answer."""

    statement: StatementView
    position: PositionView
    answer: Answer


@lru_cache(maxsize=256)
def _version_root(script_root: str, slug: str, version: int) -> str:
    # One url_for per set version instead of one per statement page.
    return url_for("quiz.start_version", slug=slug, version=version)


def _joined(path: str, query: str, extra: str = "") -> str:
    """`path` with a query string already encoded and more parameters (`&…`) after it."""
    if not query:
        return f"{path}?{extra[1:]}" if extra else path
    return f"{path}?{query}{extra}"


def state_link(view: SetView, state: QuizState, path: str) -> str:
    """`state.url(...)` for a page of the version under its root (e.g. "partier",
    "pastaende/3"), joined without a url_for."""
    return _joined(_version_root(request.script_root, view.slug, view.version) + path,
                   state.query_string())


def statement_flow(view: SetView, state: QuizState, number: int, back_to_result: bool,
                   set_url: str | None = None) -> StatementFlow:
    """Wire a statement page for the voter: GET form, answers carried in the URL.

    The form goes straight to the next statement's page (or the party choice after the last
    one), which applies the answer itself: one request per answer, no redirect. Only an
    answer changed from the result page goes through `/svara`, back to the result. Links are
    joined from one base URL and the state's query string (what `QuizState.url` gives):
    a dozen url_for or urlencode calls cost a third of the page.
    """
    root = _version_root(request.script_root, view.slug, view.version)
    hidden = state.query()
    query = joined_query(hidden)  # before `sedan`, which only the form carries
    back = "&sedan=resultat" if back_to_result else ""
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
    here = f"{root}pastaende/{number}"
    return StatementFlow(
        method="get", action=action, hidden=hidden, next_number=next_number,
        prev_url=_joined(f"{root}pastaende/{number - 1}", query, back) if number > 1 else None,
        next_url=_joined(f"{root}pastaende/{number + 1}", query, back)
        if current.answered and number < len(view.statements) else None,
        result_url=_joined(f"{root}resultat", query)
        if state.reached_all or back_to_result or enough else None,
        result_label=None if state.reached_all or back_to_result else translated_once(RESULT_NOW),
        easy_read=state.easy_read,
        easy_switch_url=_joined(here, _easy_switched(state.easy_read, query), back),
        previous=None if back_to_result else previous_answer(view, state, number, here, query),
        set_url=set_url)


_EASY = f"{EASY_READ}=1"


def _easy_switched(easy_read: bool, query: str) -> str:
    """The state's query string with the easy-read switch flipped (`lattlast` is the last
    parameter `QuizState.query` gives, so it is added or dropped at the end)."""
    if easy_read:
        return query[:-len(_EASY) - 1] if len(query) > len(_EASY) else ""
    return f"{query}&{_EASY}" if query else _EASY


def previous_answer(view: SetView, state: QuizState, number: int, path: str,
                    query: str) -> PreviousAnswer | None:
    """The weight step for the answer given just before statement `number`, if it has a value."""
    if number < 2 or state.answers[number - 2].value is None:
        return None
    before = state.answers[number - 2]
    # The code with one character changed: what `state.reweighted(...).code` gives. The state
    # has an answer, so `s=<code>` leads its query string and the rest follows unchanged.
    code, index, half = state.code, number - 2, (view.levels - 1) // 2
    rest = query[len(code) + 2:]
    head, tail, at = code[:index], code[index + 1:], before.value + half
    steps = zip(WEIGHT_STEPS, translated_once(_WEIGHT_LABELS), strict=True)
    choices = tuple(
        WeightChoice(weight=text, label=label, current=before.weight == weight,
                     url=f"{path}?s={head}{alphabet[at]}{tail}{rest}")
        for (weight, text, alphabet), label in steps)
    return PreviousAnswer(number=number - 1, label=labels.answer_label(before.value, view.levels),
                          choices=choices)


# (weight, as the page writes it, its code alphabet) in the order the step shows them, and
# their labels (translated together, once per language).
WEIGHT_STEPS = tuple((weight, f"{weight:g}", WEIGHT_ALPHABETS[weight])
                      for weight in labels.WEIGHT_LABELS)
_WEIGHT_LABELS = tuple(labels.WEIGHT_LABELS.values())
RESULT_NOW = _l("Visa resultat nu")



def build_result_page(view: SetView, state: QuizState) -> MatchReport:
    """Compute the voter's match for the result page."""
    return compute(view, state.answers, state.chosen(view), state.metric,
                   with_comparison=False)


@dataclass(frozen=True)
class PageText:
    """Strings a result page repeats many times, built once per request.

    Rendering 38 statements × 40 parties through macros and lazy lookups dominated the page's
    time; plain lookups keep the template cheap.
    """

    swatches: dict[int, Markup]
    answer_texts: list[str]


@lru_cache(maxsize=1024)
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
        return _("Hoppade över (räknas inte)")
    text = labels.answer_label(answer.value, levels)
    if answer.weight == 2:
        return text + " " + _("(viktigt, ×2)")
    if answer.weight == 0.5:
        return text + " " + _("(mindre viktigt, ×½)")
    return text


def page_text(view: SetView, state: QuizState) -> PageText:
    """Build the repeated strings of a result page once (each distinct answer translated once
    per language and process)."""
    texts = language_memo()
    answers = []
    for a in state.answers:
        key = ("answer_text", a.answered, a.value, a.weight, view.levels)
        found = texts.get(key)
        if found is None:
            found = texts[key] = answer_text(a, view.levels)
        answers.append(found)
    return PageText(swatches={p.index: swatch(p.colour) for p in view.parties},
                    answer_texts=answers)


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


def result_charts(view: SetView, report: MatchReport, locale: str) -> dict[str, Markup]:
    """Server-rendered SVG charts of a report, with titles and summaries in the UI language.

    The radar only up to 8 themes and for the 5 best matches; the map only when its two
    directions explain at least half of the differences, with its axes named by the
    statement that follows each most closely.
    """
    if report.too_few or not report.parties:
        return {}
    out = {}
    shown = theme_parties(report)
    if report.themes and len(report.themes) <= RADAR_THEMES:
        axes = [t.theme for t in report.themes]
        series = [charts.Series(report.parties[k].short_name,
                                [t.scores[k] for t in report.themes], report.parties[k].colour)
                  for k in shown]
        out["radar"] = Markup(charts.radar_chart(
            axes, series, title=_("Matchning per tema"),
            desc=_("Spindeldiagram: för varje tema hur väl varje parti matchar dina svar. "
                   "Samma siffror står i tabellen under.")))
    if map_is_useful(report):
        named = map_labels(report)
        points = [charts.Point(_("Du") if p.is_voter else p.label if p.label in named else "",
                               p.x, p.y, p.colour, highlight=p.is_voter)
                  for p in report.map_points]
        x_label, y_label = (axis_label(view, axis, locale, horizontal)
                            for axis, horizontal in zip(report.map_axes, (True, False),
                                                        strict=True))
        out["map"] = Markup(charts.map_chart(
            points, title=_("Karta över partierna och dig"),
            desc=_("Partierna och du placerade efter ståndpunkterna. Partier som ligger nära "
                   "varandra har liknande ståndpunkter."),
            x_label=x_label, y_label=y_label))
    return out


def map_is_useful(report: MatchReport) -> bool:
    """Whether the map says enough: three parties or more, two directions, half explained."""
    return (len(report.parties) >= 3 and len(report.map_axes) == 2
            and sum(report.explained) >= 0.5)


def axis_label(view: SetView, axis, locale: str, horizontal: bool) -> str:
    """Name a map direction by its statement: which way is agreeing with it."""
    text = view.statements[axis.statement].localised(locale)[0]
    if horizontal:
        if axis.toward_agree:
            return _("Åt höger: mer för ”%(statement)s”", statement=text)
        return _("Åt höger: mer emot ”%(statement)s”", statement=text)
    if axis.toward_agree:
        return _("Uppåt: mer för ”%(statement)s”", statement=text)
    return _("Uppåt: mer emot ”%(statement)s”", statement=text)
