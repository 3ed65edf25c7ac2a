"""The drawing of each chart type: rows of bars, the radar, the map, the stacked bar."""

from __future__ import annotations

import math
from collections.abc import Callable

from .primitives import (
    _BAR,
    _CHAR,
    _DASH,
    _FONT,
    _LINE,
    _PAD,
    _ROW_GAP,
    _SMALL_FONT,
    _SMALL_LINE,
    _WIDTH,
    GRID_COLOUR,
    NO_VALUE,
    Point,
    Series,
    _clip,
    _esc,
    _f,
    _number,
    _points,
    _Row,
    _text_lines,
    _text_on,
    _text_width,
    _wrap,
)


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
        if not point.label:
            continue  # an unnamed dot (the caller names only some points on a crowded map)
        text_width = _text_width(len(point.label), _SMALL_FONT) * (1.1 if point.highlight else 1)
        offset = 11 if point.highlight else 8
        if px + offset + text_width <= width - _PAD or px - offset - text_width < _PAD:
            anchor, left = "start", px + offset
        else:
            anchor, left = "end", px - offset - text_width
        baseline = _free_baseline(left, left + text_width, py + 4, placed,
                                  (top + 10, top + side))
        if baseline is None:
            continue  # no free line: leave the label out rather than overlap another
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
                   bounds: tuple[float, float]) -> float | None:
    """Return the baseline nearest `wanted`, a line at a time, where a label overlaps none.

    None when no line within the bounds is free.
    """
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
    return None


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
