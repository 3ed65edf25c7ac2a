"""Independent codings of a draft: save a blind coding, keep the matrix as one, delete one.

Services take a session and never commit; each returns the refreshed version (its content
hash includes the codings, so the method page's figures always match what is stored).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import versions
from ..models import Coding, CodingValue, QuestionSet
from ..questionsets import scale_values
from . import audit
from .editing import EditError

MAX_CODER = 200
Cells = dict[tuple[str, str], int | None]


def _check_coder(row: QuestionSet, coder: str) -> str:
    coder = " ".join(coder.split())
    if not coder:
        raise EditError(_("Ange vem som har kodat."))
    if len(coder) > MAX_CODER:
        raise EditError(_("Högst %(max)d tecken.", max=MAX_CODER))
    if any(c.coder == coder for c in row.codings):
        raise EditError(_("Det finns redan en kodning av %(coder)s i den här versionen. Välj "
                          "ett annat namn.", coder=coder))
    return coder


def save_coding(session: Session, row: QuestionSet, coder: str, cells: Cells, user_id: int
                ) -> QuestionSet:
    """Store a complete coding (every statement × party) of a draft under the label `coder`."""
    versions.require_draft(row)
    coder = _check_coder(row, coder)
    allowed = set(scale_values(row.levels))
    wanted = [(st, party) for st in row.statements for party in row.parties]
    missing = [(st, p) for st, p in wanted if (st.key, p.key) not in cells]
    if missing:
        raise EditError(_("Koda varje ruta: %(num)d saknas.", num=len(missing)))
    off = [v for v in cells.values() if v is not None and v not in allowed]
    if off:
        raise EditError(_("Värdet %(v)d ligger utanför skalan.", v=off[0]))
    coding = Coding(order=max((c.order for c in row.codings), default=-1) + 1, coder=coder,
                    values=[CodingValue(statement=st, party=p, value=cells[(st.key, p.key)])
                            for st, p in wanted])
    row.codings.append(coding)
    session.flush()
    audit.record(session, row, user_id, "coding.create", f"coding:{coder}", None,
                 {"coder": coder, "cells": len(wanted)})
    return versions.refresh(session, row)


def matrix_cells(row: QuestionSet) -> Cells:
    """Return the draft's current positions as coding cells (the matrix as one coding)."""
    party_key = {p.id: p.key for p in row.parties}
    cells: Cells = {(st.key, p.key): None for st in row.statements for p in row.parties}
    for st in row.statements:
        for pos in st.positions:
            cells[(st.key, party_key[pos.party_id])] = pos.value
    return cells


def delete_coding(session: Session, row: QuestionSet, order: int, user_id: int
                  ) -> QuestionSet:
    """Remove one coding of a draft (raises LookupError when there is none at `order`)."""
    versions.require_draft(row)
    coding = next((c for c in row.codings if c.order == order), None)
    if coding is None:
        raise LookupError(order)
    audit.record(session, row, user_id, "coding.delete", f"coding:{coding.coder}",
                 {"coder": coding.coder, "cells": len(coding.values)}, None)
    row.codings.remove(coding)
    session.flush()
    return versions.refresh(session, row)
