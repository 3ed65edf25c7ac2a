"""The student's way: join with a code, answer on the voter's statement page, see results.

Students are anonymous: a random token drawn and signed by the server, in a cookie, identifies
the device; the database keeps a salted hash of it and the answer code, nothing else. Failed
code lookups and joins are limited (see `limits`); a joined student is never limited. In a
teacher-paced lesson the phone follows the teacher: it can answer only the statement the
teacher has opened, and the waiting page refreshes itself (with or without JavaScript).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..answers import AnswerCodeError, decode, first_unanswered
from ..db import get_session
from ..flow import StatementFlow
from ..i18n import current_language as _locale
from ..setview import SetView
from . import limits, snapshots
from .access import (
    class_or_404,
    device_token,
    ensure_device,
    failed_lookup,
    issue_device,
    load_device,
    stop_if_lookups_blocked,
    too_many,
)
from .forms import ClassAnswerForm, JoinForm, StartForm
from .glossary import statement_glossary
from .presenters import class_charts
from .service import (
    ClassInfo,
    StudentState,
    answer_char,
    class_view,
    find_for_device,
    join,
    student_state,
)
from .student_result import student_result_context
from .tokens import device_hash, normalise_code

bp = Blueprint("class_student", __name__, url_prefix="/klass")
bp.before_request(load_device)
bp.after_request(issue_device)
LESSON_REFRESH = 4  # seconds between a waiting phone's refreshes in a paced lesson


def joined_or_redirect(info: ClassInfo, state: StudentState | None) -> StudentState:
    """Return this device's answers in an open class, or send it to the class page."""
    if state is None or not info.is_open:
        abort(redirect(url_for(".class_page", code=info.code), 303))
    return state


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
def join_submit():
    """Look up a typed code and go to its class."""
    form = JoinForm()
    if not form.validate():
        return render_template("classroom/join.html", form=form, unknown=None), 400
    code = normalise_code(form.kod.data)
    info, state = find_for_device(get_session(), code, device_token())
    if state is None:
        stop_if_lookups_blocked()
    if info is None:
        failed_lookup(code)
    return redirect(url_for(".class_page", code=info.code), 303)


@bp.get("/<code>")
def class_page(code: str):
    """A class's start page: what happens to the answers, start or continue, or closed."""
    info, state = class_or_404(code)
    if code != info.code:
        return redirect(url_for(".class_page", code=info.code), 301)
    view = class_view(get_session(), info, _locale())
    answers = _answers(view, state) if state else None
    resume = first_unanswered(answers) if answers else None
    return render_template("classroom/class.html", info=info, view=view, state=state,
                           answers=answers, resume=None if resume is None else resume + 1,
                           form=StartForm(formdata=None), locale=_locale(),
                           retention_days=current_app.config["CLASS_RETENTION_DAYS"])


@bp.post("/<code>/borja")
def start(code: str):
    """Join the class on this device (idempotent) and go to the first open statement."""
    info, state = class_or_404(code)
    if not info.is_open:
        return redirect(url_for(".class_page", code=info.code), 303)
    if not StartForm().validate():
        abort(400)
    session = get_session()
    view = class_view(session, info, _locale())
    device = device_hash(info.code, ensure_device())
    if state is None:
        blocked = limits.join_blocked(info.code)
        if blocked:
            too_many(blocked, _("Många har gått med i klassrummet på kort tid. Vänta lite och "
                                "tryck på Börja igen."),
                     url_for(".class_page", code=info.code), _("Tillbaka till klassrummet"))
        limits.count_join(info.code)
        join(session, info, device, len(view.statements))
        state = student_state(session, info, device)
    session.commit()
    return redirect(_next_page(info, view, state), 303)


def _next_page(info: ClassInfo, view: SetView, state: StudentState | None) -> str:
    if info.paced:
        return url_for(".lesson", code=info.code)
    resume = first_unanswered(_answers(view, state)) if state else 0
    return (url_for(".statement", code=info.code, number=resume + 1) if resume is not None
            else url_for(".result", code=info.code))


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
def statement(code: str, number: int):
    """One statement, on the voter's statement page, answered by POST."""
    info, state = class_or_404(code)
    state = joined_or_redirect(info, state)
    view = class_view(get_session(), info, _locale())
    if not 1 <= number <= len(view.statements):
        abort(404)
    if info.paced and number != info.current:
        return redirect(url_for(".lesson", code=info.code), 303)
    answers = _answers(view, state)
    flow = (StatementFlow(method="post", action=url_for(".answer", code=info.code), csrf=True)
            if info.paced else
            _flow(info.code, answers, number, request.args.get("sedan") == "resultat"))
    st = view.statements[number - 1]
    return render_template("quiz/statement.html", view=view, answers=answers, number=number,
                           st=st, flow=flow, locale=_locale(), glossary=statement_glossary(st))


@bp.post("/<code>/svara")
def answer(code: str):
    """Store one answer (an upsert: repeats and two tabs never duplicate) and move on."""
    info, state = class_or_404(code)
    joined_or_redirect(info, state)
    view = class_view(get_session(), info, _locale())
    form = ClassAnswerForm()
    n = len(view.statements)
    if not form.validate() or form.nr.data > n:
        abort(400, _("Svaret kunde inte läsas. Gå tillbaka och välj ett av svarsalternativen."))
    try:
        char = answer_char(form.svar.data, float(form.vikt.data or 1), view.levels)
    except ValueError:
        abort(400)
    number = form.nr.data
    if info.paced and number != info.current:
        return redirect(url_for(".lesson", code=info.code, sent="sent"), 303)
    session = get_session()
    device = device_hash(info.code, device_token())
    snapshots.store_answer(session, info, device, number - 1, char, n, view.levels)
    session.commit()
    if info.paced:
        return redirect(url_for(".lesson", code=info.code), 303)
    if form.sedan.data == "resultat" or number >= n:
        return redirect(url_for(".result", code=info.code), 303)
    return redirect(url_for(".statement", code=info.code, number=number + 1), 303)


@bp.get("/<code>/lektion")
def lesson(code: str):
    """A paced lesson on the phone: the open statement, or wait for the teacher (refreshes)."""
    info, state = class_or_404(code)
    if state is None or not info.paced:
        return redirect(url_for(".class_page", code=info.code), 303)
    view = class_view(get_session(), info, _locale())
    answers = _answers(view, state)
    current, late = info.current, request.args.get("sent") == "sent"
    open_now = bool(info.is_open and current and not answers[current - 1].answered)
    if open_now and not late:
        return redirect(url_for(".statement", code=info.code, number=current), 303)
    return render_template("classroom/lesson_wait.html", info=info, view=view,
                           answers=answers, current=current, refresh=LESSON_REFRESH,
                           late=late, open_now=open_now, locale=_locale())


@bp.get("/<code>/resultat")
def result(code: str):
    """The student's own match, as rich as the voter's, then the class's picture."""
    info, state = class_or_404(code)
    if state is None:
        return redirect(url_for(".class_page", code=info.code), 303)
    session = get_session()
    view = class_view(session, info, _locale())
    answers = _answers(view, state)
    context = student_result_context(view, answers)
    aggregates = snapshots.class_aggregates(session, info, view)
    return render_template("classroom/student_result.html", info=info, view=view,
                           answers=answers, agg=aggregates, locale=_locale(),
                           charts=class_charts(aggregates, view.levels),
                           resume=first_unanswered(answers), **context)
