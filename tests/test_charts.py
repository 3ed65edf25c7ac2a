"""SVG charts: well-formed, labelled, escaped, proportional, and calm about missing values."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from compass.charts import (
    NO_VALUE,
    Bar,
    Point,
    Series,
    bar_chart,
    distribution_bar,
    map_chart,
    radar_chart,
)

NS = "{http://www.w3.org/2000/svg}"
NAN = float("nan")
INF = float("inf")
NASTY = "A & <B> \"C\" 'D'"
COLOURS = ["#c8102e", "#005eb8", "#1b49dd", "#006a3b", "#6b2c91", "#8a5a00", "#1b1b1f", "#0b6e99"]
PARTIES = ["Socialdemokraterna", "Moderaterna", "Sverigedemokraterna", "Centerpartiet",
           "Vänsterpartiet", "Kristdemokraterna", "Liberalerna", "Miljöpartiet de gröna"]


def make_bars(values, labels=None):
    """Bars for `values`, labelled by party unless `labels` are given."""
    labels = labels or PARTIES
    return [Bar(labels[i % len(labels)], value, COLOURS[i % len(COLOURS)])
            for i, value in enumerate(values)]


def make_all_charts(values, label=NASTY):
    """Build every chart from the same odd values, so one test can check them all."""
    axes = [f"{label} {i}" for i in range(len(values))]
    return [
        bar_chart(make_bars(values, [label]), title=label, desc=label),
        radar_chart(axes, [Series(label, values, "#c8102e"),
                           Series("Du", values, "#1b1b1f", dashed=True)],
                    title=label, desc=label),
        map_chart([Point(label, v, v, "#c8102e") for v in values]
                  + [Point("Du", values[0] if values else None, 0, "#1b1b1f", highlight=True)],
                  title=label, desc=label, x_label=label, y_label=label),
        distribution_bar(values, ["#c8102e"] * len(values), [label] * len(values),
                         title=label, desc=label),
    ]


def parse(svg: str) -> ET.Element:
    """Parse an SVG string and check what every chart must be: responsive and labelled."""
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert len(root.get("viewBox").split()) == 4
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{NS}title").get("id") == title_id
    assert root.find(f"{NS}desc").get("id") == desc_id
    return root


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    """Return the viewBox as numbers."""
    return tuple(float(n) for n in root.get("viewBox").split())


def texts(root: ET.Element) -> list[str]:
    """Return the full text of every <text> element, tspans included."""
    return ["".join(element.itertext()) for element in root.iter(f"{NS}text")]


def rects(root: ET.Element) -> list[ET.Element]:
    """Return every <rect>."""
    return list(root.iter(f"{NS}rect"))


def coordinates(svg: str) -> list[float]:
    """Return every number in the SVG's attributes."""
    return [float(n) for value in re.findall(r'="([^"]*)"', svg)
            for n in re.findall(r"-?\d+(?:\.\d+)?", value)]


ODD_VALUES = {
    "empty": [],
    "single": [50],
    "two": [20, 80],
    "nan": [NAN],
    "none": [None],
    "all missing": [None, NAN, None, NAN],
    "zero": [0, 0, 0],
    "full": [100, 100, 100],
    "over": [250, 100, 3],
    "negative": [-20, 10, 30],
    "infinite": [INF, -INF, 40],
    "not a number": ["x", object(), 40],
    "mixed": [NAN, None, 0, 100, 250, -20, 42.5, 1e-9],
    "near the float limits": [1e308, 1e308, -1e308, 5e-324, 0],
}


@pytest.mark.parametrize("values", ODD_VALUES.values(), ids=ODD_VALUES.keys())
def test_odd_values_give_well_formed_charts_without_nan(values):
    for svg in make_all_charts(values):
        parse(svg)
        assert not re.search(r"\b(nan|inf|infinity)\b", svg, re.IGNORECASE), svg
        assert "None" not in svg
        assert all(math.isfinite(n) for n in coordinates(svg))
        assert all(float(rect.get("width")) >= 0 for rect in rects(parse(svg)))
        assert "  " not in svg and "\n" not in svg


def test_numpy_scalars_are_plain_numbers():
    np = pytest.importorskip("numpy")
    plain = bar_chart(make_bars([73.0, 41.0]), title="t", desc="d")
    numpy = bar_chart(make_bars([np.float64(73.0), np.float32(41.0)]), title="t", desc="d")
    assert numpy == plain
    with_nan = bar_chart(make_bars([np.float64("nan")]), title="t", desc="d")
    assert NO_VALUE in with_nan and "nan" not in with_nan


