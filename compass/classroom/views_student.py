"""The student's way: join with a code, answer on the voter's statement page, see results.

Students are anonymous: a random token in a cookie (set only when they start) identifies the
device; the database keeps a salted hash of it and the answer code, nothing else. Lookups of
a code that does not exist cost a try from a per-client budget, so codes cannot be
enumerated; successful joins are free, so a whole class behind one school address can join.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from .. import charts
from ..answers import AnswerCodeError, decode, first_unanswered
from ..db import get_session
from ..extensions import limiter
from ..flow import StatementFlow
from ..results import compute
from ..setview import SetView
from .forms import ClassAnswerForm, JoinForm, StartForm
from .presenters import class_charts, own_answer_labels, percent
from .service import (
    ClassInfo,
    StudentState,
    answer_char,
    class_aggregates,
    class_view,
    find_for_device,
    join,
    record_answer,
    student_state,
)
from .tokens import device_hash, new_token, normalise_code

bp = Blueprint("class_student", __name__, url_prefix="/klass")

DEVICE_COOKIE = "klass_enhet"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _failed_lookup(response) -> bool:
    return response.status_code == 404


def _too_many() -> str:
    return _("För många försök med koder som inte finns. Vänta en minut och försök igen – "
             "och kontrollera koden med läraren.")


# One budget per client for every way of trying a code (the join form POST and direct
# links): 20 failed lookups a minute, then 429.
code_limit = limiter.shared_limit("20 per minute", scope="klass-kod",
                                  deduct_when=_failed_lookup, error_message=_too_many)


def _locale() -> str:
    return str(get_locale() or "sv")


def _unknown(code: str):
    page = render_template("classroom/join.html", form=JoinForm(formdata=None, kod=code),
                           unknown=code)
    return page, 404


def class_or_404(code: str) -> tuple[ClassInfo, StudentState | None]:
    """Return the class with this code and this device's answers in it (one query), or
    answer 404 with the join form and a message."""
    info, state = find_for_device(get_session(), code, _device_token())
    if info is None:
        abort(make_response(*_unknown(normalise_code(code))))
    return info, state


def joined_or_redirect(info: ClassInfo, state: StudentState | None) -> StudentState:
    """Return this device's answers in an open class, or send it to the class page."""
    if state is None or not info.is_open:
        abort(redirect(url_for(".class_page", code=info.code), 303))
    return state


def _device_token() -> str | None:
    token = request.cookies.get(DEVICE_COOKIE, "")
    return token if _TOKEN.fullmatch(token) else None


def _answers(view: SetView, state: StudentState):
    try:
        return decode(state.code, len(view.statements), view.levels)
    except AnswerCodeError:  # the stored code no longer fits: start over rather than fail
        return decode("", len(view.statements), view.levels)


@bp.get("")
def join_form():
    """Type the class code."""
    return render_template("classroom/join.html", form=JoinForm(formdata=None), unknown=None)


@bp.post("")
@code_limit
def join_submit():
    """Look up a typed code and go to its class."""
    form = JoinForm()
    if not form.validate():
        return render_template("classroom/join.html", form=form, unknown=None), 400
    code = normalise_code(form.kod.data)
    info, _state = find_for_device(get_session(), code, None)
    if info is None:
        return _unknown(code)
    return redirect(url_for(".class_page", code=info.code), 303)


@bp.get("/<code>")
@code_limit
def class_page(code: str):
    """A class's start page: what happens to the answers, start or continue, or closed."""
    info, state = class_or_404(code)
    if code != info.code:
        return redirect(url_for(".class_page", code=info.code), 301)
    view = class_view(get_session(), info)
    answers = _answers(view, state) if state else None
    resume = first_unanswered(answers) if answers else None
    return render_template("classroom/class.html", info=info, view=view, state=state,
                           answers=answers, resume=None if resume is None else resume + 1,
                           form=StartForm(formdata=None), locale=_locale(),
                           retention_days=current_app.config["CLASS_RETENTION_DAYS"])


