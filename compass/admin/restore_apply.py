"""Applying a logged state to a draft, through the same services and form checks as an edit:
one item's fields, its place, one cell, or a deleted statement, party or source with
everything it held (positions, coding values, review links).

Each `restore_*`/`undelete_*` function takes the draft and the logged state and returns the
refreshed draft, the item's key and what to tell the editor; `compass.admin.restore` decides
whether a restore is allowed and logs it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from .. import versions
from ..models import Coding, CodingValue, QuestionSet, ReviewLink, User
from ..questionsets import limits, quote_in_text, scale_values
from . import audit, cells, content, editing, sources
from .editing import EditError
from .forms import PartyForm, SourceForm, StatementForm, options
from .merge import Opened

# Entries written before sources were logged in full kept only a preview of the text.
_PREVIEW = re.compile(r"… \((\d+) tecken\)\Z")


@dataclass(frozen=True)
class Result:
    """What a restore did, as the editor is told."""

    message: str
    warning: str | None = None


def is_move(wanted: dict) -> bool:
    """Whether a logged state is only a place in the list (a move logs places from 1)."""
    return set(wanted) == {"order"} and isinstance(wanted["order"], int)


def _check_form(form_class, values: dict, **choices) -> None:
    """Run an edit form's validators on restored values; raise `EditError` on the first."""
    data = MultiDict()
    for name, value in values.items():
        for each in (value if isinstance(value, list) else [value]):
            data.add(name, "" if each is None else str(each))
    form = form_class(formdata=data, meta={"csrf": False})
    for name, values_allowed in choices.items():
        getattr(form, name).choices = options((v, v) for v in values_allowed)
    if not form.validate():
        name, errors = next(iter(form.errors.items()))
        raise EditError(f"{getattr(form, name).label.text}: {errors[0]}")


def _check_lengths(values: dict, maxima: dict[str, int]) -> None:
    for name, most in maxima.items():
        if len(values.get(name) or "") > most:
            raise EditError(_("%(field)s: högst %(max)d tecken.", field=audit.label(name),
                              max=most))


def _place(items: list, item, index: int) -> None:
    """Put `item` at place `index` (clamped) and renumber `order`."""
    ordered = [i for i in sorted(items, key=lambda i: i.order) if i is not item]
    ordered.insert(max(0, min(index, len(ordered))), item)
    for order, each in enumerate(ordered):
        if each.order != order:
            each.order = order


# -- statements


def _present(wanted: dict, fields) -> dict:
    """The fields a logged state has (an older entry may lack fields added since)."""
    return {f: wanted[f] for f in fields if f in wanted}


def _statement_data(wanted: dict, create: bool = False) -> dict:
    data = _present(wanted, ("key", *content.STATEMENT_TEXTS))
    if create:  # a new statement needs every text (the optional ones may be empty)
        data = {f: data.get(f) for f in ("key", *content.STATEMENT_TEXTS)}
        for field in ("easy_read", "background"):
            data[field] = data[field] or ""
    _check_form(StatementForm, {k: v for k, v in data.items() if v is not None})
    _check_lengths(wanted, {"theme_en": limits.THEME})
    return data


def _restore_statement(session, row, target, wanted, user_id):
    st = editing.statement(row, target.key)
    if is_move(wanted):
        _place(row.statements, st, wanted["order"] - 1)
        return _refresh(session, row), target.key, Result(_("Påståendets plats är återställd."))
    row, key, _merge = content.update_statement(session, row, target.key,
                                                _statement_data(wanted), Opened(), user_id)
    if "theme_en" in wanted:
        editing.statement(row, key).theme_en = wanted["theme_en"]
    return _refresh(session, row), key, Result(_("Påståendet är återställt."))


def _undelete_statement(session, row, wanted, user_id):
    row, key = content.create_statement(session, row, _statement_data(wanted, create=True),
                                        user_id)
    st = editing.statement(row, key)
    st.theme_en, st.accepted_lints = wanted.get("theme_en"), wanted.get("accepted_lints")
    _place(row.statements, st, wanted.get("order", len(row.statements)))
    cells_back = [(key, party) for party in wanted.get("positions", {})]
    row, warning = _positions_back(session, row, cells_back, wanted.get("positions", {}),
                                   lambda cell: cell[1], user_id)
    _codings_back(row, wanted.get("codings", {}), lambda coder_values: [
        (key, party, value) for party, value in coder_values.items()])
    n = _stated(row, cells_back, wanted.get("positions", {}), lambda cell: cell[1])
    return _refresh(session, row), key, Result(ngettext(
        "Påståendet är tillbaka med %(num)d ståndpunkt.",
        "Påståendet är tillbaka med %(num)d ståndpunkter.", n), warning)