def test_bar_widths_are_proportional_to_values():
    root = parse(bar_chart(make_bars([100, 50, 25, 0]), title="t", desc="d"))
    widths = [float(rect.get("width")) for rect in rects(root)]
    assert widths[0] > 0
    assert widths[1:] == pytest.approx([widths[0] / 2, widths[0] / 4, 0], abs=0.1)
    assert texts(root)[1::2] == ["100\u202f%", "50\u202f%", "25\u202f%", "0\u202f%"]


def test_bars_are_clipped_but_values_are_told_as_they_are():
    root = parse(bar_chart(make_bars([150, -10, 100]), title="t", desc="d"))
    widths = [float(rect.get("width")) for rect in rects(root)]
    assert widths == [widths[2], 0, widths[2]]
    _, _, width, _ = view_box(root)
    assert all(float(r.get("x")) + float(r.get("width")) <= width for r in rects(root))
    assert "150\u202f%" in texts(root) and "-10\u202f%" in texts(root)


@pytest.mark.parametrize("missing", [None, NAN])
def test_missing_bar_has_no_rect_and_a_dash(missing):
    root = parse(bar_chart(make_bars([60, missing, 30]), title="t", desc="d"))
    assert len(rects(root)) == 2
    assert texts(root).count(NO_VALUE) == 1


def test_bar_tuples_notes_max_value_and_value_format():
    svg = bar_chart([("S", 3, "#c8102e", "3 av 12"), ("M", 6, "#1b49dd")], title="t",
                    desc="d", max_value=6, value_format=lambda v: f"{v:.1f}")
    root = parse(svg)
    widths = [float(rect.get("width")) for rect in rects(root)]
    assert widths[0] == pytest.approx(widths[1] / 2, abs=0.1)
    assert "S3 av 12" in texts(root) and "6.0" in texts(root)


def test_text_is_escaped_and_stays_well_formed():
    svg = bar_chart([Bar(NASTY, 50, "#c8102e", NASTY)], title=NASTY, desc=NASTY)
    assert "A &amp; &lt;B&gt;" in svg and "<B>" not in svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == NASTY
    assert root.find(f"{NS}desc").text == NASTY
    assert texts(root)[0] == NASTY + NASTY


def test_characters_xml_cannot_carry_are_dropped():
    root = parse(bar_chart([Bar("S\x00\x0b", 50, "#c8102e")], title="t\x1f", desc="d"))
    assert texts(root)[0] == "S"


@pytest.mark.parametrize("call", [
    lambda: bar_chart(make_bars([1]), title="t", desc="d", id_prefix='x" onload="y'),
    lambda: bar_chart(make_bars([1]), title="t", desc="d", id_prefix="two words"),
    lambda: bar_chart([Bar("S", 1, "red")], title="t", desc="d"),
    lambda: bar_chart([Bar("S", 1, '#fff" onclick="x')], title="t", desc="d"),
    lambda: bar_chart(make_bars([1]), title="t", desc="d", max_value=0),
    lambda: bar_chart(make_bars([1]), title="t", desc="d", max_value=NAN),
    lambda: radar_chart(["a", "b", "c"], [Series("S", [1, 2], "#c8102e")], title="t", desc="d"),
    lambda: distribution_bar([1, 2], ["#c8102e"], ["a", "b"], title="t", desc="d"),
])
def test_programming_errors_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_id_prefix_keeps_two_charts_apart():
    first = parse(bar_chart(make_bars([1]), title="t", desc="d", id_prefix="match-1"))
    second = parse(bar_chart(make_bars([1]), title="t", desc="d", id_prefix="match-2"))
    assert first.get("aria-labelledby") == "match-1-title match-1-desc"
    assert second.get("aria-labelledby") == "match-2-title match-2-desc"


def radar_geometry(root):
    """Return the centre and outer radius of a radar chart, read off its grid rings."""
    rings = list(root.iter(f"{NS}circle"))[:4]
    outer = max(rings, key=lambda ring: float(ring.get("r")))
    return float(outer.get("cx")), float(outer.get("cy")), float(outer.get("r")), rings


def test_radar_vertices_sit_at_the_value_radius():
    root = parse(radar_chart(["a", "b", "c", "d"], [Series("S", [50, 50, 100, 0], "#c8102e")],
                             title="t", desc="d"))
    cx, cy, radius, rings = radar_geometry(root)
    assert sorted(float(ring.get("r")) for ring in rings) == pytest.approx(
        [radius / 4, radius / 2, 3 * radius / 4, radius], abs=0.1)
    polygon = root.find(f".//{NS}polygon")
    vertices = [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]
    # The first axis points straight up, the rest follow clockwise.
    expected = [(cx, cy - radius / 2), (cx + radius / 2, cy), (cx, cy + radius), (cx, cy)]
    for (x, y), (ex, ey) in zip(vertices, expected, strict=True):
        assert x == pytest.approx(ex, abs=0.1) and y == pytest.approx(ey, abs=0.1)
    assert polygon.get("fill-opacity") == ".12"


