"""The agreement between a set's independent codings, and the cells where they differ.

Pure: plain definitions in, dataclasses out (numpy through `compass.agreement`). The admin's
agreement page, the method page and the tests all read the figures from here, computed from
the stored codings, never typed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .agreement import NO_POSITION, exact_share, krippendorff_alpha
from .questionsets import QuestionSetDef

MIN_CODINGS = 2


@dataclass(frozen=True)
class Disagreement:
    """A cell the codings do not agree on, with each coding's value and the published one."""

    statement: str
    statement_index: int
    statement_text: str
    party: str
    party_name: str
    values: tuple[int | None, ...]
    current: int | None


@dataclass(frozen=True)
class Agreement:
    """Krippendorff's alpha (ordinal, "no stated position" its own category) and exact share."""

    coders: tuple[str, ...]
    cells: int
    alpha: float | None
    exact: float | None
    disagreements: tuple[Disagreement, ...]


def _figure(value: float) -> float | None:
    return None if math.isnan(value) else value


def reliability_data(qs: QuestionSetDef) -> np.ndarray:
    """Return the (codings, cells) array: cells statement-major; NaN = cell not coded."""
    cells = [(st.key, p.key) for st in qs.statements for p in qs.parties]
    data = np.full((len(qs.codings), len(cells)), np.nan)
    for i, coding in enumerate(qs.codings):
        for j, (st_key, party_key) in enumerate(cells):
            row = coding.values.get(st_key, {})
            if party_key in row:
                value = row[party_key]
                data[i, j] = NO_POSITION if value is None else value
    return data


def agreement(qs: QuestionSetDef) -> Agreement | None:
    """Return the agreement of a set's codings, or None with fewer than two codings."""
    if len(qs.codings) < MIN_CODINGS:
        return None
    data = reliability_data(qs)
    disagreements = []
    for i, st in enumerate(qs.statements):
        for party in qs.parties:
            values = tuple(c.value(st.key, party.key) for c in qs.codings)
            if len(set(values)) > 1:
                current = st.positions.get(party.key)
                disagreements.append(Disagreement(
                    statement=st.key, statement_index=i, statement_text=st.text,
                    party=party.key, party_name=party.short_name, values=values,
                    current=current.value if current else None))
    return Agreement(coders=tuple(c.coder for c in qs.codings), cells=data.shape[1],
                     alpha=_figure(krippendorff_alpha(data, "ordinal")) if data.size else None,
                     exact=_figure(exact_share(data)) if data.size else None,
                     disagreements=tuple(disagreements))
