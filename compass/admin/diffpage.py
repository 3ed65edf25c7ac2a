"""Page data for the difference between two versions: items by their texts and names."""

from __future__ import annotations

from dataclasses import dataclass

from ..questionsets import QuestionSetDef
from . import logpage


@dataclass(frozen=True)
class Names:
    """Statement texts, party names and source titles by key, from both versions (the
    newer one's words win)."""

    statements: dict[str, str]
    parties: dict[str, str]
    sources: dict[str, str]

    def show(self, field: str, value) -> str | None:
        """A changed value as words: a party's sources by title, lists joined."""
        if value is None or value == "":
            return None
        if (words := logpage.choice_words(field, value)) is not None:
            return words
        if field == "sources" and isinstance(value, tuple | list):
            return ", ".join(self.sources.get(k, k) for k in value)
        if isinstance(value, tuple | list):
            return ", ".join(str(v) for v in value)
        return str(value)


def names(old: QuestionSetDef, new: QuestionSetDef) -> Names:
    """The words for every key of either version."""
    both = (old, new)
    return Names(statements={s.key: s.text for d in both for s in d.statements},
                 parties={p.key: p.name for d in both for p in d.parties},
                 sources={s.key: s.title for d in both for s in d.sources})