def test_radar_with_a_missing_value_is_not_closed_or_filled():
    root = parse(radar_chart(["a", "b", "c", "d", "e"],
                             [Series("S", [50, None, 50, 50, 50], "#c8102e")],
                             title="t", desc="d"))
    assert root.find(f".//{NS}polygon") is None
    (line,) = root.iter(f"{NS}polyline")
    # The run wraps past the first axis: c, d, e, a in one line.
    assert len(line.get("points").split()) == 4
    dots = [c for c in root.iter(f"{NS}circle") if c.get("r") == "3"]
    assert len(dots) == 4


def test_radar_dashed_series_and_legend():
    root = parse(radar_chart(["a", "b", "c"], [Series("S", [1, 2, 3], "#c8102e"),
                                               Series("Du", [3, 2, 1], "#1b1b1f", True)],
                             title="t", desc="d"))
    groups = [g for g in root.iter(f"{NS}g") if g.get("stroke") == "#1b1b1f"]
    assert groups and groups[0].get("stroke-dasharray")
    assert "S" in texts(root) and "Du" in texts(root)


def test_radar_labels_are_anchored_away_from_the_centre_and_wrapped():
    axes = ["Skola", "Trygghet och polisens närvaro i stadsdelarna", "Miljö", "Äldreomsorg"]
    root = parse(radar_chart(axes, [Series("S", [1, 2, 3, 4], "#c8102e")],
                             title="t", desc="d"))
    labels = {" ".join(t.itertext()): t for t in root.find(f"{NS}g[@font-size='12']")}
    assert labels["Skola"].get("text-anchor") == "middle"
    assert labels["Äldreomsorg"].get("text-anchor") == "end"
    right = labels["Trygghet och polisens närvaro i stadsdelarna"]
    assert right.get("text-anchor") is None and len(right) >= 2
    _, _, width, _ = view_box(root)
    # Estimated text widths stay inside the viewBox.
    for text in root.iter(f"{NS}text"):
        x = float(text.get("x"))
        longest = max([len(text.text or "")] + [len(span.text) for span in text]) * 0.6 * 12
        anchor = text.get("text-anchor")
        left = x - longest if anchor == "end" else x - longest / 2 if anchor == "middle" else x
        assert 0 <= left and left + longest <= width


@pytest.mark.parametrize("axes", [[], ["Skola"], ["Skola", "Vård"]])
def test_radar_with_fewer_than_three_axes_falls_back_to_bars(axes):
    values = [60, None][: len(axes)]
    root = parse(radar_chart(axes, [Series("S", values, "#c8102e"),
                                    Series("Du", [40] * len(axes), "#1b1b1f", dashed=True)],
                             title="t", desc="d"))
    assert root.find(f".//{NS}polygon") is None
    assert len(rects(root)) == len(axes) + (1 if axes else 0)
    for axis in axes:
        assert axis in texts(root)


def points_of(root):
    """Return the centre of every dot and diamond on a map."""
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{NS}circle")]
    for polygon in root.iter(f"{NS}polygon"):
        xy = [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]
        centres.append((sum(x for x, _ in xy) / 4, sum(y for _, y in xy) / 4))
    return centres


def test_map_points_inside_view_box_and_voter_is_a_diamond():
    points = [Point(name, x, y, colour) for name, x, y, colour in
              zip(PARTIES, [-3.2, 2.5, 4.1, 0.3, -4.4, 1.9, 0.8, -2.2],
                  [1.1, -2.7, 3.0, 0.2, -0.5, 1.8, -1.0, 2.9], COLOURS, strict=True)]
    points.append(Point("Du", 0.5, -0.4, "#1b1b1f", highlight=True))
    root = parse(map_chart(points, title="t", desc="d", x_label="PC1", y_label="PC2"))
    _, _, width, height = view_box(root)
    centres = points_of(root)
    assert len(centres) == 9
    assert all(9 <= x <= width - 9 and 9 <= y <= height - 9 for x, y in centres)
    (diamond,) = root.iter(f"{NS}polygon")
    assert diamond.get("stroke") == "#1b1b1f" and diamond.get("fill") == "#fff"
    bold = [t for t in root.iter(f"{NS}text") if t.get("font-weight") == "bold"]
    assert [t.text for t in bold] == ["Du"]
    assert "PC1" in texts(root) and "PC2" in texts(root)


def test_map_keeps_distances_true_on_both_axes():
    root = parse(map_chart([Point("a", 2, 0, "#c8102e"), Point("b", 0, 2, "#c8102e")],
                           title="t", desc="d"))
    (ax, ay), (bx, by) = points_of(root)
    _, _, width, _ = view_box(root)
    assert ax - width / 2 == pytest.approx(ay - by, abs=0.2)


