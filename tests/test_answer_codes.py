"""The compact answer code (`compass.answers`): the documented example, round trips, errors."""

from urllib.parse import quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compass.answers import URL_SAFE_CODE, Answer, AnswerCodeError, decode, encode


def test_the_documented_example():
    assert decode("dD-.b", 5, 5) == (
        Answer(value=1, weight=1.0, answered=True), Answer(value=1, weight=2.0, answered=True),
        Answer(answered=True), Answer(), Answer(value=-1, weight=1.0, answered=True))
    assert decode("avC", 3, 3) == (
        Answer(value=-1, weight=1.0, answered=True), Answer(value=-1, weight=0.5, answered=True),
        Answer(value=1, weight=2.0, answered=True))

def answers(levels: int):
    half = (levels - 1) // 2
    given_answer = st.builds(lambda v, w: Answer(value=v, weight=w, answered=True),
                             st.integers(-half, half), st.sampled_from([0.5, 1.0, 2.0]))
    return st.lists(st.one_of(given_answer, st.just(Answer()), st.just(Answer(answered=True))),
                    min_size=1, max_size=60)


@given(st.sampled_from([3, 5]).flatmap(lambda levels: st.tuples(st.just(levels),
                                                                 answers(levels))))
def test_round_trip(case):
    levels, given_answers = case
    code = encode(given_answers, levels)
    assert len(code) == len(given_answers)
    assert decode(code, len(code), levels) == tuple(given_answers)
    assert encode(decode(code, len(code), levels), levels) == code


def test_an_empty_code_is_all_unanswered():
    assert decode("", 4, 5) == (Answer(),) * 4


@pytest.mark.parametrize("code, levels", [("d", 3), ("E", 3), ("?", 5), ("é", 5), ("\x00", 5)])
def test_a_character_off_the_scale_is_refused(code, levels):
    with pytest.raises(AnswerCodeError, match="is not an answer"):
        decode(code, 1, levels)


def test_a_code_of_the_wrong_length_is_refused():
    with pytest.raises(AnswerCodeError, match="3 characters but the set has 4"):
        decode("abc", 4, 5)


def test_encoding_a_value_off_the_scale_is_refused():
    with pytest.raises(AnswerCodeError, match="off the 3-level scale"):
        encode([Answer(value=2, answered=True)], 3)


def test_an_unreached_answer_is_written_as_unanswered_whatever_it_holds():
    assert encode([Answer(value=1, weight=2.0, answered=False), Answer(answered=True)], 5) == ".-"


@given(st.sampled_from([3, 5]).flatmap(lambda levels: st.tuples(st.just(levels),
                                                                 answers(levels))))
def test_every_code_is_url_safe_as_it_is(case):
    # Links join codes into URLs unquoted (quiz/service.py's weight steps): quoting is a no-op.
    levels, given_answers = case
    code = encode(given_answers, levels)
    assert set(code) <= URL_SAFE_CODE
    assert quote_plus(code) == code


def test_no_character_a_code_can_hold_needs_quoting():
    assert quote_plus("".join(sorted(URL_SAFE_CODE))) == "".join(sorted(URL_SAFE_CODE))


def code_characters(levels: int) -> str:
    """Every character a code on `levels` levels may hold."""
    return "".join(sorted(c for c in URL_SAFE_CODE if _decodes(c, levels)))


def _decodes(char: str, levels: int) -> bool:
    try:
        decode(char, 1, levels)
    except AnswerCodeError:
        return False
    return True


@given(st.sampled_from([3, 5]).flatmap(lambda levels: st.tuples(
    st.just(levels), st.text(alphabet=code_characters(levels), min_size=1, max_size=60))))
def test_every_code_is_canonical(case):
    # A page takes the code it read as the state's own code (quiz/state.read_state) instead
    # of encoding the answers again: no two characters may stand for the same answer.
    levels, code = case
    assert encode(decode(code, len(code), levels), levels) == code


def test_the_characters_of_a_scale():
    assert code_characters(3) == "-.ABCabcvwx"
    assert len(code_characters(5)) == 2 + 3 * 5
