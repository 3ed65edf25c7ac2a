"""The voter's answer, read from GET parameters. Answers live in the URL, nothing is stored,
so there is no state to protect with a CSRF token.

Every statement page reads the answer the page before sent, so this is on the quiz's hottest
path: binding a WTForms form cost as much as rendering the page, so the four fields are
checked by hand here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ANSWER_CHOICES = ("-2", "-1", "0", "1", "2", "hoppa")
WEIGHT_CHOICES = {"0.5": 0.5, "1": 1.0, "2": 2.0}


class AnswerError(ValueError):
    """The answer parameters cannot be read."""


@dataclass(frozen=True)
class SentAnswer:
    """One answer: statement number (1-based), the answer (or "hoppa") and its weight."""

    number: int
    choice: str
    weight: float
    back_to_result: bool


def read_answer(args: Mapping[str, str], statements: int) -> SentAnswer:
    """Read `nr`, `svar`, `vikt` (default 1) and `sedan`; raise AnswerError if any is off."""
    number = args.get("nr", "")
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= statements:
        raise AnswerError(f"statement number {number!r}")
    choice = args.get("svar", "")
    if choice not in ANSWER_CHOICES:
        raise AnswerError(f"answer {choice!r}")
    weight = args.get("vikt") or "1"
    if weight not in WEIGHT_CHOICES:
        raise AnswerError(f"weight {weight!r}")
    sedan = args.get("sedan")
    if sedan not in (None, "", "resultat"):
        raise AnswerError(f"sedan {sedan!r}")
    return SentAnswer(number=int(number), choice=choice, weight=WEIGHT_CHOICES[weight],
                      back_to_result=sedan == "resultat")
