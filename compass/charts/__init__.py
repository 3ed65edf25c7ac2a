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

from collections.abc import Callable, Sequence

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

from .layout import (
    _distribution_body,
    _map_body,
    _radar_body,
    _rows_svg,
)
from .primitives import (
    _WIDTH,
    NO_VALUE,
    Bar,
    Point,
    Series,
    _as_bar,
    _as_point,
    _as_series,
    _clean,
    _count,
    _number,
    _percent,
    _Row,
    _svg,
    _validate_colour,
    _validate_id_prefix,
    _validate_max_value,
)


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
