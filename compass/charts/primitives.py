"""Chart primitives: the data classes, constants, number formats and SVG/XML helpers."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

NO_VALUE = "\u2013"
TEXT_COLOUR = "#1b1b1f"
GRID_COLOUR = "#c9ccd3"

_WIDTH = 400
_PAD = 8
_FONT = 14
_LINE = 17
_SMALL_FONT = 12
_SMALL_LINE = 14
# Average glyph advance of system-ui per unit of font size, on the generous side: text is
# never measured server-side, so layout reserves room from this estimate.
_CHAR = 0.6
_BAR = 16
_ROW_GAP = 12
_DASH = "6 4"

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# Characters XML 1.0 forbids even when escaped; one stray control character in a party name
# must not make the whole page's SVG ill-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, a value (None for no value), a colour and a note."""

    label: str
    value: float | None
    colour: str
    note: str | None = None


@dataclass(frozen=True)
class Series:
    """One polygon of a radar chart: one value per axis (None for no value)."""

    label: str
    values: Sequence[float | None]
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Point:
    """One labelled point of a map; the voter is the highlighted one."""

    label: str
    x: float | None
    y: float | None
    colour: str
    highlight: bool = False


@dataclass(frozen=True)
class _Row:
    """A row of the shared bar layout; without a colour it is a heading with no bar."""

    label: str
    value: float | None = None
    colour: str | None = None
    note: str | None = None
    dashed: bool = False


def _percent(value: float) -> str:
    """Format a value as a whole percent, Swedish style with a narrow no-break space."""
    # round() returns an int, so -0.3 becomes "0 %" rather than the "-0 %" of f"{v:.0f}".
    return f"{round(value)}\u202f%"


def _count(value: float) -> str:
    """Format a count: whole numbers without decimals, anything else with one."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _svg(width: float, height: float, id_prefix: str, title: str, desc: str, body: str) -> str:
    """Wrap a body in the responsive, labelled ``<svg>`` element every chart shares."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
            f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
            f'font-family="system-ui,sans-serif" font-size="{_FONT}" fill="{TEXT_COLOUR}">'
            f'<title id="{title_id}">{_esc(_clean(title))}</title>'
            f'<desc id="{desc_id}">{_esc(_clean(desc))}</desc>{body}</svg>')


def _text_lines(x: float, y: float, lines: list[str], line_height: int, attrs: str) -> str:
    """Return a ``<text>`` whose further lines are tspans restarting at the same x."""
    if not any(lines):
        return ""
    rest = "".join(f'<tspan x="{_f(x)}" dy="{line_height}">{_esc(line)}</tspan>'
                   for line in lines[1:])
    return f'<text x="{_f(x)}" y="{_f(y)}"{attrs}>{_esc(lines[0])}{rest}</text>'


def _wrap(text: str, width: int) -> list[str]:
    """Split text into lines of about `width` characters, never breaking a word."""
    return textwrap.wrap(text, max(width, 1), break_long_words=False) or [""]


def _points(vertices: Sequence[tuple[float, float]]) -> str:
    """Format vertices for a ``points`` attribute."""
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in vertices)


def _f(number: float) -> str:
    """Format a coordinate with at most one decimal and no trailing ".0" or "-0"."""
    text = f"{number:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _text_width(characters: int, font_size: float) -> float:
    """Estimate the width of a run of text, for layout only."""
    return characters * _CHAR * font_size


def _clip(value: float, top: float) -> float:
    """Clip a value to the drawable range ``[0, top]``."""
    return min(max(value, 0.0), top)


def _number(value: Any) -> float | None:
    """Return a finite float, or None for None, NaN, infinities and non-numbers."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _clean(text: Any) -> str:
    """Return text as str without the characters XML cannot carry."""
    return _NOT_XML.sub("", str(text))


def _esc(text: str) -> str:
    """Escape text for an element's content."""
    # Caller text only ever lands in element content (colours and ids are validated before
    # they reach an attribute), so &, < and > are all that need escaping.
    return escape(_clean(text))


def _text_on(colour: str) -> str:
    """Return white or the text colour, whichever contrasts more with `colour`."""
    digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    dark = 0.0119  # relative luminance of TEXT_COLOUR
    return "#fff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / (dark + 0.05) \
        else TEXT_COLOUR


def _as_bar(item: Any) -> Bar:
    """Accept a Bar, an object with its attributes, or a tuple in its field order."""
    if isinstance(item, Bar):
        return item
    if hasattr(item, "label"):
        return Bar(item.label, item.value, item.colour, getattr(item, "note", None))
    return Bar(*item)


def _as_series(item: Any) -> Series:
    """Accept a Series, an object with its attributes, or a tuple; clean its label."""
    if not isinstance(item, Series):
        item = (Series(item.label, item.values, item.colour, getattr(item, "dashed", False))
                if hasattr(item, "label") else Series(*item))
    return Series(_clean(item.label), list(item.values), _validate_colour(item.colour),
                  bool(item.dashed))


def _as_point(item: Any) -> Point:
    """Accept a Point, an object with its attributes, or a tuple; make coordinates floats."""
    if not isinstance(item, Point):
        item = (Point(item.label, item.x, item.y, item.colour,
                      getattr(item, "highlight", False))
                if hasattr(item, "label") else Point(*item))
    return Point(_clean(item.label), _number(item.x), _number(item.y),
                 _validate_colour(item.colour), bool(item.highlight))


def _validate_colour(colour: Any) -> str:
    """Return a "#rrggbb" (or "#rgb") colour, raising ValueError for anything else."""
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ValueError(f"colour must be '#rrggbb', got {colour!r}")
    return colour


def _validate_id_prefix(id_prefix: str) -> None:
    """Raise ValueError unless `id_prefix` can start an XML id (no spaces, no quotes)."""
    if not isinstance(id_prefix, str) or not _ID.fullmatch(id_prefix):
        raise ValueError(f"id_prefix must be a letter or _ then letters, digits, _ . -, "
                         f"got {id_prefix!r}")


def _validate_max_value(max_value: Any) -> float:
    """Return `max_value` as a float, raising ValueError unless it is finite and positive."""
    top = _number(max_value)
    if top is None or top <= 0:
        raise ValueError(f"max_value must be a finite number above 0, got {max_value!r}")
    return top
