"""Accounts (admins only): list, create, change role, deactivate, set a new password."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_user

from .. import accounts
from ..db import get_session
from . import access
from .forms import EditUserForm, NewUserForm

bp = access.protect(Blueprint("admin_users", __name__, url_prefix="/admin"), role="admin")


@bp.route("/anvandare", methods=["GET", "POST"])
def index():
    """Every account, and a form to add one."""
    session = get_session()
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(session, form.email.data, form.password.data, form.role.data)
        except accounts.AccountError as exc:
            session.rollback()
            form.email.errors.append(str(exc))
        else:
            session.commit()
            flash(_("Kontot %(email)s är skapat.", email=accounts.normalise_email(
                form.email.data)), "ok")
            return redirect(url_for(".index"), 303)
    return render_template("admin/users.html", users=accounts.list_users(session),
                           form=form), 400 if form.errors else 200


@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    """Change an account's role, whether it is active, or its password."""
    session = get_session()
    user = accounts.get_user(session, user_id) or abort(404)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            accounts.update_user(session, user, form.role.data, bool(form.active.data))
            if form.password.data:
                accounts.set_password(session, user, form.password.data)
        except accounts.AccountError as exc:
            session.rollback()
            form.role.errors.append(str(exc))
        else:
            session.commit()
            if user.id == access.user_id():  # the admin's own change keeps this session only
                login_user(accounts.as_current_user(user))
            flash(_("Kontot är sparat."), "ok")
            return redirect(url_for(".index"), 303)
    return render_template("admin/user_form.html", form=form, email=user.email,
                           user_id=user_id), 400 if form.errors else 200
