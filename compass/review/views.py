"""The party's review page: no login, the secret token in the URL opens one party's positions.

Every response is `Cache-Control: no-store` and `Referrer-Policy: no-referrer`, so the token
stays out of caches and is never sent on to the party websites the page links to.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..extensions import limiter
from ..setview import get_view
from . import service
from .forms import AnswerForm

bp = Blueprint("review", __name__, url_prefix="/granska")
# A party answers a few dozen positions; this only slows down a script hammering the forms.
ANSWER_LIMIT = "120 per minute"


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _open(token: str):
    access = service.open_link(get_session(), token)
    if access is None:
        abort(404)
    view = get_view(get_session(), access.slug, access.version, published_only=False)
    party = view.party(access.party_key) if view else None
    if view is None or party is None:
        abort(404)
    return access, view, party


@bp.get("/<token>")
def page(token: str):
    """The party's coded positions with quote, evidence and rationale, and a form for each."""
    access, view, party = _open(token)
    found = service.items(view, party)
    forms = {item.statement.key: AnswerForm(prefix=item.statement.key, formdata=None)
             for item in found}
    status = 200 if access.state in ("open", "published") else 410
    return render_template("review/page.html", access=access, view=view, party=party,
                           items=found, forms=forms, token=token), status


@bp.post("/<token>/<statement>")
@limiter.limit(ANSWER_LIMIT)
def respond(token: str, statement: str):
    """Store the party's verdict on one position and go back to it."""
    access, view, party = _open(token)
    item = next((i for i in service.items(view, party) if i.statement.key == statement), None)
    if item is None:
        abort(404)
    form = AnswerForm(prefix=statement)
    back = url_for(".page", token=token) + f"#p-{statement}"
    if not form.validate():
        forms = {i.statement.key: AnswerForm(prefix=i.statement.key, formdata=None)
                 for i in service.items(view, party)}
        forms[statement] = form
        return render_template("review/page.html", access=access, view=view, party=party,
                               items=service.items(view, party), forms=forms, token=token,
                               failed=statement), 400
    session = get_session()
    try:
        service.answer(session, access, statement, form.verdict.data, form.comment.data,
                       form.counter_quote.data)
    except service.ReviewError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(back, 303)
    session.commit()
    flash(_("Tack! Ert svar är sparat.") if form.verdict.data == "confirm" else
          _("Tack! Er invändning är sparad. Redaktionen besvarar den."), "ok")
    return redirect(back, 303)