@bp.post("/<code>/borja")
@code_limit
def start(code: str):
    """Join the class on this device (idempotent) and go to the first open statement."""
    info, _state = class_or_404(code)
    if not info.is_open:
        return redirect(url_for(".class_page", code=info.code), 303)
    if not StartForm().validate():
        abort(400)
    token = _device_token() or new_token()
    session = get_session()
    view = class_view(session, info)
    device = device_hash(info.code, token)
    join(session, info, device, len(view.statements))
    state = student_state(session, info, device)
    session.commit()
    resume = first_unanswered(_answers(view, state)) if state else 0
    target = (url_for(".statement", code=info.code, number=resume + 1) if resume is not None
              else url_for(".result", code=info.code))
    response = redirect(target, 303)
    days = current_app.config["CLASS_RETENTION_DAYS"]
    response.set_cookie(DEVICE_COOKIE, token, max_age=days * 24 * 3600, path="/klass",
                        httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _flow(code: str, answers, number: int, back: bool) -> StatementFlow:
    """Wire the shared statement page for a class: POST with CSRF, answers on the server."""
    sedan = "resultat" if back else None
    return StatementFlow(
        method="post", action=url_for(".answer", code=code), csrf=True,
        hidden={"sedan": "resultat"} if back else {},
        prev_url=url_for(".statement", code=code, number=number - 1, sedan=sedan)
        if number > 1 else None,
        next_url=url_for(".statement", code=code, number=number + 1, sedan=sedan)
        if answers[number - 1].answered and number < len(answers) else None,
        result_url=url_for(".result", code=code)
        if back or first_unanswered(answers) is None else None)


@bp.get("/<code>/pastaende/<int:number>")
@code_limit
def statement(code: str, number: int):
    """One statement, on the voter's statement page, answered by POST."""
    info, state = class_or_404(code)
    state = joined_or_redirect(info, state)
    view = class_view(get_session(), info)
    if not 1 <= number <= len(view.statements):
        abort(404)
    answers = _answers(view, state)
    flow = _flow(info.code, answers, number, request.args.get("sedan") == "resultat")
    return render_template("quiz/statement.html", view=view, answers=answers, number=number,
                           st=view.statements[number - 1], flow=flow, locale=_locale())


@bp.post("/<code>/svara")
@code_limit
def answer(code: str):
    """Store one answer (an upsert: repeats and two tabs never duplicate) and move on."""
    info, state = class_or_404(code)
    joined_or_redirect(info, state)
    view = class_view(get_session(), info)
    form = ClassAnswerForm()
    n = len(view.statements)
    if not form.validate() or form.nr.data > n:
        abort(400, _("Svaret kunde inte läsas. Gå tillbaka och välj ett av svarsalternativen."))
    try:
        char = answer_char(form.svar.data, float(form.vikt.data or 1), view.levels)
    except ValueError:
        abort(400)
    number = form.nr.data
    session = get_session()
    record_answer(session, info, device_hash(info.code, _device_token()), number - 1, char, n)
    session.commit()
    if form.sedan.data == "resultat" or number >= n:
        return redirect(url_for(".result", code=info.code), 303)
    return redirect(url_for(".statement", code=info.code, number=number + 1), 303)


@bp.get("/<code>/resultat")
@code_limit
def result(code: str):
    """The student's own match, then the class's picture once enough have answered."""
    info, state = class_or_404(code)
    if state is None:
        return redirect(url_for(".class_page", code=info.code), 303)
    session = get_session()
    view = class_view(session, info)
    answers = _answers(view, state)
    report = compute(view, answers, [p.index for p in view.parties], with_extras=False)
    aggregates = class_aggregates(session, info, view)
    own_chart = None
    if not report.too_few and report.parties:
        own_chart = Markup(charts.bar_chart(
            [charts.Bar(r.party.short_name, r.score, r.party.colour) for r in report.results],
            title=_("Matchning per parti"),
            desc=_("Stapeldiagram över partiernas matchning med dina svar, högst först. "
                   "Samma siffror står i listan ovanför."),
            id_prefix="egen", value_format=percent))
    return render_template("classroom/student_result.html", info=info, view=view,
                           answers=answers, report=report, own_chart=own_chart,
                           agg=aggregates, charts=class_charts(aggregates, view.levels),
                           own_answers=own_answer_labels(answers, view.levels), pct=percent,
                           locale=_locale(), resume=first_unanswered(answers))
