"""Signing in and out of the admin."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from .. import accounts, errors
from ..db import get_session
from ..extensions import limiter
from ..urls import safe_local_path
from . import keep
from .forms import ButtonForm, LoginForm

bp = Blueprint("admin_auth", __name__, url_prefix="/admin")

LOGIN_LIMIT = "5 per minute"


def _next_url() -> str:
    return safe_local_path(request.args.get("next"), url_for("admin_sets.index"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    """The login form; five attempts a minute per address, one generic error message."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_url())
    form = LoginForm()
    if request.method == "POST":
        user = None
        if form.validate():
            user = accounts.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            language, kept = session.get("lang"), session.get(keep.KEPT)
            session.clear()  # a fresh session for the signed-in user
            if language:
                session["lang"] = language
            keep.carry_over(kept)  # a form kept when the last login ended opens after this
            login_user(accounts.as_current_user(user))
            return redirect(_next_url(), 303)
        return _page(form, _("Fel e-post eller lösenord.")), 401
    return _page(form, None)


def _page(form: LoginForm, error: str | None) -> str:
    return render_template("admin/login.html", form=form, error=error,
                           kept=keep.any_waiting())


@bp.errorhandler(CSRFError)
def login_expired(exc: CSRFError):
    """The login page itself had expired: show it again with a fresh token."""
    if request.endpoint != "admin_auth.login":
        return errors.handle_csrf_error(exc)
    form = LoginForm(formdata=None, email=request.form.get("email", "")[:254])
    return _page(form, _("Inloggningssidan hade gått ut. Skriv lösenordet igen och logga "
                         "in.")), 400


@bp.post("/logout")
def logout():
    """Sign out (a POST with the form token, so no other site can sign anyone out)."""
    if ButtonForm().validate_on_submit():
        if current_user.is_authenticated:  # a copy of this cookie must not stay signed in
            database = get_session()
            user = accounts.get_user(database, int(current_user.id))
            if user is not None:
                accounts.end_sessions(user)
                database.commit()
        logout_user()
        flash(_("Du är utloggad."), "ok")
    return redirect(url_for("admin_auth.login"))
