"""Human words for the stored fields of statements, parties, sources and cells.

`field_label` names a field ("Riktning"), `value_text` says a stored value the way an editor
reads it: "fler åtgärder eller mer kontroll" for `more`, places counted from 1, party names
and source titles for keys, answer and evidence labels for codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import ngettext

from .. import labels
from ..setview import SetView
from ..templating import format_number
from . import audit

_PREVIEW = 300


def field_label(field: str) -> str:
    """The Swedish (or translated) name of a field, as the audit log names it."""
    return audit.label(field)


def _direction(value) -> str:
    if value == "more":
        return _("fler åtgärder eller mer kontroll")
    if value == "less":
        return _("färre åtgärder eller mindre kontroll")
    return _("ingen riktning angiven")


def _long_text(text: str, chars: int | None = None) -> str:
    chars = len(text) if chars is None else chars
    if chars <= _PREVIEW:
        return text
    return _("%(start)s … (%(chars)s tecken)", start=text[:_PREVIEW].rstrip(),
             chars=format_number(chars))


def _keys(values, name_of) -> str:
    names = [name_of(k) for k in values or ()]
    return ", ".join(names) if names else _("inga")


def value_text(field: str, value, view: SetView | None = None) -> str:
    """A stored value in words (`view` turns party and source keys into names).

    A text too long to show whole (or carried only as a fingerprint) shows its start and
    its length.
    """
    if isinstance(value, Mapping) and "digest" in value:
        return _long_text(value.get("start", ""), value.get("chars"))
    if field == "direction":
        return _direction(value)
    if field == "value":
        return labels.answer_label(value, view.levels if view else 5)
    if value is None or value == "" or value == []:
        return "–"
    if field == "order":
        return _("plats %(n)d", n=int(value) + 1)
    if field == "evidence":
        return str(labels.EVIDENCE_LABELS.get(value, value))
    if field == "review_status":
        return str(labels.REVIEW_LABELS.get(value, value))
    if field in ("source", "sources"):
        return _keys([value] if isinstance(value, str) else value, lambda k: _source(view, k))
    if field == "parties":
        return _keys(value, lambda k: _party(view, k))
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, int):
        return str(value)
    return _long_text(str(value))


def _source(view: SetView | None, key: str) -> str:
    document = view.source(key) if view else None
    return document.title if document else key


def _party(view: SetView | None, key: str) -> str:
    party = view.party(key) if view else None
    return party.name if party else key


def field_list(fields: list[str]) -> str:
    """Field names joined for a sentence: "Tema, Text och Bakgrund"."""
    names = [field_label(f) for f in fields]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s och %(last)s", first=", ".join(names[:-1]), last=names[-1])


def kept_sentence(fields: list[str]) -> str:
    """The flash after a merged save: which of the other editor's changes stayed."""
    return ngettext("Under tiden hade någon annan ändrat %(fields)s. Den ändringen är kvar.",
                    "Under tiden hade någon annan ändrat %(fields)s. De ändringarna är kvar.",
                    len(fields), fields=field_list(fields))
