"""The teacher's control page: open a class, run it, close, reopen, export, delete.

The secret control link is the only way in: a wrong token is a plain 404, the same page an
address that never existed gets, so a guess learns nothing. The control link is shown once,
on its own "spara länken" page, and is never the page to project: the projector view (see
`views_projector`) holds no control and no secret.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..catalog import published_sets
from ..db import get_session
from ..i18n import current_language as _locale
from ..setview import get_view, localised_view
from . import exports, lesson
from .forms import (
    CloseForm,
    DeleteForm,
    LessonForm,
    NewClassForm,
    ReleaseForm,
    ReopenForm,
)
from .glossary import set_glossary
from .links import is_loopback, public_url
from .presenters import class_charts, percent, qr_svg
from .service import (
    MIN_SUBSET,
    ClassInfo,
    ClassroomError,
    class_view,
    close_class,
    create_class,
    delete_class,
    find_by_token,
    reopen_class,
)
from .snapshots import class_aggregates, release_picture, reveals

bp = Blueprint("class_teacher", __name__, url_prefix="/klassrum")

EXPORTS = {
    "pastaenden.csv": "text/csv",
    "partier.csv": "text/csv",
    "klassrum.json": "application/json",
}


@bp.after_request
def _private(response: Response) -> Response:
    # Teacher pages carry the secret link: never cached, never indexed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def teacher_class(token: str) -> ClassInfo:
    """Return the class of this teacher token or answer 404."""
    info = find_by_token(get_session(), token)
    if info is None:
        abort(404)
    return info


@bp.route("/ny", methods=["GET", "POST"])
def new():
    """Choose a published set (and optionally some of its statements) and open a class."""
    session = get_session()
    sets = published_sets(session)
    form = NewClassForm()
    slug = request.values.get("omgang") or (sets[0].slug if len(sets) == 1 else None)
    chosen = next((s for s in sets if s.slug == slug), None)
    view = get_view(session, chosen.slug, chosen.version) if chosen else None
    view = localised_view(view, _locale()) if view else None
    error = None
    if request.method == "POST":
        keys = form.pastaende.data or []
        if not form.validate() or view is None:
            error = _("Välj en frågeomgång och försök igen.")
        elif keys and len(keys) < MIN_SUBSET:
            error = _("Välj minst %(n)d påståenden – eller inga alls, så används alla.",
                      n=MIN_SUBSET)
        else:
            try:
                _info, token = create_class(session, view.slug, form.version.data, keys,
                                            mode=form.lage.data or "free")
            except ClassroomError:
                error = _("Klassrummet kunde inte skapas med de valen. Ladda om sidan och "
                          "försök igen.")
            else:
                session.commit()
                return redirect(url_for(".save_link", token=token), 303)
    return render_template("classroom/new.html", sets=sets, chosen=chosen, view=view,
                           form=form, error=error, selected=set(form.pastaende.data or ()),
                           min_subset=MIN_SUBSET, locale=_locale()), 400 if error else 200


@bp.get("/<token>/spara")
def save_link(token: str):
    """The control link, shown for saving right after the class is made: not for projecting."""
    info = teacher_class(token)
    return render_template("classroom/save_link.html", info=info,
                           control_url=url_for(".dashboard", token=token, _external=True),
                           projector_url=public_url("class_projector.board", code=info.code),
                           token=token)


def _context(token: str, info: ClassInfo) -> dict:
    session = get_session()
    view = class_view(session, info, _locale())
    aggregates = class_aggregates(session, info, view)
    return {"token": token, "info": info, "view": view, "agg": aggregates,
            "charts": class_charts(aggregates, view.levels), "locale": _locale(), "pct": percent,
            "retention_days": current_app.config["CLASS_RETENTION_DAYS"],
            "answered_current": lesson.answered_current(session, info) if info.paced else 0,
            "revealed": set(reveals(session, info)) if info.paced else set()}


@bp.get("/<token>/")
def dashboard(token: str):
    """The control page: for the teacher's own screen, not for the projector."""
    return _render_dashboard(token, teacher_class(token))


