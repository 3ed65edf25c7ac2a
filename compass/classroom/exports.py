"""Anonymous exports of a class: aggregates only, as CSV and JSON.

Exports hold no student's answers, only the numbers the pages show, taken from the same
snapshot (see `snapshots`): an export before and after one more student is identical, and
below the threshold it holds only the counts. A statement's distribution is left out until
at least k students answered it. All CSV goes through `_csv`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import csvsafe
from ..setview import SetView
from .aggregates import ClassAggregates
from .service import ClassInfo


def _csv(rows: Sequence[Sequence[object]]) -> str:
    return csvsafe.to_csv(rows)  # formula-like cells neutralised, BOM for spreadsheets


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def statements_csv(view: SetView, aggregates: ClassAggregates) -> str:
    """The class's answer distribution and divisiveness per statement."""
    half = (view.levels - 1) // 2
    scale = [str(v) for v in range(-half, half + 1)]
    rows: list[list[object]] = [["nr", "nyckel", "påstående", *scale, "hoppade över",
                                 "svarade", "medelvärde", "splittring"]]
    for s in aggregates.statements:
        if not s.shown:
            continue
        rows.append([s.number, s.statement.key, s.statement.text, *s.counts, s.skipped,
                     s.answered, _blank(_round(s.mean, 2)), _blank(_round(s.divisiveness, 3))])
    return _csv(rows)


def parties_csv(aggregates: ClassAggregates) -> str:
    """Each party's mean match with the class and its number of top matches."""
    rows: list[list[object]] = [["parti", "namn", "medelmatchning", "toppmatchningar",
                                 "elever med matchning"]]
    for p in aggregates.parties:
        rows.append([p.party.key, p.party.name, _blank(_round(p.mean_score)), p.top_count,
                     p.scored])
    return _csv(rows)


def _blank(value: object) -> object:
    return "" if value is None else value


def class_json(info: ClassInfo, view: SetView, aggregates: ClassAggregates) -> str:
    """Everything in one JSON document: the class and its aggregates."""
    document = {
        "klassrum": {"kod": info.code, "status": info.status,
                     "skapad": info.created_at.isoformat(),
                     "stangd": info.closed_at.isoformat() if info.closed_at else None},
        "fragaomgang": {"slug": view.slug, "version": view.version, "titel": view.title,
                        "nivaer": view.levels,
                        "pastaenden": [st.key for st in view.statements]},
        "elever": {"anslutna": aggregates.joined, "klara": aggregates.finished,
                   "raknade": aggregates.counted, "minst": aggregates.min_students,
                   "visas": aggregates.visible, "ogonblicksbild": aggregates.snapshot},
        "pastaenden": [{"nr": s.number, "nyckel": s.statement.key, "text": s.statement.text,
                        "antal": dict(zip(_scale(view.levels), s.counts, strict=True)),
                        "hoppade_over": s.skipped, "svarade": s.answered,
                        "medelvarde": _round(s.mean, 3),
                        "splittring": _round(s.divisiveness, 4)}
                       for s in aggregates.statements if s.shown],
        "partier": [{"nyckel": p.party.key, "namn": p.party.name,
                     "medelmatchning": _round(p.mean_score, 2),
                     "toppmatchningar": p.top_count, "elever_med_matchning": p.scored}
                    for p in aggregates.parties],
        "mest_splittrade": [s.statement.key for s in aggregates.divisive],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _scale(levels: int) -> list[str]:
    half = (levels - 1) // 2
    return [str(v) for v in range(-half, half + 1)]
