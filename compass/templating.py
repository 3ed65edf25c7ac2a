"""Template globals and filters: number formats that never show NaN, shared labels."""

from __future__ import annotations

import functools
import math

from babel import Locale
from flask import Flask
from flask_babel import format_decimal, get_locale

from . import labels


def format_percent(value: float | None, decimals: int = 0) -> str:
    """Format a 0–100 score as a percentage in the current locale; "–" when there is none."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    value = float(value)
    if 0 <= value < 1000:  # no sign or grouping: a plain format with the locale's decimal sign
        return f"{value:.{decimals}f}".replace(".", _decimal_sign()) + "\u202f%"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{format_decimal(value, format=pattern)}\u202f%"


@functools.lru_cache(maxsize=8)
def _decimal_sign_of(locale: str) -> str:
    return Locale.parse(locale).number_symbols["latn"]["decimal"]


def _decimal_sign() -> str:
    """The decimal sign of the current locale (a result page formats a hundred numbers)."""
    return _decimal_sign_of(str(get_locale() or "sv"))


def format_number(value: float) -> str:
    """Format a plain number in the current locale (decimal comma in Swedish)."""
    return format_decimal(float(value), format="#,##0.##")


def party_name(key: str, view) -> str:
    """Return the full name of the party with `key` in a set view."""
    party = view.party(key)
    return party.name if party else key


def init_app(app: Flask) -> None:
    """Register the globals and filters every template may use."""
    app.jinja_env.globals.update(labels=labels, format_percent=format_percent,
                                 format_number=format_number,
                                 actor_text=labels.actor_text)
    app.jinja_env.filters["party_name"] = party_name
