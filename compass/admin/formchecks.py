"""Checks a form shows before it saves: warnings the editor confirms ("Spara ändå") and the
source text limit. Problems show on the form that causes them, never next to a success
message (the version overview lists the same lints later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request
from flask_babel import format_decimal
from flask_babel import gettext as _

from .. import problemtext
from ..inputs import format_size
from ..questionsets import contrast_with_white, limits
from ..questionsets.definitions import COLOUR_RE
from ..questionsets.lints import SIMILAR_COLOURS, colour_distance

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .forms import AdminForm, StatementForm

CONFIRM = "spara_anda"  # the name of the "save anyway" button of a form with warnings
MIN_CONTRAST = 3.0  # WCAG 2.1 non-text contrast: the result bars are drawn in the colour


def held_back(form: AdminForm, warnings: list[str]) -> bool:
    """Whether a valid form waits for its warnings to be confirmed (they show on the form,
    with a "save anyway" button; a success message comes only after that save)."""
    form.warnings = tuple(warnings)
    return bool(warnings) and request.form.get(CONFIRM) != "1"


def ratio_text(ratio: float) -> str:
    """A contrast ratio in the user's locale: "1,07:1"."""
    return f"{format_decimal(ratio, format='0.00')}:1"


def colour_warnings(colour: str, others: list[tuple[str, str]]) -> list[str]:
    """What is wrong with a party colour: too little contrast against the white page, or too
    close to another party's colour (`others`: (short name, colour) pairs)."""
    if not COLOUR_RE.match(colour or ""):
        return []
    found = []
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        found.append(_("Färgen har kontrasten %(ratio)s mot den vita sidan; under 3:1 syns "
                       "partiets staplar i väljarnas resultat dåligt. Välj en mörkare färg, "
                       "eller spara ändå.", ratio=ratio_text(ratio)))
    for name, other in others:
        distance = colour_distance(colour, other) if COLOUR_RE.match(other or "") else 99.0
        if distance < SIMILAR_COLOURS:
            found.append(problemtext.text("lint_similar_colours", {
                "party": name, "distance": round(distance, 1)}))
    return found


# Colours a new party starts with: each readable on white (contrast over 4.5:1) and more
# than SIMILAR_COLOURS apart from every other, so the default never earns a warning.
PALETTE = ("#1d4ed8", "#b91c1c", "#15803d", "#7e22ce", "#c2410c", "#0f766e", "#be185d",
           "#4b5563", "#a16207", "#1e3a8a", "#065f46", "#9f1239")


def suggested_colour(taken: list[str], fallback: str) -> str:
    """The first palette colour not close to any colour in `taken`; `fallback` if none is."""
    others = [("", colour) for colour in taken]
    return next((c for c in PALETTE if not colour_warnings(c, others)), fallback)


def statement_warnings(form: StatementForm) -> list[str]:
    """The readability lints of a statement's texts, for its form."""
    found = []
    for field in (form.text, form.text_en):
        length = len((field.data or "").strip())
        if length > limits.READABLE_STATEMENT:
            found.append(f"{field.label.text}: " + problemtext.text(
                "lint_long_statement", {"length": length, "limit": limits.READABLE_STATEMENT}))
    return found


def source_text_error(text: str) -> str | None:
    """Return why a source text is too long (over `limits.SOURCE_TEXT` in UTF-8), or None."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limits.SOURCE_TEXT:
        return None
    return _("Texten är %(size)s; en källtext får vara högst %(limit)s. Korta den eller dela "
             "upp den i flera källdokument.", size=format_size(size),
             limit=format_size(limits.SOURCE_TEXT))
