"""User-visible names of answers, weights, metrics and policies, translated lazily."""

from __future__ import annotations

from .i18n import language_memo
from .i18n import lazy_text as _l

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
    """Return the label of an answer or position value (None = no stated position).

    Memoised per language: a result page asks for some thirty of them, and each `str()` of a
    lazy text looks the catalogue up anew.
    """
    texts = language_memo()
    key = ("answer", value, levels)
    found = texts.get(key)
    if found is None:
        found = texts[key] = str(NO_POSITION_LABEL if value is None
                                 else ANSWER_LABELS[levels][value])
    return found


EVIDENCE_LABELS = {
    "proposal": _l("Förslag: texten föreslår eller kräver åtgärden"),
    "goal": _l("Mål: texten stöder riktningen utan konkret åtagande"),
    "description": _l("Beskrivning: texten beskriver ett problem eller läge"),
    "questionnaire": _l("Enkätsvar: partiets eget svar på påståendet"),
}
REVIEW_LABELS = {
    "not_asked": _l("Inte tillfrågat"),
    "pending": _l("Väntar på partiets svar"),
    "confirmed": _l("Bekräftad av partiet"),
    "objected": _l("Partiet invänder"),
    "resolved": _l("Invändningen besvarad"),
}
# Sentences that name the ranked actors, as the set's `actors` setting says: whole sentences,
# one msgid each, so every language can word them its own way.
ACTOR_SENTENCES = {
    "choose_title": {"partier": _l("Välj partier"), "aktörer": _l("Välj aktörer")},
    "choose_heading": {"partier": _l("Vilka partier vill du jämföra med?"),
                       "aktörer": _l("Vilka aktörer vill du jämföra med?")},
    "choose_legend": {
        "partier": _l("Alla partier är valda. Avmarkera dem du inte vill jämföra med."),
        "aktörer": _l("Alla aktörer är valda. Avmarkera dem du inte vill jämföra med.")},
    "choose_error": {"partier": _l("Välj minst ett parti för att se ditt resultat."),
                     "aktörer": _l("Välj minst en aktör för att se ditt resultat.")},
    "ranking_heading": {"partier": _l("Så mycket håller partierna med dig"),
                        "aktörer": _l("Så mycket håller aktörerna med dig")},
    "class_heading": {"partier": _l("Klassens matchning med partierna"),
                      "aktörer": _l("Klassens matchning med aktörerna")},
    "class_best": {"partier": _l("Vilket parti matchar flest elever bäst?"),
                   "aktörer": _l("Vilken aktör matchar flest elever bäst?")},
    "positions_heading": {"partier": _l("Partiernas ståndpunkter"),
                          "aktörer": _l("Aktörernas ståndpunkter")},
    "map_heading": {"partier": _l("Karta över partierna och dig"),
                    "aktörer": _l("Karta över aktörerna och dig")},
    "column": {"partier": _l("Parti"), "aktörer": _l("Aktör")},
    "framing_label": {"partier": _l("Om partierna:"), "aktörer": _l("Om aktörerna:")},
    "noun": {"partier": _l("Partier"), "aktörer": _l("Aktörer")},
}


def actor_text(view, name: str) -> str:
    """Return the sentence `name` worded for the set's actors ("partier" or "aktörer")."""
    wording = ACTOR_SENTENCES[name]
    return str(wording.get(getattr(view, "actors", "partier"), wording["partier"]))

# The same metrics named for a first-time voter (the result page); the method page keeps
# the technical names above.
PLAIN_METRIC_LABELS = {
    "agreement": _l("Hur nära dina svar ligger (standard)"),
    "euclidean": _l("Stora skillnader räknas hårdare"),
    "hybrid": _l("Tydliga åsikter åt samma håll räknas mest"),
}
