"""Anonymous exports of a class: answers and aggregates as CSV and JSON.

Exports follow the same anonymity rule as the pages: below the threshold they hold only the
counts. Answer rows carry no token, time or join order (they are sorted by the hashed device
token, which is random), only a running number.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from .. import csvsafe
from ..setview import SetView
from .aggregates import ClassAggregates, StudentAnswers, counted_mask, to_matrix
from .service import ClassInfo


def _csv(rows: Sequence[Sequence[object]]) -> str:
    return csvsafe.to_csv(rows)  # formula-like cells neutralised, BOM for spreadsheets


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def answer_rows(view: SetView, students: Sequence[StudentAnswers],
                aggregates: ClassAggregates) -> list[dict[str, object]]:
    """One dict per counted student: value per statement (None, "hoppa" or −2…2) and weight."""
    if not aggregates.visible:
        return []
    values, weights, skipped, valid = to_matrix([s.code for s in students],
                                                len(view.statements), view.levels)
    finished = np.array([s.finished for s in students], dtype=bool)
    keep = counted_mask(values, finished, valid)
    rows = []
    for i in np.flatnonzero(keep):
        answers = {}
        for j, st in enumerate(view.statements):
            if skipped[i, j]:
                answers[st.key] = {"svar": "hoppa", "vikt": None}
            elif np.isnan(values[i, j]):
                answers[st.key] = {"svar": None, "vikt": None}
            else:
                answers[st.key] = {"svar": int(values[i, j]), "vikt": float(weights[i, j])}
        rows.append({"elev": len(rows) + 1, "klar": bool(finished[i]), "svar": answers})
    return rows


def answers_csv(view: SetView, students: Sequence[StudentAnswers],
                aggregates: ClassAggregates) -> str:
    """Counted students' answers: one row each, an answer and a weight column per statement."""
    header: list[object] = ["elev", "klar"]
    for st in view.statements:
        header += [st.key, f"{st.key} (vikt)"]
    rows: list[list[object]] = [header]
    for row in answer_rows(view, students, aggregates):
        line: list[object] = [row["elev"], "ja" if row["klar"] else "nej"]
        for st in view.statements:
            cell = row["svar"][st.key]
            line += ["" if cell["svar"] is None else cell["svar"],
                     "" if cell["vikt"] is None else f"{cell['vikt']:g}"]
        rows.append(line)
    return _csv(rows)


def statements_csv(view: SetView, aggregates: ClassAggregates) -> str:
    """The class's answer distribution and divisiveness per statement."""
    half = (view.levels - 1) // 2
    scale = [str(v) for v in range(-half, half + 1)]
    rows: list[list[object]] = [["nr", "nyckel", "påstående", *scale, "hoppade över",
                                 "svarade", "medelvärde", "splittring"]]
    for s in aggregates.statements:
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


def class_json(info: ClassInfo, view: SetView, students: Sequence[StudentAnswers],
               aggregates: ClassAggregates) -> str:
    """Everything in one JSON document: the class, aggregates and anonymous answers."""
    document = {
        "klassrum": {"kod": info.code, "status": info.status,
                     "skapad": info.created_at.isoformat(),
                     "stangd": info.closed_at.isoformat() if info.closed_at else None},
        "fragaomgang": {"slug": view.slug, "version": view.version, "titel": view.title,
                        "nivaer": view.levels,
                        "pastaenden": [st.key for st in view.statements]},
        "elever": {"anslutna": aggregates.joined, "klara": aggregates.finished,
                   "raknade": aggregates.counted, "minst": aggregates.min_students,
                   "visas": aggregates.visible},
        "pastaenden": [{"nr": s.number, "nyckel": s.statement.key, "text": s.statement.text,
                        "antal": dict(zip(_scale(view.levels), s.counts, strict=True)),
                        "hoppade_over": s.skipped, "svarade": s.answered,
                        "medelvarde": _round(s.mean, 3),
                        "splittring": _round(s.divisiveness, 4)}
                       for s in aggregates.statements],
        "partier": [{"nyckel": p.party.key, "namn": p.party.name,
                     "medelmatchning": _round(p.mean_score, 2),
                     "toppmatchningar": p.top_count, "elever_med_matchning": p.scored}
                    for p in aggregates.parties],
        "mest_splittrade": [s.statement.key for s in aggregates.divisive],
        "svar": answer_rows(view, students, aggregates),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _scale(levels: int) -> list[str]:
    half = (levels - 1) // 2
    return [str(v) for v in range(-half, half + 1)]
