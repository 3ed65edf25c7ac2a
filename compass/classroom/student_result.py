"""What a student's own result page shows: the voter's ranking, reasons and quotes."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from .. import charts, labels
from ..answers import Answer
from ..results import compute
from ..setview import SetView
from .presenters import own_answer_labels, percent

LOW_COVERAGE = 3  # the voter's result warns below this many compared statements, so do we


def student_result_context(view: SetView, answers: tuple[Answer, ...]) -> dict[str, object]:
    """The student's match report, chart and answer texts, for `classroom/student_result`."""
    report = compute(view, answers, [p.index for p in view.parties], with_extras=False)
    own_chart = None
    if not report.too_few and report.parties:
        own_chart = Markup(charts.bar_chart(
            [charts.Bar(r.party.short_name, r.score, r.party.colour) for r in report.results],
            title=_("Matchning per parti"),
            desc=_("Stapeldiagram över partiernas matchning med dina svar, högst först. "
                   "Samma siffror står i listan ovanför."),
            id_prefix="egen", value_format=percent))
    return {"report": report, "own_chart": own_chart, "pct": percent,
            "own_answers": own_answer_labels(answers, view.levels),
            "value_labels": {value: str(label) for value, label in
                             labels.ANSWER_LABELS[view.levels].items()},
            "low_coverage": LOW_COVERAGE}
