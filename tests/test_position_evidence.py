"""Per-position evidence kind, rationale and party review in the question-set format."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_SET, VALID

from compass.questionsets import (
    PartyReviewDef,
    QuestionSetError,
    dump,
    evidence_warnings,
    parse_file,
    parse_text,
)

V1_HASH = "1284aed8294944c71b50c69437183c4a5edcc03584729018bc056661ea2467b4"
MINIMAL = (VALID / "minimal.yaml").read_text(encoding="utf-8")
POSITION_A = """      a:
        value: 2
        quote: fler ordningsvakter i centrum
        source: a-text
"""


def with_position(extra: str, value: int = 2) -> str:
    """The minimal set with party a's position extended by the YAML lines `extra`."""
    assert POSITION_A in MINIMAL
    body = POSITION_A.replace("value: 2", f"value: {value}")
    return MINIMAL.replace(POSITION_A, body + extra)


def problems_of(text: str) -> list[str]:
    """Return the problems of a YAML text as strings (empty when it is valid)."""
    try:
        parse_text(text, "t.yaml")
    except QuestionSetError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_default_set_without_new_keys_keeps_its_version_1_hash():
    assert parse_file(DEFAULT_SET).content_hash() == V1_HASH


def test_new_keys_are_read_and_change_the_hash():
    plain = parse_text(MINIMAL, "t.yaml")
    text = with_position("""        evidence: proposal
        rationale: Uttryckligt förslag.
        party_review:
          status: objected
          comment: Vi menar något annat.
          counter_quote: Vårt eget citat.
""")
    rich = parse_text(text, "t.yaml")
    pos = rich.statements[0].positions["a"]
    assert pos.evidence == "proposal"
    assert pos.rationale == "Uttryckligt förslag."
    assert pos.party_review == PartyReviewDef("objected", "Vi menar något annat.",
                                              "Vårt eget citat.", None)
    assert pos.review_status == "objected"
    assert rich.statements[0].positions["b"].review_status == "not_asked"
    assert rich.content_hash() != plain.content_hash()


def test_not_asked_written_out_is_the_same_as_left_out():
    plain = parse_text(MINIMAL, "t.yaml")
    explicit = parse_text(with_position("        party_review: {status: not_asked}\n"), "t.yaml")
    assert explicit.statements[0].positions["a"].party_review is None
    assert explicit.content_hash() == plain.content_hash()


def test_yaml_round_trips_the_new_keys():
    text = with_position("""        evidence: questionnaire
        rationale: Partiets enkätsvar.
        party_review:
          status: resolved
          comment: Fel tolkning.
          answer: Vi står fast vid kodningen.
""")
    first = parse_text(text, "t.yaml")
    again = parse_text(dump(first), "t.yaml")
    assert again == first
    assert "rationale: Partiets enkätsvar." in dump(first)


@pytest.mark.parametrize("kind", ["goal", "description"])
@pytest.mark.parametrize("value", [2, -2])
def test_full_strength_needs_a_proposal_or_questionnaire(kind, value):
    found = problems_of(with_position(f"        evidence: {kind}\n", value=value))
    assert len(found) == 1, found
    assert "statements[0].positions.a.value" in found[0]
    assert f"needs evidence 'proposal' or 'questionnaire' (this is '{kind}')" in found[0]


@pytest.mark.parametrize("kind, value", [("proposal", 2), ("questionnaire", -2), ("goal", 1),
                                         ("description", -1), ("goal", 0)])
def test_allowed_strengths(kind, value):
    assert problems_of(with_position(f"        evidence: {kind}\n", value=value)) == []


def test_full_strength_without_evidence_is_allowed():
    assert problems_of(MINIMAL) == []


@pytest.mark.parametrize("extra, where, message", [
    ("        evidence: rumour\n", "positions.a.evidence", "'rumour' is not allowed"),
    ("        evidence: 3\n", "positions.a.evidence", "must be text, not int 3"),
    ("        rationale: [a]\n", "positions.a.rationale", "must be a single value"),
    ("        party_review: yes\n", "positions.a.party_review", "must be a mapping"),
    ("        party_review: {comment: x}\n", "positions.a.party_review.status",
     "required key is missing"),
    ("        party_review: {status: maybe}\n", "positions.a.party_review.status",
     "'maybe' is not allowed"),
    ("        party_review: {status: objected}\n", "party_review.comment",
     "status 'objected' needs the party's comment"),
    ("        party_review: {status: resolved, comment: x}\n", "party_review.answer",
     "needs the editors' public answer"),
    ("        party_review: {status: confirmed, answer: x}\n", "party_review.answer",
     "only a resolved review has an answer"),
    ("        party_review: {status: confirmed, counter_quote: x}\n",
     "party_review.counter_quote", "only an objection has a counter-quote"),
    ("        party_review: {status: pending, comment: x}\n", "party_review.comment",
     "status 'pending' has no comment"),
    ("        party_review: {status: pending, when: now}\n", "party_review.when",
     "unknown key 'when'"),
])
def test_bad_new_keys_give_one_precise_problem(extra, where, message):
    found = problems_of(with_position(extra, value=1))
    assert len(found) == 1, found
    assert where in found[0] and message in found[0]


def test_evidence_on_no_stated_position_is_refused():
    text = MINIMAL.replace("      b: null", "      b:\n        value: null\n"
                                          "        evidence: goal\n")
    found = problems_of(text)
    assert len(found) == 1 and "an evidence kind without a value" in found[0], found


def test_rationale_on_no_stated_position_is_allowed():
    text = MINIMAL.replace("      b: null", "      b:\n        value: null\n"
                                          "        rationale: Texten säger inget om vakter.\n")
    qs = parse_text(text, "t.yaml")
    assert qs.statements[0].positions["b"].rationale == "Texten säger inget om vakter."
    assert "rationale: Texten säger inget om vakter." in dump(qs)


def test_strict_warning_names_each_stated_position_without_evidence():
    plain = parse_text(MINIMAL, "t.yaml")
    found = evidence_warnings(plain, "t.yaml")
    assert [(p.path, p.message) for p in found] == [
        ("statements[0].positions.a", "no evidence kind")]
    assert evidence_warnings(parse_text(with_position("        evidence: proposal\n"),
                                        "t.yaml")) == []
