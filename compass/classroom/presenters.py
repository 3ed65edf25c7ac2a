"""Charts of a class picture as inline SVG, with titles and summaries in the UI language."""

from __future__ import annotations

import math

import segno
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import charts, labels
from ..answers import Answer
from .aggregates import ClassAggregates, PartyStats, StatementStats

# From the most against to the most for; every colour carries its count in the legend and
# the table beside it, so colour is never the only way to read the chart.
ANSWER_COLOURS = {
    5: ("#a50026", "#f46d43", "#b8b8b8", "#74add1", "#313695"),
    3: ("#a50026", "#b8b8b8", "#313695"),
}


def own_answer_labels(answers: tuple[Answer, ...], levels: int) -> list[str]:
    """How a student answered each statement, in words (weight included)."""
    out = []
    for answer in answers:
        if not answer.answered:
            out.append(_("Inte besvarat"))
        elif answer.value is None:
            out.append(str(labels.SKIP_LABEL))
        else:
            text = labels.answer_label(answer.value, levels)
            if answer.weight == 2:
                text += " " + _("(viktigt, ×2)")
            elif answer.weight == 0.5:
                text += " " + _("(mindre viktigt, ×½)")
            out.append(text)
    return out


def answer_labels(levels: int) -> list[str]:
    """The answer labels from the most against to the most for."""
    return [str(label) for label in labels.ANSWER_LABELS[levels].values()]


def percent(value: float | None) -> str:
    """A 0–100 score as a whole percentage, "–" when there is none.

    The same text `templating.format_percent` gives for whole numbers below 1000 in both
    languages, without a Babel call per number (a dashboard shows dozens, every refresh).
    """
    if value is None or not math.isfinite(float(value)):
        return "–"
    return f"{round(float(value))}\u202f%"


def distribution_chart(stat: StatementStats, levels: int, id_prefix: str,
                       names: list[str] | None = None,
                       texts: tuple[str, str] | None = None) -> Markup:
    """A 100 % bar of the class's answers to one statement."""
    names = names or answer_labels(levels)
    title, desc = texts or _chart_texts()
    summary = ", ".join(f"{name} {count}" for name, count in zip(names, stat.counts,
                                                                 strict=True))
    return Markup(charts.distribution_bar(
        stat.counts, ANSWER_COLOURS[levels], names,
        title=title % {"n": stat.number},
        desc=desc % {"n": stat.answered, "summary": summary, "skipped": stat.skipped},
        id_prefix=id_prefix))


def _chart_texts() -> tuple[str, str]:
    # Translated once per page, filled in per statement.
    return (_("Klassens svar på påstående %(n)d"),
            _("%(n)d elever svarade: %(summary)s. %(skipped)d hoppade över."))


def party_chart(parties: tuple[PartyStats, ...], id_prefix: str = "klass-partier") -> Markup:
    """Bars of each party's mean match with the class, best first."""
    return Markup(charts.bar_chart(
        [charts.Bar(p.party.short_name, p.mean_score, p.party.colour) for p in parties],
        title=_("Klassens matchning per parti"),
        desc=_("Stapeldiagram: genomsnittlig matchning mellan elevernas svar och varje parti, "
               "högst först. Samma siffror står i tabellen."),
        id_prefix=id_prefix, value_format=percent))


def top_chart(aggregates: ClassAggregates, id_prefix: str = "klass-topp") -> Markup:
    """Bars of how many students have each party as their top match."""
    ordered = sorted(aggregates.parties, key=lambda p: (-p.top_count, p.party.index))
    return Markup(charts.bar_chart(
        [charts.Bar(p.party.short_name, p.top_count, p.party.colour) for p in ordered],
        title=_("Toppmatchningar i klassen"),
        desc=_("Stapeldiagram: hur många elever som har varje parti som bästa matchning. "
               "Samma siffror står i tabellen."),
        id_prefix=id_prefix, max_value=max(aggregates.counted, 1), value_format=_whole))


def _whole(value: float) -> str:
    return str(round(value))


def class_charts(aggregates: ClassAggregates, levels: int) -> dict[str, object]:
    """All charts of a class picture, keyed for the templates (only what may be shown)."""
    names, texts = answer_labels(levels), _chart_texts()
    out: dict[str, object] = {
        "statements": {s.number: distribution_chart(s, levels, f"fordelning-{s.number}", names,
                                                   texts)
                       for s in aggregates.statements if s.shown},
    }
    if aggregates.visible:
        out["parties"] = party_chart(aggregates.parties)
        out["top"] = top_chart(aggregates)
    return out


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of `url` as inline SVG (no data: URL, no script: the CSP stays strict)."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True, light="#fff",
                                                 svgclass="qr", lineclass=None)
    # segno writes no ARIA: label the image so a screen reader says what it is.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
