"""Compile the message catalogues (.po → .mo): at build time into the wheel, and in
`valkompass setup` for a deploy from a checkout. Without a compiled catalogue Flask-Babel
silently shows Swedish to English visitors, so neither path may skip it.

Only Babel is imported here: the wheel build runs this without Flask installed.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def compile_catalogues(source: Path = TRANSLATIONS, target: Path | None = None,
                       force: bool = False) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/*.po` under `source` into `.mo` files under `target`
    (default: next to them) when missing or older; return the files written."""
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = (target or source) / po.relative_to(source).with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written