# -- parties


def _party_data(row: QuestionSet, wanted: dict) -> dict:
    data = _present(wanted, ("key", *content.PARTY_TEXTS, "sources"))
    data["sources"] = list(data.get("sources") or [])
    missing = [k for k in data["sources"] if editing.source(row, k) is None]
    if missing:
        raise EditError(_("Källdokumentet %(keys)s finns inte längre i utkastet. Lägg "
                          "tillbaka det först.", keys=", ".join(missing)))
    _check_form(PartyForm, data, sources=data["sources"])
    _check_lengths(wanted, {"name_en": limits.PARTY_NAME, "short_name_en": limits.SHORT_NAME})
    return data


def _english_names(party, wanted: dict) -> None:
    for field in ("name_en", "short_name_en"):
        if field in wanted:
            setattr(party, field, wanted[field])


def _restore_party(session, row, target, wanted, user_id):
    party = editing.party(row, target.key)
    if is_move(wanted):
        _place(row.parties, party, wanted["order"] - 1)
        return _refresh(session, row), target.key, Result(_("Partiets plats är återställd."))
    row, key, _merge = content.update_party(session, row, target.key, _party_data(row, wanted),
                                            Opened(), user_id)
    _english_names(editing.party(row, key), wanted)
    return _refresh(session, row), key, Result(_("Partiet är återställt."))


def _undelete_party(session, row, wanted, user_id):
    row, key = content.create_party(session, row, _party_data(row, wanted), user_id)
    party = editing.party(row, key)
    _english_names(party, wanted)
    _place(row.parties, party, wanted.get("order", len(row.parties)))
    positions = wanted.get("positions", {})
    cells_back = [(statement, key) for statement in positions]
    row, warning = _positions_back(session, row, cells_back, positions, lambda cell: cell[0],
                                   user_id)
    _codings_back(row, wanted.get("codings", {}), lambda coder_values: [
        (statement, key, value) for statement, value in coder_values.items()])
    party = editing.party(row, key)
    for link in wanted.get("review_links", []):
        _review_link_back(session, row, party, link)
    n = _stated(row, cells_back, positions, lambda cell: cell[0])
    return _refresh(session, row), key, Result(ngettext(
        "Partiet är tillbaka med %(num)d ståndpunkt.",
        "Partiet är tillbaka med %(num)d ståndpunkter.", n), warning)


def _review_link_back(session: Session, row: QuestionSet, party, link: dict) -> None:
    if session.scalar(select(ReviewLink.id).where(ReviewLink.token_hash == link["token_hash"])):
        return
    when = {f: dt.datetime.fromisoformat(link[f]) if link.get(f) else None
            for f in ("created_at", "expires_at", "revoked_at")}
    creator = link.get("created_by")
    if creator is not None and session.get(User, creator) is None:
        creator = None  # the account is gone since: the link stays, its creator is unknown
    session.add(ReviewLink(token_hash=link["token_hash"], question_set_id=row.id,
                           party_id=party.id, created_by=creator, **when))


# -- positions (one cell, or every cell of an undeleted statement or party)


def _cell_data(wanted: dict) -> dict:
    return {f: wanted.get(f) for f in audit.position_snapshot(None)}


def _positions_back(session, row, cells_back, positions, key_of, user_id):
    """Save each cell through the cell editor's service; a refused cell refuses the whole
    restore, naming the cell."""
    unverified = 0
    for statement, party in cells_back:
        if editing.statement(row, statement) is None or editing.party(row, party) is None:
            continue  # the other half of the cell is gone from the draft too
        wanted = positions[key_of((statement, party))]
        if _cell_data(wanted) == audit.position_snapshot(None):
            continue  # a new cell starts with no stated position anyway
        row, ok = _save_cell(session, row, statement, party, wanted, user_id)
        unverified += not ok
    return row, _unverified_warning(unverified)


def _stated(row, cells_back, positions, key_of) -> int:
    """How many of the cells brought back hold a stated position."""
    return sum(1 for st, party in cells_back
               if editing.statement(row, st) and editing.party(row, party)
               and positions[key_of((st, party))].get("value") is not None)


