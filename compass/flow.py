"""How a statement page's form and links are wired, so voters and students share one template.

The voter's quiz keeps answers in the URL (GET forms); a class session stores them on the
server (POST with a CSRF token). The statement template only reads a `StatementFlow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WeightChoice:
    """One way to reweight the previous answer: weight, label, link, whether it is current."""

    weight: str
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class PreviousAnswer:
    """The answer given on the page before, so its weight can be chosen after answering."""

    number: int | str  # a string: a hole (quiz/statement_page.py renders the step once)
    label: str
    choices: tuple[WeightChoice, ...]


@dataclass(frozen=True)
class StatementFlow:
    """Form target and navigation links of one statement page.

    The voter's quiz also fills the optional parts: `next_number` (the form goes straight to
    that statement's page), the easy-read switch, the weight step for the previous answer and
    the set document the in-browser quiz reads (`set_url`).
    """

    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    prev_url: str | None = None
    next_url: str | None = None
    result_url: str | None = None
    result_label: str | None = None
    csrf: bool = False
    next_number: int | None = None
    easy_read: bool = False
    easy_switch_url: str | None = None
    previous: PreviousAnswer | None = None
    set_url: str | None = None
