"""A glossary for lessons: the terms of local safety politics a class is likely to meet.

A set's glossary is the entries whose pattern occurs in its statements' texts (Swedish,
easy-read and background), so a lesson sheet lists only what its statements use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..setview import SetView, StatementView


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term as written, what it means, and how to find it in a text."""

    term: str  # Swedish on every page: the word the statements use
    meaning: object  # a lazy translated string
    pattern: re.Pattern[str]


def _term(term: str, meaning, pattern: str) -> Term:
    return Term(term=term, meaning=meaning, pattern=re.compile(pattern, re.IGNORECASE))


TERMS = (
    _term("BID", _l("Business Improvement District: fastighetsägare, butiker och kommunen i ett "
                    "område går ihop och betalar tillsammans för att göra området tryggare och "
                    "trivsammare."), r"\bBID\b"),
    _term("CTC", _l("Communities That Care: en arbetsmetod där kommunen kartlägger vad som "
                    "skyddar barn och unga och vad som ökar risken för problem, och sedan väljer "
                    "insatser efter det."), r"\bCTC\b"),
    _term("SSPF", _l("Samverkan mellan skola, socialtjänst, polis och fritid kring unga som "
                     "riskerar att hamna i brott eller missbruk."), r"\bSSPF\b"),
    _term("LVU", _l("Lagen med särskilda bestämmelser om vård av unga: gör det möjligt att ge ett "
                    "barn vård även om barnet eller föräldrarna inte går med på det."),
          r"\bLVU\b"),
    _term("socialtjänsten", _l("Kommunens förvaltning som hjälper barn, familjer och "
                                       "vuxna som har det svårt, till exempel med stöd, "
                                       "utredningar och placeringar."), r"socialtjänst"),
    _term("ordningsvakt", _l("En person som kommunen eller en verksamhet anlitar och som "
                                     "polisen har förordnat. Ordningsvakter får till exempel "
                                     "avvisa och omhänderta, men är inte poliser."),
          r"ordningsvakt"),
    _term("trygghetsvärd", _l("En person som rör sig i ett område för att folk ska "
                                      "känna sig trygga. Trygghetsvärdar har inga särskilda "
                                      "befogenheter, till skillnad från ordningsvakter."),
          r"trygghetsvärd"),
    _term("kameraövervakning", _l("Kameror som filmar en plats. På allmän plats "
                                          "behöver kommunen oftast tillstånd, och filmerna får "
                                          "bara användas till vissa saker."),
          r"kameraövervakning"),
    _term("brottsförebyggande arbete", _l("Det som görs för att brott inte ska hända "
                                                  "alls, till exempel bättre belysning, "
                                                  "fritidsaktiviteter eller stöd till unga."),
          r"brottsförebyggande"),
    _term("samverkan", _l("När flera myndigheter och organisationer, till exempel "
                                  "kommunen, polisen och skolan, planerar och arbetar "
                                  "tillsammans."), r"\bsamverk"),
)


def _texts(st: StatementView) -> str:
    return " ".join((st.text, st.easy_read, st.background))


def set_glossary(view: SetView) -> tuple[Term, ...]:
    """The glossary entries whose terms occur somewhere in the set's statements."""
    text = " ".join(_texts(st) for st in view.statements)
    return tuple(t for t in TERMS if t.pattern.search(text))


def statement_glossary(st: StatementView) -> tuple[Term, ...]:
    """The glossary entries whose terms occur in one statement."""
    text = _texts(st)
    return tuple(t for t in TERMS if t.pattern.search(text))
