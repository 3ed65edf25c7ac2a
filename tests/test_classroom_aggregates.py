"""The class picture as numbers: threshold, distributions, divisiveness, party match."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compass.answers import decode
from compass.classroom.aggregates import (
    MIN_STUDENTS,
    StudentAnswers,
    compute,
    counts,
    min_values,
    most_divisive,
)
from compass.classroom.classview import subset
from compass.results import compute as one_voter
from compass.setview import PartyView, PositionView, SetView, StatementView


def make_view(positions, levels: int = 5, missing: str = "exclude") -> SetView:
    """A small set view with positions (P, S); None = no stated position."""
    matrix = np.array([[np.nan if v is None else v for v in row] for row in positions],
                      dtype=float)
    parties = tuple(PartyView(index=i, key=f"p{i}", name=f"Parti {i}", short_name=f"P{i}",
                              colour="#123456", sources=()) for i in range(len(positions)))
    statements = tuple(StatementView(
        index=j, key=f"s{j}", theme="Tema", direction="more", text=f"Påstående {j}",
        easy_read="", background="", text_en=None, easy_read_en=None, background_en=None,
        positions=tuple(PositionView(row[j], "citat" if row[j] is not None else None,
                                     "k" if row[j] is not None else None, None)
                        for row in positions))
        for j in range(len(positions[0])))
    return SetView(slug="t", version=1, status="published", title="T", title_en=None,
                   language="sv",
                   description="", description_en=None, municipality="", election=None,
                   year=2022, levels=levels, missing=missing, coded_by="", content_hash="x",
                   parties=parties, statements=statements, sources=(), positions=matrix)


VIEW = make_view([[2, 1, None, -2], [-2, -1, 0, 2], [1, 1, 1, 1]])


def students(*codes: str, finished: bool | None = None) -> list[StudentAnswers]:
    return [StudentAnswers(code, "." not in code if finished is None else finished)
            for code in codes]


def test_nothing_is_shown_below_five_counted_students():
    agg = compute(VIEW, students("eeee", "dddd", "cccc", "bbbb", "d..."))
    assert (agg.joined, agg.finished, agg.counted) == (5, 4, 4)
    assert not agg.visible and agg.missing == 1
    assert agg.statements == () and agg.parties == () and agg.divisive == ()


def test_a_student_counts_with_values_on_half_the_statements():
    agg = compute(VIEW, students("dd..", "----", "d--c", "d---", "eeee", "aaaa", "bbbb"))
    # "dd.." and "d--c": two values of four count; "----" (finished, all skipped) and "d---"
    # (one value) do not.
    assert agg.counted == 5 and agg.visible
    assert agg.statements[0].counts == (1, 1, 0, 2, 1) and agg.statements[0].skipped == 0
    assert agg.statements[3].answered == 4 and agg.statements[3].skipped == 0
    assert agg.statements[2].answered == 3 and agg.statements[2].skipped == 1
    assert [counts(code, 4, 5) for code in ("dd..", "d--c", "----", "d---")] == [
        True, True, False, False]
    assert min_values(26) == 13 and min_values(3) == 2 and min_values(1) == 1


def test_a_statement_answered_by_fewer_than_five_is_not_shown():
    agg = compute(VIEW, students("eeee", "dddd", "cccc", "bbbb", "aa-.", "ee-."))
    assert agg.counted == 6
    assert [s.shown for s in agg.statements] == [True, True, False, False]
    assert agg.statements[2].answered == 4
    assert all(s.shown for s in agg.divisive)


def test_broken_codes_are_left_out_instead_of_failing():
    agg = compute(VIEW, students("eeee", "dddd", "cccc", "bbbb", "aaaa", "toolong", "qqqq"))
    assert agg.joined == 7 and agg.counted == 5


def test_divisiveness_is_the_share_of_pairs_on_opposite_sides():
    agg = compute(VIEW, students("eaec", "eaec", "aaec", "aaec", "cEec", "ceec"))
    first, second, third, _fourth = agg.statements
    assert (first.agree, first.against) == (2, 2)
    assert first.divisiveness == pytest.approx(4 / 15)
    assert second.divisiveness == pytest.approx(8 / 15)  # 4 against, 2 for
    assert third.divisiveness == 0.0
    assert [s.number for s in agg.divisive] == [2, 1]
    assert first.mean == pytest.approx(0.0) and third.mean == pytest.approx(2.0)


def test_most_divisive_breaks_ties_by_answers_then_order():
    agg = compute(VIEW, students("eaea", "aeae", "eaea", "aeae", "ee--", "ee--"))
    # Statements 3 and 4 have four answers each and are never listed; 1 and 2 tie on
    # divisiveness and answers, so the order decides.
    assert [s.number for s in most_divisive(agg.statements)] == [1, 2]


def test_party_means_agree_with_each_students_own_result():
    codes = ["eeca", "Aw-b", "dddd", "ccc.", "-eEa", "zzzz"]
    agg = compute(VIEW, students(*codes))
    for stats in agg.parties:
        own = []
        for code in codes:
            report = one_voter(VIEW, decode(code, 4, 5), [0, 1, 2], with_extras=False)
            score = next(r.score for r in report.results if r.party.key == stats.party.key)
            if score is not None:
                own.append(score)
        assert stats.mean_score == pytest.approx(sum(own) / len(own))
        assert stats.scored == len(own)
    means = [p.mean_score for p in agg.parties]
    assert means == sorted(means, reverse=True)


def test_shared_top_places_count_for_every_party_that_shares_them():
    view = make_view([[2, 2], [2, 2], [-2, -2]])
    agg = compute(view, students("ee", "ee", "ee", "ee", "aa"))
    tops = {p.party.key: p.top_count for p in agg.parties}
    assert tops == {"p0": 4, "p1": 4, "p2": 1}


def test_students_with_nothing_to_compare_have_no_top_match():
    view = make_view([[2, None], [1, None]])
    agg = compute(view, students("-e", "-e", "-e", "-e", "ee"))
    assert agg.without_match == 4
    assert sum(p.top_count for p in agg.parties) == 1


def test_three_level_sets_count_three_answers():
    view = make_view([[1, -1, 0], [-1, 1, None]], levels=3)
    agg = compute(view, students("abc", "abc", "cba", "Cba", "bbb"))
    assert agg.statements[0].counts == (2, 1, 2)


def test_subset_renumbers_statements_and_slices_positions():
    narrowed = subset(VIEW, ("s3", "s1"))
    assert [s.key for s in narrowed.statements] == ["s1", "s3"]
    assert [s.index for s in narrowed.statements] == [0, 1]
    assert narrowed.positions.shape == (3, 2) and not narrowed.positions.flags.writeable
    assert np.array_equal(narrowed.positions, VIEW.positions[:, [1, 3]], equal_nan=True)
    assert subset(VIEW, None) is VIEW


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdeABCDEvwxyz-.", min_size=4, max_size=4),
                min_size=0, max_size=40))
def test_aggregates_hold_together_for_any_class(codes):
    agg = compute(VIEW, students(*codes))
    assert agg.joined == len(codes) and agg.visible == (agg.counted >= MIN_STUDENTS)
    if not agg.visible:
        return
    for stat in agg.statements:
        assert sum(stat.counts) == stat.answered <= agg.counted
        assert stat.agree + stat.against <= stat.answered
        if stat.divisiveness is not None:
            assert 0.0 <= stat.divisiveness <= stat.answered / (2 * (stat.answered - 1)) + 1e-12
    for party in agg.parties:
        assert party.mean_score is None or 0.0 <= party.mean_score <= 100.0
        assert not (party.mean_score is not None and math.isnan(party.mean_score))
        assert party.top_count <= agg.counted
