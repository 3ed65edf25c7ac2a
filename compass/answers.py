"""A voter's answers and weights as a compact, URL-safe string — the only place they live.

One character per statement, in statement order:

====================  ============================================================
``.``                 not answered yet
``-``                 skipped (*hoppa över*)
``a b c d e``         answer −2 … +2 (5 levels) or ``a b c`` = −1 … +1 (3 levels), weight 1
``A B C D E``         the same answer, weight 2 (*viktigt för mig*)
``v w x y z``         the same answer, weight ½ (*mindre viktigt*)
====================  ============================================================

So ``"dD-.b"`` means: agree (+1); agree, important (+1 ×2); skipped; not yet answered;
disagree (−1). The string is a pure function of the answers, so a result URL can be shared,
recomputed by anyone and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

UNANSWERED = "."
SKIPPED = "-"
WEIGHT_ALPHABETS = {1.0: "abcde", 2.0: "ABCDE", 0.5: "vwxyz"}
WEIGHTS = tuple(WEIGHT_ALPHABETS)
# Every character a code can hold: all unreserved in URLs (RFC 3986), so links carry a code
# as it is, without quoting (tests/test_answer_codes.py checks it).
URL_SAFE_CODE = frozenset(UNANSWERED + SKIPPED + "".join(WEIGHT_ALPHABETS.values()))


class AnswerCodeError(ValueError):
    """An answer string that does not fit the question set."""


@dataclass(frozen=True)
class Answer:
    """One statement's answer: `value` None = skipped; `answered` False = not reached yet."""

    value: int | None = None
    weight: float = 1.0
    answered: bool = False

    @property
    def skipped(self) -> bool:
        """Whether the voter chose to skip this statement."""
        return self.answered and self.value is None


def _half(levels: int) -> int:
    return (levels - 1) // 2


def decode(code: str, n_statements: int, levels: int) -> tuple[Answer, ...]:
    """Parse an answer string for a set with `n_statements` statements on `levels` levels."""
    if code == "":
        return (Answer(),) * n_statements
    if len(code) != n_statements:
        raise AnswerCodeError(
            f"the answer code has {len(code)} characters but the set has {n_statements} statements")
    table = answers_by_char(levels)
    try:
        return tuple(map(table.__getitem__, code))
    except KeyError as error:
        raise AnswerCodeError(
            f"'{error.args[0]}' is not an answer on a {levels}-level scale") from None


def encode(answers: tuple[Answer, ...] | list[Answer], levels: int) -> str:
    """Write answers as the compact string `decode` reads."""
    table = chars_by_answer(levels)
    try:
        return "".join(map(table.__getitem__, answers))
    except KeyError:  # not one of the table's answers: write it character by character
        pass
    half = _half(levels)
    chars = []
    for answer in answers:
        if not answer.answered:
            chars.append(UNANSWERED)
        elif answer.value is None:
            chars.append(SKIPPED)
        else:
            if not -half <= answer.value <= half:
                raise AnswerCodeError(f"{answer.value} is off the {levels}-level scale")
            chars.append(WEIGHT_ALPHABETS[answer.weight][answer.value + half])
    return "".join(chars)


@lru_cache(maxsize=16)
def answers_by_char(levels: int) -> dict[str, Answer]:
    """Every character of a `levels`-level code and the answer it stands for (answers are
    immutable, so one instance per character serves every voter)."""
    half = _half(levels)
    table = {UNANSWERED: Answer(), SKIPPED: Answer(answered=True)}
    for weight, alphabet in WEIGHT_ALPHABETS.items():
        for index, char in enumerate(alphabet[:levels]):
            table[char] = Answer(value=index - half, weight=weight, answered=True)
    return table


@lru_cache(maxsize=16)
def chars_by_answer(levels: int) -> dict[Answer, str]:
    """The other way round: each answer of a `levels`-level code and its character."""
    return {answer: char for char, answer in answers_by_char(levels).items()}


def with_answer(answers: tuple[Answer, ...], index: int, answer: Answer) -> tuple[Answer, ...]:
    """Return the answers with statement `index` replaced."""
    return answers[:index] + (answer,) + answers[index + 1:]


def to_arrays(answers: tuple[Answer, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Return (values, weights) arrays for scoring: NaN for skipped or unanswered."""
    values = np.array([np.nan if a.value is None else a.value for a in answers], dtype=float)
    weights = np.array([a.weight for a in answers], dtype=float)
    return values, weights


def answered_count(answers: tuple[Answer, ...]) -> int:
    """Return how many statements have a value (skips and unanswered do not count)."""
    return sum(a.value is not None for a in answers)


def first_unanswered(answers: tuple[Answer, ...]) -> int | None:
    """Return the index of the first statement not reached yet, or None."""
    return next((i for i, a in enumerate(answers) if not a.answered), None)
