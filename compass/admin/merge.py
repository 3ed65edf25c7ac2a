"""Three-way merge of one edited item: the values the form was opened with (base), what is
stored now (theirs) and what the editor sends (mine).

A field only one side changed takes that side's value, an identical change is no conflict,
and only a field both sides changed differently is a clash that the editor is asked about.
Pure: plain dicts in, a `Merge` out; no Flask, no database.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

# Texts longer than this travel in the form as a fingerprint, not in full (source documents).
LONG_TEXT = 1000
_START = 200
MINE, THEIRS = "min", "deras"
# A cell's coding and its party review each hold together: a value from one editor with the
# other's quote would say something neither of them coded.
CELL_GROUPS = (("value", "quote", "source", "evidence"),
               ("review_status", "review_comment", "review_counter_quote", "review_answer"))


@dataclass(frozen=True)
class FieldChange:
    """One field as the three sides hold it (`base` is None when it is not known)."""

    field: str
    base: object
    theirs: object
    mine: object


@dataclass(frozen=True)
class Merge:
    """The values to save, the other editor's kept changes and the clashes to ask about."""

    values: dict
    kept: tuple[FieldChange, ...]
    clashes: tuple[FieldChange, ...]


class MergeConflict(Exception):
    """Both sides changed a field differently; nothing is saved until the editor chooses."""

    def __init__(self, merge: Merge):
        super().__init__("merge conflict")
        self.merge = merge


def canon(value):
    """The value two sides are compared by: blank is None, line endings and edges ignored,
    lists compared as sets, long texts by fingerprint.

    >>> canon("  Text\\r\\n") == canon("Text") and canon("") is None
    True
    >>> canon(["b", "a"])
    ('a', 'b')
    """
    if isinstance(value, Mapping) and "digest" in value:
        return ("digest", value["digest"])
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            return None
        if len(text) > LONG_TEXT:
            return ("digest", hashlib.sha256(text.encode()).hexdigest())
        return text
    if isinstance(value, list | tuple):
        return tuple(sorted(str(v) for v in value))
    return value


def shrink(snapshot: Mapping) -> dict:
    """The snapshot as a form carries it: long texts become a fingerprint with their start.

    >>> shrink({"text": "x" * 2000})["text"]["chars"]
    2000
    """
    out = {}
    for field, value in snapshot.items():
        key = canon(value)
        if isinstance(key, tuple) and key[:1] == ("digest",):
            out[field] = {"digest": key[1], "chars": len(value), "start": value[:_START]}
        else:
            out[field] = list(value) if isinstance(value, tuple) else value
    return out


def _changed(base: Mapping | None, side: Mapping, fields) -> dict[str, bool]:
    if base is None:
        return {f: True for f in fields}
    return {f: canon(side[f]) != canon(base.get(f)) for f in fields}


def merge(base: Mapping | None, theirs: Mapping, mine: Mapping,
          choices: Mapping[str, str] | None = None, groups=()) -> Merge:
    """Merge `mine` into `theirs` relative to `base`, field by field.

    A field missing from `mine` counts as unchanged. `base` None means the starting values
    are unknown: every field where mine and theirs differ is then a clash. `choices` settles
    clashes the editor has already been asked about: "min" takes mine, "deras" keeps theirs.
    Fields in one of `groups` count as changed when any field of their group changed, so
    both sides changing a group differently asks about each of its differing fields.

    >>> base = {"text": "A", "theme": "T", "background": "B"}
    >>> theirs = {"text": "A", "theme": "T2", "background": "B2"}
    >>> result = merge(base, theirs, {"text": "A1", "theme": "T", "background": "B3"})
    >>> result.values == {"text": "A1", "theme": "T2", "background": "B2"}
    True
    >>> [c.field for c in result.kept], [c.field for c in result.clashes]
    (['theme'], ['background'])
    """
    choices = choices or {}
    edited = [f for f in theirs if f in mine]
    mine_changed, theirs_changed = _changed(base, mine, edited), _changed(base, theirs, edited)
    for group in groups:
        members = [f for f in group if f in mine_changed]
        for changed in (mine_changed, theirs_changed):
            if any(changed[f] for f in members):
                changed.update(dict.fromkeys(members, True))
    values, kept, clashes = dict(theirs), [], []
    for field in edited:
        wanted, current = mine[field], theirs[field]
        start = base.get(field) if base is not None else None
        change = FieldChange(field, start, current, wanted)
        if canon(wanted) == canon(current):
            values[field] = wanted
        elif not theirs_changed[field]:
            values[field] = wanted
        elif not mine_changed[field]:
            kept.append(change)
        elif choices.get(field) == MINE:
            values[field] = wanted
        elif choices.get(field) == THEIRS:
            kept.append(change)
        else:
            clashes.append(change)
    if base is not None:
        # Fields the form does not edit (a statement's place) may have changed too: say so.
        kept += [FieldChange(f, base.get(f), v, None) for f, v in theirs.items()
                 if f not in mine and f in base and canon(v) != canon(base[f])]
    return Merge(values=values, kept=tuple(kept), clashes=tuple(clashes))


def resolve(base: Mapping | None, theirs: Mapping, mine: Mapping,
            choices: Mapping[str, str] | None = None, groups=()) -> Merge:
    """`merge`, raising `MergeConflict` when a clash is left for the editor to settle."""
    result = merge(base, theirs, mine, choices, groups)
    if result.clashes:
        raise MergeConflict(result)
    return result


@dataclass(frozen=True)
class Opened:
    """What an edit form was opened with: the item's id, row version and values (base), and
    the editor's answers to clashes already shown ("min" or "deras" per field)."""

    row_id: int | None = None
    row_version: int | None = None
    base: Mapping | None = None
    choices: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def start(self, row_id: int | None, row_version: int, current: Mapping
              ) -> Mapping | None:
        """The values the form started from; None when they cannot be known.

        A base carried for another item is not used. Without a base, an unchanged (or
        unnamed) row version means the stored values are the start; another row version
        leaves the start unknown.
        """
        if self.row_id is not None and self.row_id != row_id:
            return None
        if self.base is not None:
            return self.base
        if self.row_version is None or self.row_version == row_version:
            return current
        return None
