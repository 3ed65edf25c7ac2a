"""Template globals and filters: number formats that never show NaN, shared labels, and
partials rendered once per key."""

from __future__ import annotations

import math
import re
import threading
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel.numbers import format_decimal as babel_format_decimal
from cachetools import LRUCache
from flask import Flask, render_template
from flask_babel import format_decimal, get_locale
from markupsafe import Markup

from . import labels
from .i18n import decimal_symbol

_partials: LRUCache = LRUCache(maxsize=4096)
_partials_lock = threading.Lock()


def cached_partial(template: str, key: tuple, **context) -> Markup:
    """Render a partial once per `key` in this process and reuse the HTML.

    For fragments that are a pure function of the key, e.g. one statement's texts of one
    set version (content hash) in one language: the key must name everything the partial
    reads. Statement pages are the quiz's hottest path; their texts never change.
    """
    full_key = (template, *key)
    with _partials_lock:
        found = _partials.get(full_key)
    if found is None:
        found = Markup(render_template(template, **context))
        with _partials_lock:
            _partials[full_key] = found
    return found


_HOLE = re.compile("\x00([0-9a-z]+)\x00")


def hole(name: str) -> str:
    """A placeholder for a value filled in later by `fill_holes` (NUL never occurs in text)."""
    return f"\x00{name}\x00"


def fill_holes(skeleton: str, values: dict[str, str]) -> Markup:
    """Put the (already escaped) values into a fragment rendered once with `hole`s.

    For parts of a page that depend on a set version and language except for a few values:
    render them once with holes, then fill the holes per request in one pass.
    """
    return Markup(_HOLE.sub(lambda m: values.get(m.group(1), m.group(0)), skeleton))


def split_holes(skeleton: str) -> tuple[str, ...]:
    """A skeleton as its text between holes and the holes' names, alternating (text first and
    last): what `fill_split` fills without scanning the text again."""
    return tuple(_HOLE.split(skeleton))


def fill_split(chunks: tuple[str, ...], values: dict[str, str]) -> Markup:
    """`fill_holes` for a skeleton `split_holes` has split: every hole must have a value."""
    parts = list(chunks)
    parts[1::2] = [values[name] for name in chunks[1::2]]
    return Markup("".join(parts))


_QUANTA = {0: Decimal(1), 1: Decimal("0.1"), 2: Decimal("0.01")}


def format_percent(value: float | None, decimals: int = 0) -> str:
    """Format a 0–100 score as a percentage in the current locale; "–" when there is none.

    Scores from 0 to 999 take a fast path that rounds exactly as Babel does (the float's
    shortest repr, half to even) with the locale's decimal sign: a result page formats
    dozens of them and Babel's full path cost as much as its numbers.
    """
    return _formatted_percent(value, decimals, decimal_symbol())


def format_percents(values, decimals: int = 0) -> list[str]:
    """`format_percent` of each value, with the locale's decimal sign looked up once (a
    table of them, such as the result page's themes × parties)."""
    symbol = decimal_symbol()
    return [_formatted_percent(value, decimals, symbol) for value in values]


def _formatted_percent(value: float | None, decimals: int, symbol: str) -> str:
    if value is None or not math.isfinite(float(value)):
        return "–"
    if 0 <= value < 999.5 and decimals in _QUANTA:
        return _percent(repr(float(value)), decimals, symbol)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{format_decimal(value, format=pattern)}\u202f%"


@lru_cache(maxsize=4096)
def _percent(shortest: str, decimals: int, symbol: str) -> str:
    # Scores take few distinct values (a theme of three statements has a handful), so a
    # page's dozens of them are mostly remembered.
    rounded = Decimal(shortest).quantize(_QUANTA[decimals], ROUND_HALF_EVEN)
    return f"{rounded:f}".replace(".", symbol) + "\u202f%"


def format_number(value: float) -> str:
    """Format a plain number in the current locale (decimal comma in Swedish).

    Up to two decimals, trailing zeros dropped. Values below 1,000 take the same fast path
    as `format_percent` (the map table formats a dozen coordinates per result page).
    """
    value = float(value)
    if math.isfinite(value) and -999.5 < value < 999.5:
        rounded = Decimal(repr(value)).quantize(_QUANTA[2], ROUND_HALF_EVEN)
        digits = f"{abs(rounded):f}".rstrip("0").rstrip(".")
        sign = "-" if rounded.is_signed() else ""
        return sign + digits.replace(".", decimal_symbol())
    return _babel_number(repr(value), str(get_locale()))


@lru_cache(maxsize=1024)
def _babel_number(shortest: str, locale: str) -> str:
    # Larger numbers are few and repeat (the 1,000 resamples on every result page).
    return babel_format_decimal(float(shortest), format="#,##0.##", locale=locale)


def party_name(key: str, view) -> str:
    """Return the full name of the party with `key` in a set view."""
    party = view.party(key)
    return party.name if party else key


def init_app(app: Flask) -> None:
    """Register the globals and filters every template may use."""
    app.jinja_env.globals.update(labels=labels, format_percent=format_percent,
                                 format_number=format_number, cached_partial=cached_partial,
                                 actor_text=labels.actor_text)
    app.jinja_env.filters["party_name"] = party_name
