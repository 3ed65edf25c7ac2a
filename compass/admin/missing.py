"""Missing translations: every Swedish text of a version that has no English counterpart."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..setview import SetView

# (Swedish field, English field, label) per part of a set; positions' notes are listed per
# cell (they are edited in the cell screen).
SET_PAIRS = (("title", "title_en", _l("Titel")), ("description", "description_en",
                                                  _l("Beskrivning")),
             ("framing", "framing_en", _l("Rad om vad som jämförs")))
STATEMENT_PAIRS = (("text", "text_en", _l("Påstående")),
                   ("easy_read", "easy_read_en", _l("Lättläst text")),
                   ("background", "background_en", _l("Bakgrund")))
PARTY_PAIRS = (("name", "name_en", _l("Namn")), ("short_name", "short_name_en", _l("Kortnamn")))
SOURCE_PAIRS = (("title", "title_en", _l("Titel")),)


@dataclass(frozen=True)
class MissingText:
    """One Swedish text without English: where it is and what it says."""

    kind: str          # set | statement | theme | party | source | note
    key: str | None    # the item's key (a theme: its Swedish name; a note: "statement/party")
    name: str          # the item as editors know it
    field: str         # the field's label
    swedish: str


@dataclass(frozen=True)
class MissingGroup:
    """The missing texts of one part of the set."""

    kind: str
    items: tuple[MissingText, ...]


def _missing(kind, key, name, item, pairs) -> list[MissingText]:
    return [MissingText(kind, key, name, str(label), getattr(item, sv))
            for sv, en, label in pairs
            if (getattr(item, sv) or "").strip() and not (getattr(item, en) or "").strip()]


def missing_translations(view: SetView) -> list[MissingGroup]:
    """Every field of a version with Swedish text and no English, grouped by part of the set."""
    themes: dict[str, bool] = {}
    for st in view.statements:
        themes[st.theme] = themes.get(st.theme, False) or not st.theme_en
    groups = [
        ("set", _missing("set", None, view.title, view, SET_PAIRS)),
        ("statement", [m for st in view.statements for m in _missing(
            "statement", st.key, str(_l("Påstående %(n)d", n=st.index + 1)), st,
            STATEMENT_PAIRS)]),
        ("theme", [MissingText("theme", theme, theme, str(_l("Tema")), theme)
                   for theme, missing in themes.items() if missing and theme.strip()]),
        ("party", [m for p in view.parties
                   for m in _missing("party", p.key, p.name, p, PARTY_PAIRS)]),
        ("source", [m for s in view.sources
                    for m in _missing("source", s.key, s.title, s, SOURCE_PAIRS)]),
        ("note", [MissingText("note", f"{st.key}/{p.key}",
                              f"{p.short_name} · {_l('Påstående %(n)d', n=st.index + 1)}",
                              str(_l("Redaktionens kommentar")), pos.note)
                  for st in view.statements for p in view.parties
                  if (pos := st.positions[p.index]).note and pos.note.strip()
                  and not (pos.note_en or "").strip()]),
    ]
    return [MissingGroup(kind, tuple(items)) for kind, items in groups]
