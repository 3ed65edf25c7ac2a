"""Template globals and filters: number formats that never show NaN, shared labels."""

from __future__ import annotations

import math

from flask import Flask
from flask_babel import format_decimal

from . import labels


def format_percent(value: float | None, decimals: int = 0) -> str:
    """Format a 0–100 score as a percentage in the current locale; "–" when there is none."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{format_decimal(float(value), format=pattern)}\u202f%"


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
