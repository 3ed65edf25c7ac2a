"""A generated question set with the shapes real VAA data has: 40 parties x 38 statements."""

from __future__ import annotations

import random

import yaml

N_PARTIES, N_STATEMENTS = 40, 38
LONG_TEXT = ("Kommunen bör införa avgiftsfri kollektivtrafik för alla invånare under 20 och över "
             "65 år, finansierad genom en höjd parkeringsavgift i innerstaden och statliga "
             "bidrag för klimatet.")  # 180 characters: over the readability mark, under the limit


def realworld_set(seed: int = 7) -> str:
    """Return the YAML of a 40 x 38 set: long names, a yellow, questionnaire answers without
    justification, decomposed Unicode in a source, 180-character statements."""
    rng = random.Random(seed)
    assert len(LONG_TEXT) == 180
    parties, sources = [], [{
        "key": "enkat", "title": "Valkompassens enkät", "publisher": "Redaktionen",
        "origin": "document", "text": "Partiernas svar på enkäten."}]
    for i in range(N_PARTIES):
        key = f"p{i:02d}"
        # a decomposed "ö" and "ä" (o/a + combining diaeresis), as some real sources have
        text = (f"Vi vill att kommunen fo\u0308rbättrar trygghet i område {i}. "
                f"Vi vill ha fler lärare i skola {i}.")
        sources.append({"key": f"{key}-program", "title": f"Program {i}",
                        "publisher": f"Parti {i}", "origin": "web", "text": text})
        parties.append({"key": key, "name": f"Partiet för en långsiktigt hållbar och rättvis "
                                            f"utveckling av kommunen, lista {i}",
                        "short_name": f"Lista {i}",
                        "colour": "#ffd700" if i == 0 else f"#{rng.randrange(0x1000000):06x}",
                        "sources": [f"{key}-program"]})
    statements = []
    for j in range(N_STATEMENTS):
        positions = {}
        for i in range(N_PARTIES):
            key = f"p{i:02d}"
            roll = rng.random()
            if roll < 0.15:
                positions[key] = None
            elif roll < 0.25 and j == 0:
                positions[key] = {"value": 1, "quote": "Vi vill att kommunen förbättrar trygghet",
                                  "source": f"{key}-program", "evidence": "proposal"}
            else:
                positions[key] = {"value": rng.choice([-2, -1, 0, 1, 2]), "source": "enkat",
                                  "evidence": "questionnaire"}
        statements.append({"key": f"s{j:02d}", "theme": f"Tema {j % 12}",
                           "text": LONG_TEXT if j % 5 == 0 else f"Kommunen bör göra åtgärd {j}.",
                           "positions": positions})
    document = {"slug": "riktiga-data", "version": 1, "status": "published",
                "title": "Riktiga data", "description": "Genererad med verklighetens former.",
                "municipality": "Exempelstad", "year": 2026, "language": "sv", "levels": 5,
                "missing": "exclude", "coded_by": "Redaktionen", "sources": sources,
                "parties": parties, "statements": statements}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