def _render_dashboard(token: str, info: ClassInfo, close_form: CloseForm | None = None,
                      delete_form: DeleteForm | None = None, status: int = 200):
    join_url = public_url("class_student.class_page", code=info.code)
    page = render_template(
        "classroom/dashboard.html", **_context(token, info), join_url=join_url,
        join_form_url=public_url("class_student.join_form"), loopback=is_loopback(join_url),
        projector_url=public_url("class_projector.board", code=info.code),
        qr=qr_svg(join_url, _("QR-kod som leder till %(url)s", url=join_url)),
        close_form=close_form or CloseForm(formdata=None), reopen_form=ReopenForm(),
        release_form=ReleaseForm(),
        lesson_form=LessonForm(formdata=None),
        delete_form=delete_form or DeleteForm(formdata=None))
    return page, status


@bp.get("/<token>/live")
def live(token: str):
    """The changing part of the control page as an HTML fragment, for the polling script."""
    info = teacher_class(token)
    return render_template("classroom/_live.html", **_context(token, info))


@bp.post("/<token>/lektion")
def lesson_step(token: str):
    """A paced lesson's next step: open the next statement (optional timer) or reveal it."""
    info = teacher_class(token)
    form = LessonForm()
    if not form.validate():
        abort(400, _("Steget kunde inte läsas. Ladda om sidan och försök igen."))
    session = get_session()
    try:
        if form.steg.data == "nasta":
            lesson.open_next(session, info, len(class_view(session, info, _locale()).statements),
                             form.tid.data)
        else:
            lesson.reveal_current(session, info)
    except ClassroomError:
        abort(409, _("Det steget går inte nu: klassrummet är stängt, inte lärarlett, eller "
                     "alla påståenden är redan öppnade."))
    session.commit()
    return redirect(url_for(".dashboard", token=token) + "#lektion", 303)


@bp.post("/<token>/klassbild")
def release(token: str):
    """Release the class picture: the first snapshot now, then one per k more students."""
    info = teacher_class(token)
    if not ReleaseForm().validate():
        abort(400)
    release_picture(get_session(), info)
    get_session().commit()
    return redirect(url_for(".dashboard", token=token), 303)


@bp.post("/<token>/stang")
def close(token: str):
    """Close the class, after a ticked confirmation: no more answers; results stay."""
    info = teacher_class(token)
    form = CloseForm()
    if not form.validate():
        return _render_dashboard(token, info, close_form=form, status=400)
    close_class(get_session(), info)
    get_session().commit()
    return redirect(url_for(".dashboard", token=token), 303)


@bp.post("/<token>/oppna")
def reopen(token: str):
    """Open a closed class again (it is still deleted when the retention period ends)."""
    info = teacher_class(token)
    if not ReopenForm().validate():
        abort(400)
    reopen_class(get_session(), info)
    get_session().commit()
    return redirect(url_for(".dashboard", token=token), 303)


@bp.post("/<token>/radera")
def delete(token: str):
    """Delete the class and every answer in it, after a ticked confirmation."""
    info = teacher_class(token)
    form = DeleteForm()
    if not form.validate():
        return _render_dashboard(token, info, delete_form=form, status=400)
    delete_class(get_session(), info)
    get_session().commit()
    return redirect(url_for(".deleted"), 303)


@bp.get("/raderat")
def deleted():
    """Confirmation that a class is gone."""
    return render_template("classroom/deleted.html")


@bp.get("/<token>/sammanfattning")
def summary(token: str):
    """A printable summary of the class picture, for after the lesson."""
    info = teacher_class(token)
    return render_template("classroom/summary.html", **_context(token, info))


@bp.get("/<token>/material")
def kit(token: str):
    """The lesson kit: a 45-minute plan, worksheet, statement cards and glossary (printable)."""
    info = teacher_class(token)
    view = class_view(get_session(), info, _locale())
    return render_template("classroom/kit.html", info=info, view=view, token=token,
                           glossary=set_glossary(view), locale=_locale(),
                           join_form_url=public_url("class_student.join_form"))


@bp.get("/<token>/export/<name>")
def export(token: str, name: str):
    """Download the class's aggregates (see `exports`): never a student's answers."""
    info = teacher_class(token)
    if name not in EXPORTS:
        abort(404)
    session = get_session()
    view = class_view(session, info, _locale())
    aggregates = class_aggregates(session, info, view)
    if name == "pastaenden.csv":
        body = exports.statements_csv(view, aggregates)
    elif name == "partier.csv":
        body = exports.parties_csv(aggregates)
    else:
        body = exports.class_json(info, view, aggregates)
    filename = f"klassrum-{info.code}-{name}"
    return Response(body, mimetype=EXPORTS[name], headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
