"""Write a generated question set of any size (default 40 parties × 38 statements).

Usage: .venv/bin/python benchmarks/bigset.py OUT.yaml [--parties 40] [--statements 38]

The set is valid (quotes verbatim in each party's own source, colours with enough contrast)
and carries English for every field, so it exercises every page at the size a real
national set reaches. Positions are drawn with a fixed seed; about one in six is missing.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

THEMES = ["Skola", "Trygghet", "Miljö", "Vård", "Bostäder", "Trafik", "Kultur", "Jobb",
          "Omsorg", "Idrott", "Demokrati", "Ekonomi"]
THEMES_EN = ["School", "Safety", "Environment", "Care", "Housing", "Traffic", "Culture", "Jobs",
             "Social care", "Sport", "Democracy", "Economy"]
WORDS = ["fler", "bättre", "tryggare", "grönare", "billigare", "öppnare", "närmare", "starkare"]


def colour(rng: random.Random) -> str:
    """A dark colour: every channel below 0x70 keeps the contrast with white above 4.5:1."""
    return "#" + "".join(f"{rng.randrange(0x10, 0x70):02x}" for _ in range(3))


def big_set(parties: int = 40, statements: int = 38, seed: int = 11) -> dict:
    """Return the document of a generated set with `parties` × `statements`."""
    rng = random.Random(seed)
    party_keys = [f"parti-{i + 1:02d}" for i in range(parties)]
    sentences = {key: [f"Parti {i + 1} vill ha {rng.choice(WORDS)} lösningar i fråga {j + 1}, "
                       f"och det är viktigt för oss."
                       for j in range(statements)] for i, key in enumerate(party_keys)}
    doc: dict = {
        "slug": f"stor-{parties}x{statements}", "version": 1, "status": "published",
        "title": f"Stor frågeomgång ({parties} partier, {statements} påståenden)",
        "description": "En genererad frågeomgång för att mäta sidorna i full storlek.",
        "municipality": "Exempelstad", "year": 2026, "language": "sv", "levels": 5,
        "missing": "exclude", "coded_by": "Genererad av benchmarks/bigset.py",
        "en": {"title": f"Large question set ({parties} parties, {statements} statements)",
               "description": "A generated question set to measure the pages at full size."},
        "sources": [{"key": key, "title": f"Program för parti {i + 1}",
                     "publisher": f"Parti {i + 1}", "year": 2026,
                     "text": "\n\n".join(sentences[key]),
                     "en": {"title": f"Programme of party {i + 1}"}}
                    for i, key in enumerate(party_keys)],
        "parties": [{"key": key, "name": f"Partiet med det långa namnet nummer {i + 1}",
                     "short_name": f"P{i + 1}", "colour": colour(rng), "sources": [key],
                     "en": {"name": f"The party with the long name number {i + 1}"}}
                    for i, key in enumerate(party_keys)],
        "statements": [],
    }
    for j in range(statements):
        theme = j % len(THEMES)
        positions = {}
        for key in party_keys:
            if rng.random() < 1 / 6:
                positions[key] = None
            else:
                positions[key] = {"value": rng.randint(-2, 2), "quote": sentences[key][j],
                                  "source": key, "note": "Tolkad ur programmet.",
                                  "en": {"note": "Read from the programme."}}
        doc["statements"].append({
            "key": f"pastaende-{j + 1:02d}", "theme": THEMES[theme],
            "direction": "more" if j % 2 else "less",
            "text": f"Kommunen bör satsa mer på område {j + 1} inom {THEMES[theme].lower()}.",
            "easy_read": f"Mer pengar till område {j + 1}.",
            "background": "Kommunen bestämmer själv hur mycket pengar området får.",
            "en": {"text": f"The municipality should invest more in area {j + 1}.",
                   "easy_read": f"More money for area {j + 1}.",
                   "background": "The municipality decides how much money the area gets.",
                   "theme": THEMES_EN[theme]},
            "positions": positions})
    return doc


def write_big_set(path: Path, parties: int = 40, statements: int = 38) -> Path:
    """Write the generated set to `path` and return it."""
    path.write_text(yaml.safe_dump(big_set(parties, statements), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--parties", type=int, default=40)
    parser.add_argument("--statements", type=int, default=38)
    args = parser.parse_args()
    print(write_big_set(args.out, args.parties, args.statements))
