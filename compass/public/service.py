"""The method page's computed parts: the worked example (by the real scoring engine) and the
agreement of every published version's double coding (from its stored codings)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import catalog
from ..codings import Agreement, agreement
from ..models import Coding, QuestionSet
from ..scoring import match

# The hybrid metric's table, rows = party position −2…+2, columns = voter answer −2…+2; the
# method page prints it and a test checks it against the engine.
HYBRID_TABLE = (
    (1, 0.5, 0, -0.5, -1),
    (0.5, 0.75, 0.25, -0.25, -0.5),
    (0, 0.25, 0.5, 0.25, 0),
    (-0.5, -0.25, 0.25, 0.75, 0.5),
    (-1, -0.5, 0, 0.5, 1),
)

# Three statements; the voter answers +2 (weight 2), −1, and skips the third.
EXAMPLE_ANSWERS = (2, -1, None)
EXAMPLE_WEIGHTS = (2.0, 1.0, 1.0)
# Party A has a position everywhere; party B said nothing on statement 2.
EXAMPLE_POSITIONS = {"A": (1, -1, 2), "B": (-2, None, 0)}


@dataclass(frozen=True)
class ExampleRow:
    """One party's score in the worked example under each missing-position policy."""

    party: str
    positions: tuple[int | None, ...]
    scores: dict[str, float]
    coverage: dict[str, int]


@dataclass(frozen=True)
class VersionAgreement:
    """A published version and the agreement of its codings."""

    slug: str
    version: int
    title: str
    title_en: str | None
    agreement: Agreement


def published_agreements(session: Session) -> list[VersionAgreement]:
    """Every published version with at least two codings, and their agreement, newest first."""
    rows = session.execute(
        select(QuestionSet.slug, QuestionSet.version)
        .where(QuestionSet.status == "published",
               select(Coding.id).where(Coding.question_set_id == QuestionSet.id).exists())
        .order_by(QuestionSet.slug, QuestionSet.version.desc())).all()
    found = []
    for slug, version in rows:
        row = catalog.get_set(session, slug, version)
        figures = agreement(catalog.to_definition(row)) if row is not None else None
        if row is not None and figures is not None:
            found.append(VersionAgreement(slug, version, row.title, row.title_en, figures))
    return found


def worked_example() -> list[ExampleRow]:
    """Score the example with `compass.scoring.match` under every policy (agreement metric)."""
    answers = np.array([np.nan if a is None else a for a in EXAMPLE_ANSWERS], dtype=float)
    positions = np.array([[np.nan if v is None else v for v in row]
                          for row in EXAMPLE_POSITIONS.values()], dtype=float)
    rows = []
    results = {policy: match(answers, positions, np.array(EXAMPLE_WEIGHTS), levels=5,
                             metric="agreement", missing=policy)
               for policy in ("neutral", "exclude", "penalize")}
    for i, (party, values) in enumerate(EXAMPLE_POSITIONS.items()):
        rows.append(ExampleRow(
            party=party, positions=values,
            scores={policy: float(r.scores[i]) for policy, r in results.items()},
            coverage={policy: int(r.coverage[i]) for policy, r in results.items()}))
    return rows
