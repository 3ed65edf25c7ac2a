"""What a class looks like as a whole: answer distributions, party match, divisive statements.

Anonymity rule: a student *counts* once they have given a value (not a skip) on at least half
the statements; only counted students enter any aggregate. The pages never aggregate live
answers: they read a snapshot (see `snapshots`), taken each time at least `MIN_STUDENTS` more
students have come to count, so no two views ever differ by fewer than that many students.
A statement's distribution is shown only when at least `MIN_STUDENTS` of them answered it.

Divisiveness of a statement is the share of pairs of students (among those who answered it)
that stand on opposite sides, one for and one against: 0 when nobody disagrees with anybody,
at most n / (2(n − 1)) — just over one half — when the n students split evenly into for
and against; neutral answers pull it down. It reads as "in x % of all pairs of students, one
is for and the other against", and unlike a variance it does not call a class divided that
is merely split between "för" and "helt för".
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import scoring
from ..answers import SKIPPED, UNANSWERED, WEIGHT_ALPHABETS
from ..setview import PartyView, SetView, StatementView

MIN_STUDENTS = 5
DIVISIVE_SHOWN = 3
METRIC = "agreement"
_TIE = 1e-9


@dataclass(frozen=True)
class StudentAnswers:
    """One student's stored answer code and whether they reached the end."""

    code: str
    finished: bool


@dataclass(frozen=True)
class StatementStats:
    """The class's answers to one statement; `counts` from the most against to the most for."""

    statement: StatementView
    number: int
    counts: tuple[int, ...]
    skipped: int
    answered: int
    against: int
    agree: int
    mean: float | None
    divisiveness: float | None
    shown: bool = True


@dataclass(frozen=True)
class PartyStats:
    """A party's match with the class: mean score and how many have it as top match."""

    party: PartyView
    mean_score: float | None
    top_count: int
    scored: int


@dataclass(frozen=True)
class ClassAggregates:
    """Everything the dashboard, discussion and student pages show about a class."""

    joined: int
    finished: int
    counted: int
    min_students: int
    statements: tuple[StatementStats, ...]
    parties: tuple[PartyStats, ...]
    divisive: tuple[StatementStats, ...]
    without_match: int
    snapshot: int = 0

    @property
    def visible(self) -> bool:
        """Whether enough students count for the class picture to be shown."""
        return self.counted >= self.min_students

    @property
    def missing(self) -> int:
        """How many more counted students are needed before anything is shown."""
        return max(self.min_students - self.counted, 0)


