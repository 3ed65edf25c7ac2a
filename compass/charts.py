"""Server-rendered SVG charts: plain values in, one self-contained ``<svg>`` string out.

Standard library only: no Flask, no numpy, no markup types; the caller wraps the string with
``Markup``. Every user-visible word (title, description, labels, notes) comes in as an argument,
already translated, and is escaped here; this module only adds numbers, percent signs and the
no-value dash. Values may be any real number, numpy scalars included. None, NaN, infinities and
anything that is not a number are "no value" and drawn as such, never as "nan".

Every chart scales with its container (``viewBox`` and ``width="100%"``), is ``role="img"``
labelled by its own ``<title>`` and ``<desc>`` (ids prefixed by ``id_prefix`` so several charts
can share a page), and uses only presentation attributes: no style sheet, script, font or image.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

__all__ = [
    "NO_VALUE",
    "Bar",
    "Point",
    "Series",
    "bar_chart",
    "distribution_bar",
    "map_chart",
    "radar_chart",
]

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


def bar_chart(
    items: Sequence[Bar | tuple],
    *,
    title: str,
    desc: str,
    id_prefix: str = "bars",
    max_value: float = 100.0,
    value_format: Callable[[float], str] = _percent,
) -> str:
    """Draw one horizontal bar per item, its label above it and its value at its end.

    Items are `Bar`s, tuples ``(label, value, colour[, note])`` or objects with those
    attributes. Bars are clipped to ``[0, max_value]`` while the value text shows the value
    itself; an item without a value gets no bar and the text "–".
    """
    _validate_id_prefix(id_prefix)
    top = _validate_max_value(max_value)
    rows = [_Row(_clean(bar.label), _number(bar.value), _validate_colour(bar.colour),
                 None if bar.note is None else _clean(bar.note))
            for bar in map(_as_bar, items)]
    body, height = _rows_svg(rows, top, value_format)
    return _svg(_WIDTH, height, id_prefix, title, desc, body)


def radar_chart(
    axes: Sequence[str],
    series: Sequence[Series | tuple],
    *,
    title: str,
    desc: str,
    id_prefix: str = "radar",
    max_value: float = 100.0,
    value_format: Callable[[float], str] = _percent,
) -> str:
    """Draw a spider chart: one axis per theme, one closed polygon per series, a legend below.

    Values are clipped to ``[0, max_value]``; grid rings mark 25, 50, 75 and 100 %. A series
    with a missing value is not closed or filled, since a filled area would claim a value
    that does not exist: lines join only neighbouring axes that both have values, and each
    value is marked with a dot. With fewer than three axes a spider has no area to read, so
    the chart falls back to bars grouped by axis (heading, then one bar per series).
    Each series needs exactly one value per axis.
    """
    _validate_id_prefix(id_prefix)
    top = _validate_max_value(max_value)
    labels = [_clean(axis) for axis in axes]
    drawn = [_as_series(one) for one in series]
    for one in drawn:
        if len(one.values) != len(labels):
            raise ValueError(f"series {one.label!r} has {len(one.values)} values "
                             f"for {len(labels)} axes")
    if len(labels) < 3:
        rows: list[_Row] = []
        for index, axis in enumerate(labels):
            rows.append(_Row(axis))
            rows.extend(_Row(one.label, _number(one.values[index]), one.colour, None,
                             one.dashed) for one in drawn)
        body, height = _rows_svg(rows, top, value_format)
        return _svg(_WIDTH, height, id_prefix, title, desc, body)
    body, width, height = _radar_body(labels, drawn, top, value_format)
    return _svg(width, height, id_prefix, title, desc, body)


def map_chart(
    points: Sequence[Point | tuple],
    *,
    title: str,
    desc: str,
    id_prefix: str = "map",
    x_label: str = "",
    y_label: str = "",
) -> str:
    """Draw a scatter of parties and the voter on two axes through the origin.

    Both axes share one scale, symmetric around 0 and fitted to the largest coordinate, so
    distances on the map are true to the data. The highlighted point (the voter) is a hollow
    diamond with a bold label, every other point a dot; a point without both coordinates is
    left out. Labels that would overlap move down (or up) a line, with a leader line back to
    their point.
    """
    _validate_id_prefix(id_prefix)
    drawn = [_as_point(one) for one in points]
    body, width, height = _map_body(drawn, _clean(x_label), _clean(y_label))
    return _svg(width, height, id_prefix, title, desc, body)


def distribution_bar(
    counts: Sequence[float | None],
    colours: Sequence[str],
    labels: Sequence[str],
    *,
    title: str,
    desc: str,
    id_prefix: str = "dist",
    value_format: Callable[[float], str] = _count,
) -> str:
    """Draw one 100 % stacked bar of counts with a legend of labels and counts below.

    A count is written inside its segment when it fits. None, NaN and negative counts are
    no value: no segment and "–" in the legend. With nothing to count the bar is an empty
    outline.
    """
    _validate_id_prefix(id_prefix)
    if not len(counts) == len(colours) == len(labels):
        raise ValueError(f"{len(counts)} counts, {len(colours)} colours and {len(labels)} "
                         "labels: need one of each per category")
    values = [_number(count) for count in counts]
    values = [None if value is None or value < 0 else value for value in values]
    fills = [_validate_colour(colour) for colour in colours]
    names = [_clean(label) for label in labels]
    body, height = _distribution_body(values, fills, names, value_format)
    return _svg(_WIDTH, height, id_prefix, title, desc, body)


# Layouts ---------------------------------------------------------------------------------


def _rows_svg(rows: list[_Row], top: float, value_format: Callable[[float], str],
              width: float = _WIDTH) -> tuple[str, float]:
    """Lay out rows of label-above-bar; return the SVG body and its height."""
    values = {index: value_format(row.value) for index, row in enumerate(rows)
              if row.colour is not None and row.value is not None}
    longest = max((len(text) for text in values.values()), default=len(NO_VALUE))
    # An absurdly long value text may take at most 40 % of the width, never the bars' room.
    span = width - 2 * _PAD - min(_text_width(longest, _FONT) + 6, 0.4 * width)
    wrap_at = int((width - 2 * _PAD) / (_CHAR * _FONT))
    track, parts = [], []
    y = float(_PAD)
    for index, row in enumerate(rows):
        lines = _wrap(row.label, wrap_at)
        heading = row.colour is None
        for number, line in enumerate(lines):
            note = ""
            if row.note and number == len(lines) - 1:
                note = f'<tspan dx="8" font-size="{_SMALL_FONT}">{_esc(row.note)}</tspan>'
            weight = ' font-weight="bold"' if heading else ""
            parts.append(f'<text x="{_PAD}" y="{_f(y + 13)}"{weight}>{_esc(line)}{note}</text>')
            y += _LINE
        if heading:
            y += 2
            continue
        bar_top = y + 2
        if row.value is None:
            parts.append(f'<text x="{_PAD}" y="{_f(bar_top + 13)}">{NO_VALUE}</text>')
        else:
            length = span * _clip(row.value, top) / top
            track.append(f"M{_PAD} {_f(bar_top + _BAR / 2)}h{_f(span)}")
            outline = (f' fill-opacity=".12" stroke="{row.colour}" stroke-width="2" '
                       f'stroke-dasharray="4 3"' if row.dashed else "")
            parts.append(f'<rect x="{_PAD}" y="{_f(bar_top)}" width="{_f(length)}" '
                         f'height="{_BAR}" fill="{row.colour}"{outline}/>')
            parts.append(f'<text x="{_f(_PAD + length + 6)}" y="{_f(bar_top + 13)}">'
                         f"{_esc(values[index])}</text>")
        y = bar_top + _BAR + _ROW_GAP
    height = y - _ROW_GAP + _PAD if rows and rows[-1].colour is not None else y + _PAD
    # The track shows the full scale behind each bar; one path keeps it to a few bytes a row.
    grid = f'<path d="{"".join(track)}" stroke="{GRID_COLOUR}"/>' if track else ""
    return grid + "".join(parts), height


def _radar_body(labels: list[str], series: list[Series], top: float,
                value_format: Callable[[float], str]) -> tuple[str, float, float]:
    """Lay out a spider chart of three or more axes; return its body, width and height."""
    radius, gap = 110, 8
    wrapped = [_wrap(label, 16) for label in labels]
    widest = max(_text_width(len(line), _SMALL_FONT) for lines in wrapped for line in lines)
    deepest = max(len(lines) for lines in wrapped)
    # Side labels grow outwards from the ring and top labels upwards, so the margins hold the
    # widest and the tallest label whatever the angle.
    margin_x = _PAD + widest + gap
    margin_y = _PAD + _SMALL_FONT + (deepest - 1) * _SMALL_LINE + gap
    width = max(2 * (margin_x + radius), 320.0)
    cx, cy = width / 2, margin_y + radius
    angles = [-math.pi / 2 + 2 * math.pi * i / len(labels) for i in range(len(labels))]

    rings = "".join(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(radius * k / 4)}"/>'
                    for k in range(1, 5))
    spokes = "".join(f"M{_f(cx)} {_f(cy)}L{_f(cx + radius * math.cos(a))} "
                     f"{_f(cy + radius * math.sin(a))}" for a in angles)
    parts = [f'<g fill="none" stroke="{GRID_COLOUR}">{rings}<path d="{spokes}"/></g>']
    parts.extend(f'<text x="{_f(cx + 4)}" y="{_f(cy - radius * k + 12)}" font-size="11">'
                 f"{_esc(value_format(top * k))}</text>" for k in (0.5, 1))

    labels_svg = []
    for lines, angle in zip(wrapped, angles, strict=True):
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + (radius + gap) * cos, cy + (radius + gap) * sin
        anchor = "middle" if abs(cos) < 0.3 else "start" if cos > 0 else "end"
        if sin < -0.3:
            first = y - (len(lines) - 1) * _SMALL_LINE
        elif sin > 0.3:
            first = y + 0.8 * _SMALL_FONT
        else:
            first = y - (len(lines) - 1) * _SMALL_LINE / 2 + 0.35 * _SMALL_FONT
        attrs = "" if anchor == "start" else f' text-anchor="{anchor}"'
        labels_svg.append(_text_lines(x, first, lines, _SMALL_LINE, attrs))
    parts.append(f'<g font-size="{_SMALL_FONT}">{"".join(labels_svg)}</g>')

    for one in series:
        vertices = []
        for value, angle in zip(one.values, angles, strict=True):
            value = _number(value)
            if value is None:
                vertices.append(None)
                continue
            reach = radius * _clip(value, top) / top
            vertices.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
        parts.append(_series_svg(vertices, one.colour, one.dashed))

    height = 2 * cy
    legend, legend_height = _legend(series, width, height)
    parts.append(legend)
    return "".join(parts), width, height + legend_height


def _series_svg(vertices: list[tuple[float, float] | None], colour: str, dashed: bool) -> str:
    """Draw one radar series: a filled polygon if complete, else broken lines and dots."""
    dash = f' stroke-dasharray="{_DASH}"' if dashed else ""
    group = f'<g fill="{colour}" stroke="{colour}" stroke-width="2"{dash}>'
    present = [vertex for vertex in vertices if vertex is not None]
    if len(present) == len(vertices):
        return f'{group}<polygon points="{_points(present)}" fill-opacity=".12"/></g>'
    if not present:
        return ""
    # Walk the ring once starting after a gap, so a run that wraps past the first axis stays
    # one line.
    start = vertices.index(None) + 1
    runs: list[list[tuple[float, float]]] = [[]]
    for step in range(len(vertices)):
        vertex = vertices[(start + step) % len(vertices)]
        if vertex is None:
            runs.append([])
        else:
            runs[-1].append(vertex)
    lines = "".join(f'<polyline points="{_points(run)}" fill="none"/>'
                    for run in runs if len(run) > 1)
    dots = "".join(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" stroke="none"/>'
                   for run in runs for x, y in run)
    return f"{group}{lines}{dots}</g>"


def _legend(series: list[Series], width: float, top: float) -> tuple[str, float]:
    """Lay out the radar legend in as many columns as fit; return it and its height."""
    if not series:
        return "", 0.0
    entry = 24 + max(_text_width(len(one.label), _FONT) for one in series) + 16
    columns = max(1, min(len(series), int((width - 2 * _PAD) // entry)))
    column_width = (width - 2 * _PAD) / columns
    parts = []
    for index, one in enumerate(series):
        x = _PAD + (index % columns) * column_width
        y = top + 14 + (index // columns) * 20
        dash = f' stroke-dasharray="{_DASH}"' if one.dashed else ""
        parts.append(f'<path d="M{_f(x)} {_f(y - 5)}h18" stroke="{one.colour}" '
                     f'stroke-width="3"{dash}/><text x="{_f(x + 24)}" y="{_f(y)}">'
                     f"{_esc(one.label)}</text>")
    rows = math.ceil(len(series) / columns)
    return "".join(parts), rows * 20 + 4


def _map_body(points: list[Point], x_label: str, y_label: str) -> tuple[str, float, float]:
    """Lay out the map: axes, points and nudged labels; return its body, width and height."""
    side, room = 300, 80
    width = 2 * (_PAD + room) + side
    cx = width / 2
    parts = []
    y = float(_PAD)
    if y_label:
        # Horizontal and next to the top of the vertical axis: rotated text is hard to read
        # on a phone.
        lines = _wrap(y_label, int((width - _PAD - cx - 6) / (_CHAR * _SMALL_FONT)))
        parts.append(_text_lines(cx + 6, y + 11, lines, _SMALL_LINE,
                                 f' font-size="{_SMALL_FONT}"'))
        y += len(lines) * _SMALL_LINE + 4
    top = y
    cy = top + side / 2
    y = top + side
    if x_label:
        lines = _wrap(x_label, int((width - 2 * _PAD) / (_CHAR * _SMALL_FONT)))
        parts.append(_text_lines(cx, y + 6 + 11, lines, _SMALL_LINE,
                                 f' font-size="{_SMALL_FONT}" text-anchor="middle"'))
        y += 6 + len(lines) * _SMALL_LINE
    height = y + _PAD
    axes = (f'<path d="M{_f(cx - side / 2)} {_f(cy)}h{side}M{_f(cx)} {_f(top)}v{side}" '
            f'stroke="{GRID_COLOUR}"/>')

    coordinates = []
    for point in points:
        if point.x is not None and point.y is not None:
            coordinates.append((point, point.x, point.y))
    extent = max((max(abs(x), abs(y)) for _, x, y in coordinates), default=0.0)
    # 15 % padding keeps dots and diamonds off the plot's edge; one unit when every point
    # sits at the origin (or there are none) avoids dividing by zero.
    scale = side / 2 / (extent * 1.15 if extent > 0 else 1.0)
    if not math.isfinite(scale):
        scale = side / 2  # extents so small they overflow are the same spot
    located = [(point, cx + x * scale, cy - y * scale) for point, x, y in coordinates]

    leaders, shapes, texts = [], [], []
    placed: list[tuple[float, float, float]] = []
    # The voter's label is placed first so it keeps its spot next to the diamond.
    for point, px, py in sorted(located, key=lambda item: not item[0].highlight):
        text_width = _text_width(len(point.label), _SMALL_FONT) * (1.1 if point.highlight else 1)
        offset = 11 if point.highlight else 8
        if px + offset + text_width <= width - _PAD or px - offset - text_width < _PAD:
            anchor, left = "start", px + offset
        else:
            anchor, left = "end", px - offset - text_width
        baseline = _free_baseline(left, left + text_width, py + 4, placed,
                                  (top + 10, top + side))
        placed.append((left, left + text_width, baseline))
        if abs(baseline - py - 4) >= _SMALL_LINE:
            near = left - 2 if anchor == "start" else left + text_width + 2
            leaders.append(f"M{_f(px)} {_f(py)}L{_f(near)} {_f(baseline - 4)}")
        attrs = ' text-anchor="end"' if anchor == "end" else ""
        attrs += ' font-weight="bold"' if point.highlight else ""
        x = left if anchor == "start" else left + text_width
        texts.append(f'<text x="{_f(x)}" y="{_f(baseline)}"{attrs}>{_esc(point.label)}</text>')
    for point, px, py in sorted(located, key=lambda item: item[0].highlight):
        if point.highlight:
            # A hollow diamond, bigger than the dots: the voter stands out without colour.
            diamond = _points([(px, py - 9), (px + 9, py), (px, py + 9), (px - 9, py)])
            shapes.append(f'<polygon points="{diamond}" fill="#fff" stroke="{point.colour}" '
                          'stroke-width="3"/>')
        else:
            shapes.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="5" fill="{point.colour}"/>')
    lead = f'<path d="{"".join(leaders)}" stroke="{GRID_COLOUR}"/>' if leaders else ""
    body = (axes + lead + "".join(shapes)
            + f'<g font-size="{_SMALL_FONT}">{"".join(texts)}</g>' + "".join(parts))
    return body, width, height


def _free_baseline(left: float, right: float, wanted: float,
                   placed: list[tuple[float, float, float]],
                   bounds: tuple[float, float]) -> float:
    """Return the baseline nearest `wanted`, a line at a time, where a label overlaps none."""
    # Labels stay within the plot square, clear of the axis labels above and below it.
    lowest, highest = bounds
    for step in range(len(placed) + 1):
        for baseline in (wanted + step * _SMALL_LINE, wanted - step * _SMALL_LINE):
            if not lowest <= baseline <= highest:
                continue
            if not any(left < other_right and other_left < right
                       and abs(baseline - other) < _SMALL_LINE
                       for other_left, other_right, other in placed):
                return baseline
    return min(max(wanted, lowest), highest)


def _distribution_body(values: list[float | None], colours: list[str], labels: list[str],
                       value_format: Callable[[float], str]) -> tuple[str, float]:
    """Lay out the stacked bar and its legend; return the body and its height."""
    bar_height, span = 28, _WIDTH - 2 * _PAD
    # Shares are taken of counts divided by the largest, so even counts near the float limit
    # add up to a finite total.
    largest = max((value for value in values if value is not None), default=0.0)
    shares = [value / largest if value and largest > 0 else 0.0 for value in values]
    total = sum(shares)
    parts = []
    if total > 0:
        # Edges come from rounded running totals, so rounding never opens gaps between
        # segments or lets them spill past the end.
        running, edge = 0.0, float(_PAD)
        for value, share, colour in zip(values, shares, colours, strict=True):
            if not value:
                continue
            running += share
            end = round(_PAD + span * running / total, 1)
            width = end - edge
            parts.append(f'<rect x="{_f(edge)}" y="{_PAD}" width="{_f(width)}" '
                         f'height="{bar_height}" fill="{colour}"/>')
            text = value_format(value)
            if _text_width(len(text), _FONT) + 6 <= width:
                parts.append(f'<text x="{_f(edge + width / 2)}" y="{_PAD + 19}" '
                             f'text-anchor="middle" fill="{_text_on(colour)}">'
                             f"{_esc(text)}</text>")
            edge = end
    else:
        parts.append(f'<rect x="{_PAD}" y="{_PAD}" width="{span}" height="{bar_height}" '
                     f'fill="none" stroke="{GRID_COLOUR}"/>')
    # The legend flows left to right in category order, swatch, label and count, so a
    # segment is found by its order and count as well as by its colour.
    x, y = float(_PAD), _PAD + bar_height + 22.0
    for value, colour, label in zip(values, colours, labels, strict=True):
        count = NO_VALUE if value is None else value_format(value)
        entry = 18 + _text_width(len(label) + len(count) + 1, _FONT)
        if x > _PAD and x + entry > _WIDTH - _PAD:
            x, y = float(_PAD), y + 20
        parts.append(f'<rect x="{_f(x)}" y="{_f(y - 11)}" width="12" height="12" '
                     f'fill="{colour}"/><text x="{_f(x + 18)}" y="{_f(y)}">{_esc(label)}'
                     f'<tspan dx="4" font-weight="bold">{_esc(count)}</tspan></text>')
        x += entry + 14
    height = y + 4 + _PAD if labels else _PAD + bar_height + _PAD
    return "".join(parts), height


# Building blocks --------------------------------------------------------------------------


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
