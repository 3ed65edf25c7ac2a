"""Page data for the audit log: entries in words (actions, items by name, values by label),
times in Swedish time with the zone, and the restore each entry offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_datetime as babel_datetime
from flask_babel import format_datetime, get_timezone, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .. import catalog, labels, versions
from ..models import AuditEntry, QuestionSet
from . import audit, restore

PAGE_SIZE = 100
PREVIEW = 300  # characters of a long text shown before "show all"
FULL_UP_TO = 20_000  # longer texts (whole source documents) are only previewed
HIDDEN_FIELDS = {"review_links", "accepted_lints", audit.RESTORED_FROM}
STATUS_LABELS = {"draft": _l("utkast"), "published": _l("publicerad")}
MISSING_LABELS = {"exclude": _l("utesluts"), "neutral": _l("räknas som neutral"),
                  "penalize": _l("räknas som motsatsen")}
ORIGIN_LABELS = {"web": _l("hämtad från en webbsida"), "document": _l("uppladdat dokument"),
                 "pasted": _l("inklistrad text")}


@dataclass(frozen=True)
class LogChange:
    """One field of an entry: label, and the values before and after as text (None: none);
    `*_full` holds a long value whole when the short one is cut."""

    field: str
    before: str | None
    after: str | None
    before_full: str | None = None
    after_full: str | None = None


@dataclass(frozen=True)
class LogRow:
    """An audit entry as the log page shows it."""

    id: int
    at_iso: str
    when: str
    version: int | None
    user: str | None
    action: str
    what: str
    changes: tuple[LogChange, ...]
    offer: restore.Offer | None
    restores: str | None  # for a restore: when the change it undid was made


def local_time(at: dt.datetime) -> tuple[str, str]:
    """An instant as ISO 8601 and as text in the Swedish time zone, with the zone named
    (CET/CEST in every UI language); a naive time from SQLite is UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    zone = get_timezone()
    local = at.astimezone(zone)
    abbreviation = babel_datetime(at, "z", tzinfo=zone, locale="sv")
    return local.isoformat(timespec="seconds"), f"{format_datetime(at, 'medium')} {abbreviation}"


@dataclass
class _Names:
    """Items of the set by key, for sentences instead of keys."""

    statements: dict[str, str]
    parties: dict[str, str]
    sources: dict[str, str]
    levels: int = 5

    def learn(self, kind: str, key: str, state: dict | None) -> None:
        found = {"statement": (self.statements, "text"), "party": (self.parties, "name"),
                 "source": (self.sources, "title")}.get(kind)
        if state and found and state.get(found[1]):
            found[0].setdefault(key, str(state[found[1]]))


def _names(row: QuestionSet | None) -> _Names:
    if row is None:
        return _Names({}, {}, {})
    return _Names({s.key: s.text for s in row.statements}, {p.key: p.name for p in row.parties},
                  {s.key: s.title for s in row.sources}, row.levels)


def _what(entry: AuditEntry, names: _Names) -> str:
    kind, _sep, key = entry.target.partition(":")
    if kind == "set":
        return _("Frågeomgångens uppgifter")
    if kind == "version":
        return _("Version %(v)d", v=entry.question_set_version or 0)
    if kind == "statement":
        return f"”{names.statements.get(key, key)}”"
    if kind == "party":
        return names.parties.get(key, key)
    if kind == "source":
        return names.sources.get(key, key)
    if kind == "position":
        statement, _sep, party = key.partition("/")
        return _("%(party)s om ”%(statement)s”", party=names.parties.get(party, party),
                 statement=names.statements.get(statement, statement))
    if kind == "coding":
        return _("Kodning av %(coder)s", coder=key)
    return key or entry.target


def _answer(value, levels: int) -> str:
    try:
        return f"{labels.answer_label(value, levels)} ({value:+d})" if value else \
            f"{labels.answer_label(value, levels)} (0)"
    except (KeyError, TypeError, ValueError):
        return str(value)


def choice_words(field: str, value) -> str | None:
    """A stored choice (status, direction, evidence kind, review, policy, origin) in words;
    None when `field` holds no such choice."""
    known = {"status": STATUS_LABELS, "direction": labels.DIRECTION_LABELS,
             "evidence": labels.EVIDENCE_LABELS, "review_status": labels.REVIEW_LABELS,
             "missing": MISSING_LABELS, "origin": ORIGIN_LABELS}.get(field)
    if known is None or not isinstance(value, str):
        return None
    return str(known.get(value, value))


