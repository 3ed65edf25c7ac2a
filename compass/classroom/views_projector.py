"""The projector view: what the whole room may see, reached by the join code alone.

Code, QR code, counts, the class picture and the discussion, or in a paced lesson the open
statement and what the teacher has revealed. No control, no secret: anyone who can read the
projected code could open this page anyway, and it shows nothing the room does not see.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..i18n import current_language
from . import lesson
from .access import class_or_404, issue_device, load_device
from .links import public_url
from .presenters import class_charts, percent, qr_svg
from .service import ClassInfo, class_view
from .snapshots import class_aggregates, reveals

bp = Blueprint("class_projector", __name__, url_prefix="/klass")
bp.before_request(load_device)
bp.after_request(issue_device)
REFRESH = 5  # seconds: the board reloads itself when JavaScript is off


def _context(info: ClassInfo) -> dict:
    session = get_session()
    locale = current_language()
    view = class_view(session, info, locale)
    aggregates = class_aggregates(session, info, view)
    join_url = public_url("class_student.class_page", code=info.code)
    return {"info": info, "view": view, "agg": aggregates, "token": None,
            "charts": class_charts(aggregates, view.levels), "pct": percent,
            "locale": locale, "join_url": join_url,
            "join_form_url": public_url("class_student.join_form"),
            "answered_current": lesson.answered_current(session, info) if info.paced else 0,
            "revealed": set(reveals(session, info)) if info.paced else set(),
            "retention_days": current_app.config["CLASS_RETENTION_DAYS"]}


@bp.get("/<code>/tavla")
def board(code: str):
    """The page to project: join code and QR, then the class picture or the paced lesson."""
    info, _state = class_or_404(code)
    if code != info.code:
        return redirect(url_for(".board", code=info.code), 301)
    context = _context(info)
    return render_template("classroom/board.html", **context, refresh=REFRESH,
                           qr=qr_svg(context["join_url"], _("QR-kod som leder till %(url)s",
                                                            url=context["join_url"])))


@bp.get("/<code>/tavla/live")
def board_live(code: str):
    """The changing part of the board, for its polling script."""
    info, _state = class_or_404(code)
    return render_template("classroom/_board_live.html", **_context(info))


@bp.get("/<code>/tavla/diskussion/<int:number>")
def discussion(code: str, number: int):
    """One statement at a time: the class's answers, the parties' positions and quotes."""
    info, _state = class_or_404(code)
    context = _context(info)
    view, aggregates = context["view"], context["agg"]
    if not 1 <= number <= len(view.statements):
        abort(404)
    stat = aggregates.statements[number - 1] if aggregates.statements else None
    return render_template("classroom/discussion.html", **context, number=number,
                           st=view.statements[number - 1],
                           stat=stat if stat is not None and stat.shown else None)
