"""Request helpers of the pages under /klass: the device cookie, the class lookup, 429 pages.

Shared by the student and the projector blueprints (which never import each other).
"""

from __future__ import annotations

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..db import get_session
from . import limits
from .forms import JoinForm
from .service import ClassInfo, StudentState, find_for_device
from .tokens import new_device_token, normalise_code, verified_device_token

DEVICE_COOKIE = "klass_enhet"


def load_device() -> None:
    """Before a request: the server-signed device token of this browser, if it has one."""
    g.device_token = verified_device_token(current_app.config["SECRET_KEY"],
                                           request.cookies.get(DEVICE_COOKIE))


def device_token() -> str | None:
    """This request's verified device token (None: no cookie, or one we did not sign)."""
    return g.get("device_token")


def ensure_device() -> str:
    """This browser's device token, drawing a new one (sent with the response) if needed."""
    if device_token() is None:
        g.device_token = new_device_token(current_app.config["SECRET_KEY"])
        g.new_device = True
    return g.device_token


def issue_device(response: Response) -> Response:
    """After a request: send a device token the server drew for this browser.

    Every browser gets its own token on its first page, so its failed code lookups are its
    own and never spend the budget of the other students on the school's address.
    """
    if "device_token" not in g:  # an earlier hook (CSRF) stopped the request before ours
        load_device()
    if g.device_token is None and response.status_code < 500:
        ensure_device()
    if g.get("new_device"):
        days = current_app.config["CLASS_RETENTION_DAYS"]
        response.set_cookie(DEVICE_COOKIE, g.device_token, max_age=days * 24 * 3600,
                            path="/klass", httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def too_many(blocked: limits.Blocked, message: str, back_url: str, back_label: str):
    """Abort with the Swedish 429 page: what happened, when to try again, a way back."""
    minutes, seconds = divmod(blocked.retry_after, 60)
    page = render_template("classroom/too_many.html", message=message, back_url=back_url,
                           back_label=back_label, minutes=minutes, seconds=seconds,
                           retry_after=blocked.retry_after)
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(blocked.retry_after)
    abort(response)


def unknown_code(code: str):
    """The join form with "no such code", as a 404."""
    page = render_template("classroom/join.html", form=JoinForm(formdata=None, kod=code),
                           unknown=code)
    return page, 404


def stop_if_lookups_blocked() -> None:
    """429 when this device has spent its failed-lookup budget."""
    blocked = limits.lookups_blocked(device_token())
    if blocked:
        too_many(blocked, _("För många försök med koder som inte finns från den här enheten. "
                            "Kontrollera koden med läraren."),
                 url_for("class_student.join_form"), _("Tillbaka till rutan för koden"))


def failed_lookup(code: str):
    """Spend a failed lookup and abort with the 404 join form."""
    limits.count_failed_lookup(device_token())
    abort(make_response(*unknown_code(normalise_code(code))))


def class_or_404(code: str) -> tuple[ClassInfo, StudentState | None]:
    """The class with this code and this device's answers in it (one query).

    A device that has joined the class is never limited; any other lookup first checks the
    failure budget and spends from it when the code does not exist.
    """
    info, state = find_for_device(get_session(), code, device_token())
    if state is None:
        stop_if_lookups_blocked()
    if info is None:
        failed_lookup(code)
    return info, state