@functools.cache
def _tables(levels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per byte: answer value (NaN if none), weight, skipped, and whether it is a valid char."""
    value = np.full(256, np.nan)
    weight = np.ones(256)
    skipped = np.zeros(256, dtype=bool)
    valid = np.zeros(256, dtype=bool)
    half = (levels - 1) // 2
    for w, alphabet in WEIGHT_ALPHABETS.items():
        for index, char in enumerate(alphabet[:levels]):
            value[ord(char)], weight[ord(char)], valid[ord(char)] = index - half, w, True
    for char in (UNANSWERED, SKIPPED):
        valid[ord(char)] = True
    skipped[ord(SKIPPED)] = True
    return value, weight, skipped, valid


def to_matrix(codes: Sequence[str], n_statements: int,
              levels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Decode answer codes into (values, weights, skipped, valid): (V, S), (V, S), (V, S), (V,).

    The same reading as `answers.decode`, vectorised with lookup tables (a dashboard decodes
    a whole class on every refresh). A code that does not fit the set is marked invalid (its
    row all NaN) rather than raising: one broken row must never take a dashboard down.
    """
    fits = [len(code) == n_statements and code.isascii() for code in codes]
    raw = np.frombuffer("".join(c if ok else UNANSWERED * n_statements
                                for c, ok in zip(codes, fits, strict=True)).encode("ascii"),
                        dtype=np.uint8).reshape(len(codes), n_statements)
    value, weight, skipped, valid_char = _tables(levels)
    valid = np.array(fits, dtype=bool) & valid_char[raw].all(axis=1)
    values = np.where(valid[:, None], value[raw], np.nan)
    return values, np.where(valid[:, None], weight[raw], 1.0), valid[:, None] & skipped[raw], valid


def min_values(n_statements: int) -> int:
    """How many values (not skips) a student gives before counting: half the statements."""
    return max(1, math.ceil(n_statements / 2))


def counted_mask(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Which students count: a valid code with values on at least half the statements."""
    answered = np.count_nonzero(~np.isnan(values), axis=1)
    return valid & (answered >= min_values(values.shape[1]))


def counts(code: str, n_statements: int, levels: int) -> bool:
    """Whether one student's answer code counts toward the class picture."""
    values, _weights, _skipped, valid = to_matrix([code], n_statements, levels)
    return bool(counted_mask(values, valid)[0])


def compute(view: SetView, students: Sequence[StudentAnswers],
            min_students: int = MIN_STUDENTS) -> ClassAggregates:
    """Aggregate a class's answers against `view` (its statement list, in class order)."""
    n = len(view.statements)
    values, weights, skipped, valid = to_matrix([s.code for s in students], n, view.levels)
    finished = np.array([s.finished for s in students], dtype=bool)
    counted = counted_mask(values, valid)
    n_counted = int(np.count_nonzero(counted))
    joined, n_finished = len(students), int(np.count_nonzero(finished & valid))
    if n_counted < min_students:
        return ClassAggregates(joined=joined, finished=n_finished, counted=n_counted,
                               min_students=min_students, statements=(), parties=(),
                               divisive=(), without_match=0)
    values, weights, skipped = values[counted], weights[counted], skipped[counted]
    statements = _statement_stats(view, values, skipped, min_students)
    parties, without = _party_stats(view, values, weights)
    return ClassAggregates(joined=joined, finished=n_finished, counted=n_counted,
                           min_students=min_students, statements=statements, parties=parties,
                           divisive=most_divisive(statements), without_match=without)


def _statement_stats(view: SetView, values: np.ndarray, skipped: np.ndarray,
                     min_students: int) -> tuple[StatementStats, ...]:
    half = (view.levels - 1) // 2
    scale = np.arange(-half, half + 1)
    counts = (values[:, :, None] == scale[None, None, :]).sum(axis=0)  # (S, levels)
    answered = counts.sum(axis=1)
    against = (values < 0).sum(axis=0)
    agree = (values > 0).sum(axis=0)
    sums = np.nansum(values, axis=0)
    pairs = answered * (answered - 1) / 2
    out = []
    for j, st in enumerate(view.statements):
        n_j = int(answered[j])
        out.append(StatementStats(
            statement=st, number=j + 1, counts=tuple(int(c) for c in counts[j]),
            skipped=int(skipped[:, j].sum()), answered=n_j, against=int(against[j]),
            agree=int(agree[j]), mean=float(sums[j] / n_j) if n_j else None,
            divisiveness=float(against[j] * agree[j] / pairs[j]) if n_j >= 2 else None,
            shown=n_j >= min_students))
    return tuple(out)


def most_divisive(statements: Sequence[StatementStats],
                  shown: int = DIVISIVE_SHOWN) -> tuple[StatementStats, ...]:
    """The statements that split the class most (ties: more answers first, then order)."""
    split = [s for s in statements if s.shown and s.divisiveness]
    split.sort(key=lambda s: (-round(s.divisiveness, 9), -s.answered, s.number))
    return tuple(split[:shown])


def _party_stats(view: SetView, values: np.ndarray,
                 weights: np.ndarray) -> tuple[tuple[PartyStats, ...], int]:
    if not view.parties:
        return (), 0
    # One batch call for the whole class: (V, S) answers against (P, S) positions.
    result = scoring.match(values, view.positions, weights, levels=view.levels, metric=METRIC,
                           missing=view.missing)
    scores = np.asarray(result.scores, dtype=float)
    finite = np.isfinite(scores)
    scored = finite.sum(axis=0)
    sums = np.where(finite, scores, 0.0).sum(axis=0)
    has_any = finite.any(axis=1)
    best = np.where(finite, scores, -np.inf).max(axis=1)
    # A student whose top place is shared counts for every party that shares it.
    top = finite & has_any[:, None] & (np.abs(scores - best[:, None]) <= _TIE)
    top_counts = top.sum(axis=0)
    stats = [PartyStats(party=p, mean_score=float(sums[k] / scored[k]) if scored[k] else None,
                        top_count=int(top_counts[k]), scored=int(scored[k]))
             for k, p in enumerate(view.parties)]
    stats.sort(key=lambda s: (s.mean_score is None, -(s.mean_score or 0.0), s.party.index))
    return tuple(stats), int(np.count_nonzero(~has_any))


def reveal_stats(view: SetView, revealed: dict[int, str],
                 min_students: int = MIN_STUDENTS) -> tuple[StatementStats, ...]:
    """Per statement of a paced lesson, the class's answers frozen when it was revealed.

    `revealed` maps a statement number to one answer character per student; statements not
    revealed yet come out empty and not shown.
    """
    out = []
    for j, st in enumerate(view.statements):
        chars = revealed.get(j + 1, "")
        values, _weights, skipped, _valid = to_matrix(list(chars), 1, view.levels)
        one = replace(view, statements=(st,), positions=view.positions[:, j:j + 1])
        stat = _statement_stats(one, values, skipped, min_students)[0] if chars else None
        if stat is None:
            stat = StatementStats(statement=st, number=j + 1, counts=(0,) * view.levels,
                                  skipped=0, answered=0, against=0, agree=0, mean=None,
                                  divisiveness=None, shown=False)
        out.append(replace(stat, statement=st, number=j + 1,
                           shown=stat.shown and (j + 1) in revealed))
    return tuple(out)