def _save_cell(session, row, statement, party, wanted, user_id):
    current = next(p for p in editing.statement(row, statement).positions
                   if p.party_id == editing.party(row, party).id)
    try:
        value = wanted.get("value")
        if value is not None and value not in scale_values(row.levels):
            # The cell form offers only the set's scale; the scale may have shrunk since.
            raise EditError(_("Värdet %(v)d ligger utanför skalan.", v=value))
        row = cells.save_cell(session, row, statement, party, _cell_data(wanted),
                              current.row_version, user_id)
    except EditError as exc:
        raise EditError(_("Rutan för %(party)s om ”%(statement)s”: %(problem)s",
                          party=editing.party(row, party).name,
                          statement=editing.statement(row, statement).text,
                          problem=str(exc))) from None
    pos = next(p for p in editing.statement(row, statement).positions
               if p.party_id == editing.party(row, party).id)
    for field in audit.POSITION_EXTRAS:
        if field in wanted:
            setattr(pos, field, wanted[field])
    return row, _verified(editing.party(row, party), pos)


def _verified(party, pos) -> bool:
    if pos.value is None or pos.quote is None:
        return True
    return bool(pos.source and pos.source in party.sources
                and quote_in_text(pos.quote, pos.source.text))


def _unverified_warning(n: int) -> str | None:
    if not n:
        return None
    return ngettext("Återställt, men %(num)d citat finns inte ordagrant i partiets källa. "
                    "Rätta det innan utkastet publiceras.",
                    "Återställt, men %(num)d citat finns inte ordagrant i partiets källor. "
                    "Rätta dem innan utkastet publiceras.", n)


def _restore_position(session, row, target, wanted, user_id):
    row, ok = _save_cell(session, row, target.key, target.party, wanted, user_id)
    return _refresh(session, row), target.key, Result(_("Rutan är återställd."),
                                                      _unverified_warning(int(not ok)))


def _codings_back(row: QuestionSet, codings: dict, values_of) -> None:
    """Put a deleted item's values back into the codings that still exist."""
    for coder, coder_values in codings.items():
        coding: Coding | None = next((c for c in row.codings if c.coder == coder), None)
        if coding is None:
            continue
        present = {(v.statement.key, v.party.key) for v in coding.values}
        for statement, party, value in values_of(coder_values):
            st, p = editing.statement(row, statement), editing.party(row, party)
            if st is not None and p is not None and (statement, party) not in present:
                coding.values.append(CodingValue(statement=st, party=p, value=value))


# -- sources


def _source_data(row: QuestionSet, wanted: dict, current: dict | None) -> tuple[dict, list]:
    data = _present(wanted, ("key", *sources.SOURCE_TEXTS))
    text = data.get("text") or ""
    if _PREVIEW.search(text) and len(text) < int(_PREVIEW.search(text).group(1)):
        raise EditError(_("Loggen har bara början av den här texten sparad, så källdokumentet "
                          "kan inte återställas härifrån."))
    if not text.strip():
        raise EditError(_("Klistra in texten eller ladda upp en textfil."))
    check = {k: v for k, v in data.items() if k not in ("text", "origin") and v is not None}
    _check_form(SourceForm, check)
    _check_lengths(wanted, {"title_en": limits.SOURCE_TITLE})
    owners = [k for k in wanted.get("parties", current.get("parties", []) if current else [])
              if editing.party(row, k) is not None]
    return data, owners


def _restore_source(session, row, target, wanted, user_id):
    current = audit.source_snapshot(editing.source(row, target.key))
    data, owners = _source_data(row, wanted, current)
    data.pop("key", None)
    row, _merge = sources.update_source(session, row, target.key, data, owners, Opened(),
                                        user_id)
    if "title_en" in wanted:
        editing.source(row, target.key).title_en = wanted["title_en"]
    return _refresh(session, row), target.key, Result(_("Källdokumentet är återställt."))


def _undelete_source(session, row, wanted, user_id):
    data, owners = _source_data(row, wanted, None)
    row, key = sources.add_source(session, row, data, owners, user_id)
    editing.source(row, key).title_en = wanted.get("title_en")
    return _refresh(session, row), key, Result(_("Källdokumentet är tillbaka."))


def _refresh(session: Session, row: QuestionSet) -> QuestionSet:
    return versions.refresh(session, row)


RESTORE = {"statement": _restore_statement, "party": _restore_party,
           "source": _restore_source, "position": _restore_position}
UNDELETE = {"statement": _undelete_statement, "party": _undelete_party,
            "source": _undelete_source}
