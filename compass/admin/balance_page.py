"""Page data for the balance audit: `compass.balance` arrays turned into plain rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import balance
from ..setview import PartyView, SetView, StatementView


@dataclass(frozen=True)
class PartyBalance:
    """One party: stated positions, coverage and maximum reachable score per metric."""

    party: PartyView
    stated: int
    coverage: float
    max_score: dict[str, float | None]


@dataclass(frozen=True)
class SimilarPair:
    """Two parties whose stated positions are nearly identical."""

    first: PartyView
    second: PartyView
    score: float
    common: int


@dataclass(frozen=True)
class BalancePage:
    """Everything the balance page shows."""

    themes: tuple[tuple[str, int, int], ...]
    more: int
    less: int
    parties: tuple[PartyBalance, ...]
    alike: tuple[tuple[StatementView, str], ...]
    sparse: tuple[StatementView, ...]
    similar: tuple[SimilarPair, ...]
    similarity: tuple[tuple[PartyView, tuple[tuple[float | None, int], ...]], ...]


def _number(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def build(view: SetView) -> BalancePage | None:
    """Audit a version's balance; None while it has no parties or statements, or while
    some position lies off the set's scale (the validator lists those)."""
    if not view.parties or not view.statements:
        return None
    try:
        report = balance.audit(view.positions, view.themes,
                               [st.direction for st in view.statements],
                               levels=view.levels, missing=view.missing)
    except ValueError:
        return None
    directions = dict(report.directions)
    parties = tuple(
        PartyBalance(party=p, stated=int(report.stated[i]),
                     coverage=float(report.coverage[i]) * 100,
                     max_score={m: _number(report.max_score[m][i]) for m in balance.METRICS})
        for i, p in enumerate(view.parties))
    alike = []
    for j, st in enumerate(view.statements):
        if report.alike[j]:
            stated = [v for v in view.positions[:, j] if not math.isnan(v)]
            alike.append((st, f"{int(stated[0]):+d}" if stated else "0"))
    return BalancePage(
        themes=report.theme_directions, more=directions.get("more", 0),
        less=directions.get("less", 0), parties=parties, alike=tuple(alike),
        sparse=tuple(st for j, st in enumerate(view.statements) if report.sparse[j]),
        similar=tuple(SimilarPair(view.parties[i], view.parties[k], score, common)
                      for i, k, score, common in report.similar_pairs),
        similarity=tuple(
            (p, tuple((_number(report.similarity[i, k]), int(report.common[i, k]))
                      for k in range(len(view.parties))))
            for i, p in enumerate(view.parties)))
