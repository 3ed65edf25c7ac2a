"""CSV that spreadsheet programs open as data, never as formulas: every CSV writer uses this.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets (CSV injection, OWASP). Such cells get a
leading apostrophe, which the programs show as text; plain numbers such as ``-2`` stay
numbers. `unescape_cell` undoes it, so an exported file imports unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
BOM = "\ufeff"  # spreadsheets read UTF-8 correctly only with the byte-order mark


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _NUMBER.match(text)


def safe_cell(value: object) -> object:
    """Return `value` fit for a CSV cell: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if _is_formula(text) else text


def unescape_cell(text: str) -> str:
    """Undo `safe_cell` on a cell read back from a CSV file."""
    return text[1:] if text.startswith("'") and _is_formula(text[1:]) else text


class SafeWriter:
    """A `csv.writer` whose every cell passes through `safe_cell`."""

    def __init__(self, out, **options):
        options.setdefault("lineterminator", "\r\n")
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row."""
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write every row."""
        for row in rows:
            self.writerow(row)


def to_csv(rows: Iterable[Iterable[object]], bom: bool = True) -> str:
    """Return `rows` as CSV text (CRLF line ends, with the BOM unless `bom` is False)."""
    out = io.StringIO()
    SafeWriter(out).writerows(rows)
    return (BOM if bom else "") + out.getvalue()
