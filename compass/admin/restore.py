"""Undo from the audit log: put a statement, party, source or cell back in the state it had
before a logged change, or bring back a deleted statement or party with its positions.

A restore only ever changes a draft. It runs through the same services and form checks as
an edit (so keys stay unique, limits hold, quotes are checked) and writes one audit entry of
its own (`*.restore`), with the state before and after, so a restore can be undone too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..models import AuditEntry, QuestionSet
from . import audit, editing, restore_apply
from .editing import EditError
from .restore_apply import Result

# Entries whose "before" side is a state an editor can go back to.
RESTORABLE = {
    "statement": ("statement.update", "statement.move", "statement.delete",
                  "statement.restore"),
    "party": ("party.update", "party.move", "party.delete", "party.restore"),
    "source": ("source.update", "source.delete", "source.restore"),
    "position": ("position.update", "position.csv", "position.questionnaire",
                 "position.restore", "review.resolve"),
}
ABSENT = "absent"


class RestoreConflict(Exception):
    """The item changed after the log page was opened; nothing was restored."""


@dataclass(frozen=True)
class Target:
    """The item an audit entry is about: its kind and key(s) at the time of the entry."""

    kind: str
    key: str
    party: str | None = None  # a position's party (key is then its statement)


@dataclass(frozen=True)
class Offer:
    """What the log offers for one entry: a restore into draft `version`, or why not."""

    entry_id: int
    version: int | None
    label: str
    reason: str | None
    fingerprint: str


def target_of(entry: AuditEntry) -> Target | None:
    """The restorable item an entry is about, or None (a set, version, coding, import …)."""
    kind, _sep, keys = entry.target.partition(":")
    if kind not in RESTORABLE or entry.action not in RESTORABLE[kind] or not keys:
        return None
    if kind == "position":
        statement, _sep, party = keys.partition("/")
        return Target(kind, statement, party) if statement and party else None
    return Target(kind, keys)


def current_state(row: QuestionSet, target: Target) -> dict | None:
    """The item's state in version `row` as the log records it (None when it is absent)."""
    if target.kind == "statement":
        st = editing.statement(row, target.key)
        return audit.statement_snapshot(st) if st else None
    if target.kind == "party":
        party = editing.party(row, target.key)
        return audit.party_snapshot(party) if party else None
    if target.kind == "source":
        document = editing.source(row, target.key)
        return audit.source_snapshot(document) if document else None
    st, party = editing.statement(row, target.key), editing.party(row, target.party or "")
    if st is None or party is None:
        return None
    return audit.position_snapshot(next((p for p in st.positions if p.party_id == party.id),
                                        None))


def fingerprint(state: dict | None) -> str:
    """A short digest of an item's state: the restore form names the state it saw."""
    if state is None:
        return ABSENT
    text = json.dumps(state, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _already(wanted: dict, current: dict) -> bool:
    if restore_apply.is_move(wanted):
        return current.get("order") == wanted["order"] - 1  # a move logs places from 1
    return all(current.get(f) == v for f, v in wanted.items() if f in current and f != "order")


def offer(entry: AuditEntry, draft: QuestionSet | None) -> Offer | None:
    """The restore the log shows for `entry`, given the set's current draft (if any)."""
    target = target_of(entry)
    wanted = audit.load(entry.before)
    if target is None or wanted is None:
        return None
    deletion = entry.action.endswith(".delete")
    if draft is None:
        return Offer(entry.id, None, "", _(
            "Versionen är publicerad och kan inte ändras. Skapa ett nytt utkast för att "
            "återställa i det."), ABSENT)
    elsewhere = entry.question_set_version != draft.version
    current = current_state(draft, target)
    reason = None
    if deletion and current is not None:
        reason = _("Finns redan i utkastet, version %(v)d.", v=draft.version)
    elif not deletion and current is None:
        reason = _("Finns inte i utkastet, version %(v)d: borttaget eller med en annan "
                   "nyckel.", v=draft.version)
    elif not deletion and _already(wanted, current):
        reason = _("Utkastet har redan det här läget.")
    if deletion:
        label = (_("Ångra borttagningen i utkastet (version %(v)d)", v=draft.version)
                 if elsewhere else _("Ångra borttagningen"))
    else:
        label = (_("Återställ i utkastet (version %(v)d)", v=draft.version)
                 if elsewhere else _("Återställ läget före ändringen"))
    return Offer(entry.id, None if reason else draft.version, label, reason,
                 fingerprint(current))


# ---------------------------------------------------------------------------- restoring


def restore(session: Session, row: QuestionSet, entry: AuditEntry, seen: str, user_id: int
            ) -> Result:
    """Restore the state before `entry` into draft `row`.

    `seen` is the fingerprint of the item the editor saw; raises `RestoreConflict` if the
    item changed since, `EditError` if the state fails an edit's checks (nothing changes).
    """
    target, wanted = target_of(entry), audit.load(entry.before)
    if target is None or wanted is None:
        raise EditError(_("Den här ändringen går inte att återställa."))
    before = current_state(row, target)
    if fingerprint(before) != seen:
        raise RestoreConflict()
    deletion = entry.action.endswith(".delete")
    if deletion != (before is None):
        raise RestoreConflict()
    if entry.question_set_version != row.version:
        wanted.pop("review_links", None)  # a review round belongs to the draft it was for
    with audit.muted(session):
        if deletion:
            apply = restore_apply.UNDELETE[target.kind]
            row, key, result = apply(session, row, wanted, user_id)
        else:
            apply = restore_apply.RESTORE[target.kind]
            row, key, result = apply(session, row, target, wanted, user_id)
    after_target = Target(target.kind, key, target.party)
    after = (_deletion_state(session, row, after_target) if deletion
             else current_state(row, after_target))
    if after == before:
        raise EditError(_("Utkastet har redan det här läget."))
    audit.record(session, row, user_id, f"{target.kind}.restore",
                 f"{target.kind}:{key}" + (f"/{target.party}" if target.party else ""),
                 before, (after or {}) | {audit.RESTORED_FROM: entry.id})
    return result


def _deletion_state(session: Session, row: QuestionSet, target: Target) -> dict | None:
    if target.kind == "party":
        party = editing.party(row, target.key)
        return audit.party_deletion_snapshot(session, row, party) if party else None
    if target.kind == "statement":
        st = editing.statement(row, target.key)
        return audit.statement_deletion_snapshot(row, st) if st else None
    return current_state(row, target)


