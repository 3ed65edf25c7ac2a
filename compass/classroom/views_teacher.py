"""The teacher's way: open a class, project its dashboard, discuss, close, export, delete.

The secret teacher link is the only way in: a wrong token is a plain 404, the same page an
address that never existed gets, so a guess learns nothing.
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
from flask_babel import get_locale
from flask_babel import gettext as _

from ..catalog import published_sets
from ..db import get_session
from ..setview import get_view
from . import exports
from .aggregates import ClassAggregates, compute
from .forms import CloseForm, DeleteForm, NewClassForm
from .presenters import class_charts, percent, qr_svg
from .service import (
    MIN_SUBSET,
    ClassInfo,
    ClassroomError,
    class_aggregates,
    class_answers,
    class_view,
    close_class,
    create_class,
    delete_class,
    find_by_token,
)

bp = Blueprint("class_teacher", __name__, url_prefix="/klassrum")

EXPORTS = {
    "svar.csv": "text/csv",
    "pastaenden.csv": "text/csv",
    "partier.csv": "text/csv",
    "klassrum.json": "application/json",
}


def _locale() -> str:
    return str(get_locale() or "sv")


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
                _info, token = create_class(session, view.slug, form.version.data, keys)
            except ClassroomError:
                error = _("Klassrummet kunde inte skapas med de valen. Ladda om sidan och "
                          "försök igen.")
            else:
                session.commit()
                return redirect(url_for(".dashboard", token=token, ny=1), 303)
    return render_template("classroom/new.html", sets=sets, chosen=chosen, view=view,
                           form=form, error=error, selected=set(form.pastaende.data or ()),
                           min_subset=MIN_SUBSET, locale=_locale()), 400 if error else 200


def _context(token: str, info: ClassInfo) -> dict:
    session = get_session()
    view = class_view(session, info)
    aggregates: ClassAggregates = class_aggregates(session, info, view)
    return {"token": token, "info": info, "view": view, "agg": aggregates,
            "charts": class_charts(aggregates, view.levels), "locale": _locale(), "pct": percent,
            "retention_days": current_app.config["CLASS_RETENTION_DAYS"]}


@bp.get("/<token>/")
def dashboard(token: str):
    """The class dashboard, made for a projector; refreshes itself when JavaScript runs."""
    return _render_dashboard(token, teacher_class(token))


def _render_dashboard(token: str, info: ClassInfo, delete_form: DeleteForm | None = None,
                      status: int = 200):
    join_url = url_for("class_student.class_page", code=info.code, _external=True)
    context = _context(token, info)
    page = render_template(
        "classroom/dashboard.html", **context, join_url=join_url,
        qr=qr_svg(join_url, _("QR-kod som leder till %(url)s", url=join_url)),
        teacher_url=url_for(".dashboard", token=token, _external=True)
        if request.args.get("ny") == "1" else None,
        close_form=CloseForm(), delete_form=delete_form or DeleteForm(formdata=None))
    return page, status


@bp.get("/<token>/live")
def live(token: str):
    """The changing part of the dashboard as an HTML fragment, for the polling script."""
    info = teacher_class(token)
    return render_template("classroom/_live.html", **_context(token, info))


@bp.get("/<token>/diskussion/")
def discussion_start(token: str):
    """Discussion mode starts at the first statement."""
    teacher_class(token)
    return redirect(url_for(".discussion", token=token, number=1))


@bp.get("/<token>/diskussion/<int:number>")
def discussion(token: str, number: int):
    """One statement at a time: the class's answers first, the parties' positions on request."""
    info = teacher_class(token)
    context = _context(token, info)
    view, aggregates = context["view"], context["agg"]
    if not 1 <= number <= len(view.statements):
        abort(404)
    stat = aggregates.statements[number - 1] if aggregates.visible else None
    return render_template("classroom/discussion.html", **context, number=number,
                           st=view.statements[number - 1], stat=stat,
                           reveal=request.args.get("visa") == "1")


@bp.post("/<token>/stang")
def close(token: str):
    """Close the class: no more answers; results stay."""
    info = teacher_class(token)
    if not CloseForm().validate():
        abort(400)
    close_class(get_session(), info)
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


@bp.get("/<token>/export/<name>")
def export(token: str, name: str):
    """Download anonymous answers or aggregates (see `exports`)."""
    info = teacher_class(token)
    if name not in EXPORTS:
        abort(404)
    session = get_session()
    view = class_view(session, info)
    students = class_answers(session, info)
    aggregates = compute(view, students)
    if name == "svar.csv":
        body = exports.answers_csv(view, students, aggregates)
    elif name == "pastaenden.csv":
        body = exports.statements_csv(view, aggregates)
    elif name == "partier.csv":
        body = exports.parties_csv(aggregates)
    else:
        body = exports.class_json(info, view, students, aggregates)
    filename = f"klassrum-{info.code}-{name}"
    return Response(body, mimetype=EXPORTS[name], headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
