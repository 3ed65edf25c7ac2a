"""Signing in and out of the admin."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import accounts
from ..db import get_session
from ..extensions import limiter
from ..urls import safe_local_path
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
            language = session.get("lang")
            session.clear()  # a fresh session for the signed-in user
            if language:
                session["lang"] = language
            login_user(accounts.as_current_user(user))
            return redirect(_next_url(), 303)
        return render_template("admin/login.html", form=form,
                               error=_("Fel e-post eller lösenord.")), 401
    return render_template("admin/login.html", form=form, error=None)


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
