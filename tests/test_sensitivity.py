"""Sensitivity: does the top match stay first without positions resting on goals/descriptions?"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from compass import catalog, sensitivity
from compass.answers import Answer
from compass.questionsets import parse_text
from compass.results import compute
from compass.setview import get_view

SET = """
slug: kanslig
version: 1
status: published
title: Känslighet
description: Tre påståenden.
municipality: Exempelstad
year: 2022
language: sv
levels: 5
missing: exclude
coded_by: Test
sources:
  - key: a-text
    title: A
    publisher: A
    text: "Fler vakter behövs. Vi vill ha tryggare parker. Belysning är bra."
  - {key: b-text, title: B, publisher: B, text: "Vi vill anställa vakter. Vi vill rusta parkerna."}
parties:
  - {key: a, name: Parti A, short_name: A, colour: "#1a5e20", sources: [a-text]}
  - {key: b, name: Parti B, short_name: B, colour: "#7a1f6b", sources: [b-text]}
statements:
  - key: s1
    theme: T
    direction: more
    text: Fler vakter.
    easy_read: Fler vakter.
    background: Vakter.
    positions:
      a: {value: 2, quote: Vi vill ha tryggare parker., source: a-text, EVIDENCE_A1}
      b: {value: 1, quote: Vi vill anställa vakter., source: b-text, evidence: proposal,
          rationale: INTERN-MOTIVERING}
  - key: s2
    theme: T
    direction: more
    text: Tryggare parker.
    easy_read: Parker.
    background: Parker.
    positions:
      a: {value: 1, quote: Fler vakter behövs., source: a-text, evidence: EVIDENCE_A2}
      b: {value: 2, quote: Vi vill rusta parkerna., source: b-text, evidence: proposal}
  - key: s3
    theme: T
    direction: more
    text: Belysning.
    easy_read: Ljus.
    background: Ljus.
    positions:
      a: {value: 1, quote: Belysning är bra., source: a-text, evidence: EVIDENCE_A2}
      b: null
"""


def make_set(a1: str = "evidence: proposal", a2: str = "goal") -> str:
    """The three-statement set with party A's evidence kinds filled in."""
    return SET.replace("EVIDENCE_A1", a1).replace("EVIDENCE_A2", a2)


def test_doctests():
    assert doctest.testmod(sensitivity).failed == 0


def test_weak_mask_marks_goal_and_description_only():
    mask = sensitivity.weak_mask([["goal", "description", "proposal", "questionnaire", None]])
    assert mask.tolist() == [[True, True, False, False, False]]


def test_top_stays_when_the_weak_cells_do_not_decide():
    positions = np.array([[2.0, 2.0, 1.0], [-1.0, -1.0, 1.0]])
    weak = np.array([[False, False, True], [False, False, False]])
    found = sensitivity.top_without_weak([2, 2, 1], positions, [1, 1, 1], weak, levels=5,
                                         missing="exclude")
    assert (found.top, found.top_without, found.stays, found.masked) == (0, 0, True, 1)


def test_top_changes_when_it_rests_on_goals():
    positions = np.array([[1.0, 1.0, 2.0], [1.0, 2.0, np.nan]])
    weak = np.array([[True, True, False], [False, False, False]])
    found = sensitivity.top_without_weak([2, 2, 2], positions, [1, 1, 1], weak, levels=5,
                                         missing="exclude")
    assert found.top == 1 and found.top_without == 0 and not found.stays


def test_masked_counts_only_stated_cells_of_answered_statements():
    positions = np.array([[1.0, np.nan, 1.0]])
    weak = np.array([[True, True, True]])
    found = sensitivity.top_without_weak([2, 2, np.nan], positions, None, weak, levels=5,
                                         missing="exclude")
    assert found.masked == 1  # s2 has no stated position, s3 was skipped
    assert found.top_without is None and not found.stays  # nothing left to compare


def test_nothing_to_rank_says_nothing():
    assert sensitivity.top_without_weak([2.0], np.empty((0, 1)), None, np.empty((0, 1)),
                                        levels=5, missing="exclude") is None
    assert sensitivity.top_without_weak([np.nan], np.array([[1.0]]), None, np.array([[True]]),
                                        levels=5, missing="exclude") is None


def _report(app, text: str, answers=(2, 2, 2)):
    with app.app_context():
        from compass.db import get_session

        session = get_session()
        catalog.load_definition(session, parse_text(text, "k.yaml"))
        session.commit()
        view = get_view(session, "kanslig")
        return compute(view, tuple(Answer(value=v, answered=True) for v in answers), [0, 1])


def test_result_says_when_the_top_match_rests_on_goals(app):
    report = _report(app, make_set())
    assert [r.party.key for r in report.results] == ["b", "a"]
    found = report.sensitivity
    assert found.top.key == "b" and found.top_without.key == "a" and not found.stays
    assert found.masked == 2
    page = app.test_client().get("/omgang/kanslig/v1/resultat?s=eee").get_data(as_text=True)
    assert "Vi vill anställa vakter." in page  # the comparison with its quotes is on the page
    assert "INTERN-MOTIVERING" not in page  # but never the coder's internal rationale
    assert ("Utan de ståndpunkter som bara bygger på mål eller beskrivningar (inte konkreta "
            "förslag) skulle Parti A ligga överst i stället för Parti B.") in page


def test_result_says_when_the_top_match_holds(app):
    report = _report(app, make_set(a2="description"), answers=(2, -2, -2))
    assert report.sensitivity.stays and report.sensitivity.top.key == "a"
    page = app.test_client().get("/omgang/kanslig/v1/resultat?s=eaa").get_data(as_text=True)
    assert "Även utan de ståndpunkter som bara bygger på mål" in page
    assert "ligger Parti A överst" in page


def test_result_with_only_strong_evidence(app):
    report = _report(app, make_set(a2="proposal"))
    assert report.sensitivity.masked == 0 and report.sensitivity.stays
    page = app.test_client().get("/omgang/kanslig/v1/resultat?s=eee").get_data(as_text=True)
    assert "Alla ståndpunkter som jämförs här bygger på konkreta förslag" in page


@pytest.mark.parametrize("a1", ["note: ingen typ", "evidence: proposal"])
def test_a_set_without_evidence_says_nothing(app, a1):
    text = make_set(a1=a1).replace("evidence: goal", "note: x").replace(
        ", evidence: proposal", "")
    report = _report(app, text)
    has_evidence = "evidence" in text
    assert (report.sensitivity is None) == (not has_evidence)
    if not has_evidence:
        page = app.test_client().get("/omgang/kanslig/v1/resultat?s=eee").get_data(
            as_text=True)
        assert "class=\"sensitivity\"" not in page and "bygger på mål" not in page
