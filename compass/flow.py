"""How a statement page's form and links are wired, so voters and students share one template.

The voter's quiz keeps answers in the URL (GET forms); a class session stores them on the
server (POST with a CSRF token). The statement template only reads a `StatementFlow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatementFlow:
    """Form target and navigation links of one statement page."""

    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    prev_url: str | None = None
    next_url: str | None = None
    result_url: str | None = None
    result_label: str | None = None
    csrf: bool = False
