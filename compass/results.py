"""One voter's match against a set version: ranking, reasons, robustness, themes, map.

Shared by the quiz pages, the JSON API and the classroom. Everything numeric comes from
`compass.scoring` with the set's scale and missing-position policy; this module only picks
the chosen parties and turns arrays into plain dataclasses for templates and JSON.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from cachetools import LRUCache

from . import scoring, sensitivity
from .answers import Answer
from .setview import PartyView, PositionView, SetView, StatementView

MIN_ANSWERS = 3
METRICS = ("agreement", "euclidean", "hybrid")


@dataclass(frozen=True)
class PartyResult:
    """A party's place in the ranking; `score` None when nothing could be counted."""

    party: PartyView
    score: float | None
    coverage: int
    rank: int | None
    tied_with: tuple[str, ...]


@dataclass(frozen=True)
class ComparisonCell:
    """A party's position next to the voter's answer, and how well they agree (0…1)."""

    party: PartyView
    position: PositionView
    agreement: float | None
    counted: bool


@dataclass(frozen=True)
class ComparisonRow:
    """One statement: the voter's answer beside every chosen party's position."""

    statement: StatementView
    answer: Answer
    cells: tuple[ComparisonCell, ...]


@dataclass(frozen=True)
class RobustnessSummary:
    """How stable the top match is: verdict, share of resamples won, top party per metric."""

    verdict: str
    top: PartyView | None
    top_share: float
    runner_up: PartyView | None
    runner_up_share: float
    top_by_metric: dict[str, str | None]
    resamples: int


@dataclass(frozen=True)
class ThemeRow:
    """Match per theme (spider chart): one score per chosen party, None where none counted."""

    theme: str
    scores: tuple[float | None, ...]
    voter_answered: int


@dataclass(frozen=True)
class MapPoint:
    """A party (or the voter) on the first two principal components."""

    label: str
    x: float
    y: float
    colour: str
    is_voter: bool = False


@dataclass(frozen=True)
class MapAxis:
    """What a map axis means: the statement whose positions follow it most closely.

    `toward_agree` says whether the axis' positive end is agreeing with that statement.
    """

    statement: int
    toward_agree: bool


@dataclass(frozen=True)
class Highlights:
    """Where the voter agrees most and differs most with one party (statement indices)."""

    agree: tuple[int, ...]
    differ: tuple[int, ...]


@dataclass(frozen=True)
class SensitivitySummary:
    """Whether the top match stays first when `goal`/`description` positions are left out."""

    top: PartyView
    top_without: PartyView | None
    stays: bool
    masked: int


@dataclass(frozen=True)
class MatchReport:
    """Everything the result page, the API and the classroom show for one voter."""

    metric: str
    answered: int
    total: int
    parties: tuple[PartyView, ...]
    results: tuple[PartyResult, ...]
    comparison: tuple[ComparisonRow, ...]
    robustness: RobustnessSummary | None
    themes: tuple[ThemeRow, ...]
    map_points: tuple[MapPoint, ...]
    explained: tuple[float, float]
    highlights: dict[str, Highlights]
    sensitivity: SensitivitySummary | None = None
    map_axes: tuple[MapAxis, ...] = ()

    @property
    def too_few(self) -> bool:
        """Whether too few statements were answered for a meaningful result."""
        return self.answered < MIN_ANSWERS


