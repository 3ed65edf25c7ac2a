"""Rate limits of the student pages: failed code lookups, and joins.

A whole school often sits behind one address, so no limit may lock out a class:

* Failed lookups (a code that does not exist) count per device *and* per address, and only
  failures count. Once a budget is spent, that device gets 429 on every lookup, whether the
  code exists or not (so the limit answers no question about codes) — except in a class it
  has joined: a joined student's next answer is never limited.
* Joins (a new device in a class) count per class and per address. A class of 30 behind one
  address joins within a minute with room to spare; a script cannot add devices without end.

Budgets live in the limiter's storage (RATELIMIT_STORAGE_URI; per process with memory://).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

from ..extensions import limiter

FAILURES_PER_DEVICE = parse("10/minute")
FAILURES_PER_ADDRESS = parse("100/10 minutes")
JOINS_PER_CLASS = parse("45/minute")
JOINS_PER_CLASS_HOUR = parse("150/hour")
JOINS_PER_ADDRESS = parse("120/minute")


@dataclass(frozen=True)
class Blocked:
    """A spent budget: how many seconds until the next try goes through."""

    retry_after: int


def _enabled() -> bool:
    return limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True)


def _blocked(checks: list[tuple[RateLimitItem, tuple[str, ...]]]) -> Blocked | None:
    if not _enabled():
        return None
    strategy = limiter.limiter
    waits = []
    for item, keys in checks:
        if not strategy.test(item, *keys):
            reset, _remaining = strategy.get_window_stats(item, *keys)
            waits.append(max(1, math.ceil(reset - time.time())))
    return Blocked(retry_after=max(waits)) if waits else None


def _hit(checks: list[tuple[RateLimitItem, tuple[str, ...]]]) -> None:
    if _enabled():
        for item, keys in checks:
            limiter.limiter.hit(item, *keys)


def _failure_checks(device: str | None) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    address = get_remote_address()
    return [(FAILURES_PER_DEVICE, ("klass-fel-enhet", address, device or "-")),
            (FAILURES_PER_ADDRESS, ("klass-fel-adress", address))]


def _join_checks(code: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    return [(JOINS_PER_CLASS, ("klass-in", code)), (JOINS_PER_CLASS_HOUR, ("klass-in-h", code)),
            (JOINS_PER_ADDRESS, ("klass-in-adress", get_remote_address()))]


def lookups_blocked(device: str | None) -> Blocked | None:
    """Whether this device (on this address) has spent its budget of failed lookups."""
    return _blocked(_failure_checks(device))


def count_failed_lookup(device: str | None) -> None:
    """Spend one failed lookup of this device and address."""
    _hit(_failure_checks(device))


def join_blocked(code: str) -> Blocked | None:
    """Whether the class or this address has had too many joins just now."""
    return _blocked(_join_checks(code))


def count_join(code: str) -> None:
    """Spend one join of the class and of this address."""
    _hit(_join_checks(code))