@pytest.mark.parametrize("points", [
    [Point("a", 0, 0, "#c8102e"), Point("b", 0, 0, "#005eb8"), Point("Du", 0, 0, "#1b1b1f", True)],
    [Point("a", 1.5, 1.5, "#c8102e"), Point("b", 1.5, 1.5, "#005eb8")],
    [Point("a", -2, 3, "#c8102e")],
], ids=["all at origin", "all identical", "single"])
def test_map_identical_points_get_separate_labels(points):
    root = parse(map_chart(points, title="t", desc="d"))
    centres = points_of(root)
    assert len(set(centres)) == 1
    baselines = [float(t.get("y")) for t in root.find(f"{NS}g[@font-size='12']")]
    assert len(set(baselines)) == len(points)


def test_map_skips_points_without_coordinates_and_still_draws_axes():
    root = parse(map_chart([Point("a", NAN, 1, "#c8102e"), Point("b", 1, None, "#c8102e")],
                           title="t", desc="d"))
    assert points_of(root) == []
    assert root.find(f"{NS}path") is not None
    assert texts(root) == []


def test_map_close_labels_are_nudged_apart():
    points = [Point(f"Parti {i}", 1 + i * 0.01, 1, "#c8102e") for i in range(4)]
    root = parse(map_chart(points, title="t", desc="d"))
    baselines = sorted(float(t.get("y")) for t in root.find(f"{NS}g[@font-size='12']"))
    assert all(b - a >= 14 for a, b in zip(baselines, baselines[1:], strict=False))


def test_distribution_segments_are_proportional_and_counts_written():
    svg = distribution_bar([2, 0, None, 6, 0], ["#8b0000", "#b34700", "#595959", "#006400",
                                                "#1b1b1f"],
                           ["helt emot", "emot", "neutral", "för", "hoppade över"],
                           title="t", desc="d")
    root = parse(svg)
    segments = [r for r in rects(root) if r.get("height") == "28"]
    assert [float(r.get("width")) for r in segments] == pytest.approx([96, 288], abs=0.1)
    assert float(segments[1].get("x")) == pytest.approx(8 + 96, abs=0.1)
    words = texts(root)
    assert "2" in words and "6" in words
    assert "neutral" + NO_VALUE in words and "emot0" in words


def test_distribution_text_contrasts_with_its_segment():
    root = parse(distribution_bar([5, 5], ["#1b1b1f", "#ffd700"], ["a", "b"],
                                  title="t", desc="d"))
    fills = [t.get("fill") for t in root.iter(f"{NS}text") if t.get("text-anchor")]
    assert fills == ["#fff", "#1b1b1f"]


@pytest.mark.parametrize("counts", [[0, 0, 0], [None, NAN, -1], []])
def test_distribution_with_nothing_counted_is_an_empty_outline(counts):
    root = parse(distribution_bar(counts, ["#c8102e"] * len(counts), ["a"] * len(counts),
                                  title="t", desc="d"))
    outline = [r for r in rects(root) if r.get("height") == "28"]
    assert len(outline) == 1 and outline[0].get("fill") == "none"


def test_output_is_deterministic():
    for first, second in zip(make_all_charts(ODD_VALUES["mixed"]),
                             make_all_charts(ODD_VALUES["mixed"]), strict=True):
        assert first == second


def test_charts_stay_small():
    bars = bar_chart(make_bars([73, 64, 58, 51, 47, 39, 33, None]),
                     title="Hur väl partierna matchar dina svar",
                     desc="Socialdemokraterna 73 %, Moderaterna 64 %, Sverigedemokraterna 58 %.")
    assert len(bars.encode()) < 2500
    themes = ["Skola och förskola", "Trygghet", "Äldreomsorg", "Miljö och klimat",
              "Bostäder", "Kollektivtrafik", "Kultur och fritid", "Näringsliv och jobb",
              "Socialtjänst", "Kommunens ekonomi"]
    series = [Series(name, [(i * 7 + j * 13) % 100 + 0.37 for j in range(10)], colour)
              for i, (name, colour) in enumerate(zip(PARTIES, COLOURS, strict=True))]
    series.append(Series("Du", [55.5] * 10, "#1b1b1f", dashed=True))
    radar = radar_chart(themes, series, title="Partierna per tema", desc="Beskrivning.")
    assert len(radar.encode()) < 8000


def test_charts_import_nothing_but_the_standard_library():
    code = ("import sys, compass.charts; "
            "print(sorted(m for m in ('flask', 'numpy', 'markupsafe', 'sqlalchemy') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