def _number(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def compute(view: SetView, answers: tuple[Answer, ...], chosen: list[int],
            metric: str = "agreement", *, with_extras: bool = True,
            with_comparison: bool = True) -> MatchReport:
    """Score `answers` against the chosen parties of `view` under `metric`.

    `with_extras=False` skips robustness, themes and the map; `with_comparison=False` the
    statement × party cells (the result page groups positions itself).
    """
    values = np.array([np.nan if a.value is None else a.value for a in answers], dtype=float)
    weights = np.array([a.weight for a in answers], dtype=float)
    parties = tuple(view.parties[i] for i in chosen)
    positions = view.positions[chosen]
    options = {"levels": view.levels, "missing": view.missing}
    answered = int(np.count_nonzero(~np.isnan(values)))
    # explain's scores are match's, and its counted cells give the coverage: one call, not two.
    explanation = scoring.explain(values, positions, weights, metric=metric, **options)
    results = _ranked(parties, explanation.scores, explanation.counted.sum(axis=1))
    highlights = {
        p.key: Highlights(
            agree=tuple(int(j) for j in explanation.top_agreements(k, 3)
                        if explanation.agreement[k, j] >= 0.5),
            differ=tuple(int(j) for j in explanation.top_differences(k, 3)
                         if explanation.agreement[k, j] < 0.5))
        for k, p in enumerate(parties)}
    comparison = () if not with_comparison else tuple(
        ComparisonRow(statement=st, answer=answers[j], cells=tuple(
            ComparisonCell(party=p, position=st.positions[p.index],
                           agreement=_number(explanation.agreement[k, j])
                           if explanation.counted[k, j] else None,
                           counted=bool(explanation.counted[k, j]))
            for k, p in enumerate(parties)))
        for j, st in enumerate(view.statements))
    robustness = None
    themes: tuple[ThemeRow, ...] = ()
    points: tuple[MapPoint, ...] = ()
    explained = (0.0, 0.0)
    axes: tuple[MapAxis, ...] = ()
    if with_extras and answered >= MIN_ANSWERS and parties:
        robustness = _robustness(parties, values, positions, weights, metric, options)
        themes = _themes(view, values, positions, weights, metric, options)
        points, explained = _map(parties, values, positions, view.levels)
        axes = _map_axes(positions, points[:len(parties)])
    robust = (_sensitivity(view, parties, values, positions, weights, metric, options,
                           explanation.scores)
              if with_extras and answered >= MIN_ANSWERS and parties else None)
    return MatchReport(metric=metric, answered=answered, total=len(answers), parties=parties,
                       results=results, comparison=comparison, robustness=robustness,
                       themes=themes, map_points=points, explained=explained,
                       highlights=highlights, sensitivity=robust, map_axes=axes)


def _sensitivity(view, parties, values, positions, weights, metric, options, scores
                 ) -> SensitivitySummary | None:
    weak = _weak_cells(view, parties)
    if weak is None:  # a set without any evidence kinds has nothing to say here
        return None
    found = sensitivity.top_without_weak(values, positions, weights, weak, metric=metric,
                                         scores=scores, **options)
    if found is None:
        return None
    return SensitivitySummary(
        top=parties[found.top], stays=found.stays, masked=found.masked,
        top_without=None if found.top_without is None else parties[found.top_without])


_weak: LRUCache = LRUCache(maxsize=256)
_weak_lock = threading.Lock()


def _weak_cells(view: SetView, parties) -> np.ndarray | None:
    """The chosen parties' goal/description cells (None: the set records no evidence).

    Worked out once per view and party choice: views are immutable and cached, so the same
    object is the same content (the entry keeps its view, so its id() is not reused).
    """
    key = (id(view), tuple(p.index for p in parties))
    with _weak_lock:
        found = _weak.get(key)
    if found is not None and found[0] is view:
        return found[1]
    weak = None
    if any(pos.evidence for st in view.statements for pos in st.positions):
        weak = sensitivity.weak_mask([[st.positions[p.index].evidence for st in view.statements]
                                      for p in parties])
        weak.setflags(write=False)
    with _weak_lock:
        _weak[key] = (view, weak)
    return weak


def _ranked(parties, scores, coverage) -> tuple[PartyResult, ...]:
    if not parties:
        return ()
    ranking = scoring.ranking(scores)
    groups = {int(i): group for group in ranking.tie_groups for i in group}
    out = []
    for i in ranking.order:
        i = int(i)
        rank = int(ranking.rank[i])
        tied = tuple(parties[int(j)].key for j in groups.get(i, ()) if int(j) != i)
        score = _number(scores[i])
        out.append(PartyResult(party=parties[i], score=score, coverage=int(coverage[i]),
                               rank=rank if score is not None and rank > 0 else None,
                               tied_with=tied))
    return tuple(out)


def _robustness(parties, values, positions, weights, metric, options) -> RobustnessSummary:
    r = scoring.robustness(values, positions, weights, metric=metric, **options)

    def party_at(index):
        return parties[int(index)] if index is not None else None

    share = r.first_share
    return RobustnessSummary(
        verdict=r.verdict, top=party_at(r.top),
        top_share=float(share[r.top]) if r.top is not None else 0.0,
        runner_up=party_at(r.runner_up),
        runner_up_share=float(share[r.runner_up]) if r.runner_up is not None else 0.0,
        top_by_metric={m: (parties[int(i)].key if i is not None else None)
                       for m, i in r.top_by_metric.items()},
        resamples=int(r.resamples))


def _themes(view, values, positions, weights, metric, options) -> tuple[ThemeRow, ...]:
    t = scoring.theme_scores(values, positions, view.themes, weights, metric=metric, **options)
    answered_by_theme = {}
    for theme, value in zip(view.themes, values, strict=True):
        answered_by_theme[theme] = answered_by_theme.get(theme, 0) + int(not np.isnan(value))
    return tuple(ThemeRow(theme=theme, scores=tuple(_number(v) for v in t.scores[:, k]),
                          voter_answered=answered_by_theme.get(theme, 0))
                 for k, theme in enumerate(t.themes))


def _map(parties, values, positions, levels) -> tuple[tuple[MapPoint, ...], tuple[float, float]]:
    land = scoring.landscape(positions, values, levels=levels)
    points = [MapPoint(label=p.short_name, x=float(land.parties[k, 0]),
                       y=float(land.parties[k, 1]), colour=p.colour)
              for k, p in enumerate(parties)]
    if land.voter is not None and np.all(np.isfinite(land.voter)):
        points.append(MapPoint(label="", x=float(land.voter[0]), y=float(land.voter[1]),
                               colour="#1b1b1f", is_voter=True))
    explained = tuple(float(x) for x in land.explained[:2])
    return tuple(points), (explained + (0.0, 0.0))[:2]


def _map_axes(positions, points) -> tuple[MapAxis, ...]:
    """Name each map axis by the statement whose (imputed) positions correlate most with it."""
    if len(points) < 2:
        return ()
    matrix = np.ascontiguousarray(positions, dtype=np.float64)
    return _axes_of(matrix.tobytes(), matrix.shape, tuple((p.x, p.y) for p in points))


@lru_cache(maxsize=256)
def _axes_of(data: bytes, shape: tuple[int, int], coordinates: tuple) -> tuple[MapAxis, ...]:
    """`_map_axes` of one position matrix (as bytes): the parties' points depend on the
    positions only, so every result page of a set version and party choice shares these."""
    positions = np.frombuffer(data, dtype=np.float64).reshape(shape)
    points = [MapPoint(label="", x=x, y=y, colour="") for x, y in coordinates]
    has = ~np.isnan(positions)
    counts = has.sum(axis=0)
    means = np.divide(np.where(has, positions, 0.0).sum(axis=0), counts,
                      out=np.zeros(positions.shape[1]), where=counts > 0)
    centred = np.where(has, positions, means) - means
    spread = np.linalg.norm(centred, axis=0)
    axes = []
    for coordinate in (np.array([p.x for p in points]), np.array([p.y for p in points])):
        norm = float(np.linalg.norm(coordinate))
        if norm == 0 or not spread.any():
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.where(spread > 0, coordinate @ centred / (spread * norm), 0.0)
        best = int(np.argmax(np.abs(corr)))
        axes.append(MapAxis(statement=best, toward_agree=bool(corr[best] > 0)))
    return tuple(axes)
