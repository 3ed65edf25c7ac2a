"""User-visible names of answers, weights, metrics and policies, translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ANSWER_LABELS = {
    5: {-2: _l("Helt emot"), -1: _l("Emot"), 0: _l("Neutral"), 1: _l("För"), 2: _l("Helt för")},
    3: {-1: _l("Emot"), 0: _l("Neutral"), 1: _l("För")},
}
SKIP_LABEL = _l("Hoppa över")
NO_POSITION_LABEL = _l("Ingen uttalad ståndpunkt")
WEIGHT_LABELS = {
    0.5: _l("Mindre viktigt (×½)"),
    1.0: _l("Normalt"),
    2.0: _l("Viktigt för mig (×2)"),
}
METRIC_LABELS = {
    "agreement": _l("Överensstämmelse"),
    "euclidean": _l("Avstånd (euklidiskt)"),
    "hybrid": _l("Hybrid (Mendez)"),
}
MISSING_POLICY_SENTENCES = {
    "neutral": _l("Har ett parti inte uttalat sig om ett påstående räknas partiet som neutralt "
                  "där."),
    "exclude": _l("Har ett parti inte uttalat sig om ett påstående räknas det påståendet inte "
                  "för det partiet – därför står det för varje parti hur många påståenden "
                  "matchningen bygger på."),
    "penalize": _l("Har ett parti inte uttalat sig om ett påstående räknas det som att partiet "
                   "tycker tvärtemot dig där."),
}
DIRECTION_LABELS = {
    "more": _l("Håller du med betyder det fler åtgärder eller mer kontroll."),
    "less": _l("Håller du med betyder det färre åtgärder eller mindre kontroll."),
}


def answer_label(value: int | None, levels: int) -> str:
    """Return the label of an answer or position value (None = no stated position)."""
    if value is None:
        return str(NO_POSITION_LABEL)
    return str(ANSWER_LABELS[levels][value])

# The same metrics named for a first-time voter (the result page); the method page keeps
# the technical names above.
PLAIN_METRIC_LABELS = {
    "agreement": _l("Hur nära dina svar ligger (standard)"),
    "euclidean": _l("Stora skillnader räknas hårdare"),
    "hybrid": _l("Tydliga åsikter åt samma håll räknas mest"),
}