def _show(field: str, value, action: str, names: _Names) -> str | None:
    """A logged value in words."""
    if value is None or value == "" or value == []:
        return None
    if (words := choice_words(field, value)) is not None:
        return words
    if field == "value":
        return _answer(value, names.levels)
    if field == "order" and isinstance(value, int):
        return str(value if action.endswith(".move") else value + 1)  # moves log from 1
    if field in ("sources", "parties") and isinstance(value, list):
        lookup = names.sources if field == "sources" else names.parties
        return ", ".join(lookup.get(k, k) for k in value)
    if field in ("sources", "parties", "statements") and isinstance(value, int):
        return str(value)
    if field == "source":
        return names.sources.get(value, value)
    if field == "party":
        return names.parties.get(value, value)
    if field == "positions" and isinstance(value, dict):
        stated = sum(1 for p in value.values() if isinstance(p, dict) and
                     p.get("value") is not None)
        return ngettext("%(num)d ståndpunkt", "%(num)d ståndpunkter", stated)
    if field == "codings" and isinstance(value, dict):
        if not value:
            return None
        return ngettext("%(num)d kodning", "%(num)d kodningar", len(value))
    if field == "levels":
        return _("%(n)s nivåer", n=value)
    if field == "copied_from":
        return _("version %(v)s", v=value)
    if field == "content_hash":
        return str(value)[:12]
    if field == "expires_at" and isinstance(value, str):
        try:
            return local_time(dt.datetime.fromisoformat(value))[1]
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _change(field: str, before, after, action: str, names: _Names) -> LogChange:
    shown = [_show(field, v, action, names) for v in (before, after)]
    short, full = [], []
    for text in shown:
        if text is not None and len(text) > PREVIEW:
            short.append(text[:PREVIEW] + "…")
            full.append(text if len(text) <= FULL_UP_TO else None)
        else:
            short.append(text)
            full.append(None)
    return LogChange(audit.label(field), short[0], short[1], full[0], full[1])


_FIELD_ORDER = {name: i for i, name in enumerate(audit.FIELD_LABELS)}


def _field_order(field: str) -> int:
    # Fields in the order the forms show them (FIELD_LABELS), not the JSON's alphabetical one.
    return _FIELD_ORDER.get(field, len(_FIELD_ORDER))


def _changes(entry: AuditEntry, names: _Names) -> tuple[LogChange, ...]:
    before, after = audit.load(entry.before) or {}, audit.load(entry.after) or {}
    fields = sorted((f for f in dict.fromkeys([*before, *after]) if f not in HIDDEN_FIELDS),
                    key=_field_order)
    changes = (_change(f, before.get(f), after.get(f), entry.action, names)
               for f in fields if before.get(f) != after.get(f))
    return tuple(c for c in changes if c.before is not None or c.after is not None)


def page(session: Session, slug: str, number: int = 1) -> tuple[list[LogRow], bool]:
    """One page of a set's audit log, newest first, and whether there are older entries."""
    number = max(number, 1)
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.question_set_slug == slug)
        .options(joinedload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    shown = rows[:PAGE_SIZE]
    newest = versions.newest(session, slug)
    content = catalog.get_set(session, slug, newest.version, published_only=False) \
        if newest else None
    draft = content if content is not None and content.status == "draft" else None
    names = _names(content)
    for entry in shown:  # items gone from the newest version keep the names they had
        kind, _sep, key = entry.target.partition(":")
        names.learn(kind, key, audit.load(entry.after) or audit.load(entry.before))
    undone = _restored_times(session, shown)
    out = []
    for entry in shown:
        at_iso, when = local_time(entry.at)
        restored = (audit.load(entry.after) or {}).get(audit.RESTORED_FROM)
        out.append(LogRow(
            id=entry.id, at_iso=at_iso, when=when, version=entry.question_set_version,
            user=entry.user.email if entry.user else _by_party(entry),
            action=audit.label(entry.action),
            what=_what(entry, names), changes=_changes(entry, names),
            offer=restore.offer(entry, draft), restores=undone.get(restored)))
    return out, len(rows) > PAGE_SIZE


def _by_party(entry: AuditEntry) -> str | None:
    # A party's verdict comes through its review link, with no user account behind it.
    if entry.user_id is None and entry.action in ("review.confirm", "review.object"):
        return _("partiet, via granskningslänken")
    return None


def _restored_times(session: Session, entries: list[AuditEntry]) -> dict[int, str]:
    ids = {i for e in entries if e.action.endswith(".restore")
           and isinstance(i := (audit.load(e.after) or {}).get(audit.RESTORED_FROM), int)}
    if not ids:
        return {}
    found = session.execute(select(AuditEntry.id, AuditEntry.at).where(AuditEntry.id.in_(ids)))
    return {entry_id: local_time(at)[1] for entry_id, at in found}
