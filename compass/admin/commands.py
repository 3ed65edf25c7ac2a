"""`valkompass create-admin EMAIL`: the first administrator, from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import accounts
from ..db import get_session


@click.command("create-admin")
@click.argument("email")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of prompting twice.")
@with_appcontext
def create_admin_command(email: str, password_stdin: bool) -> None:
    """Create an administrator account (password at least 12 characters, hashed with scrypt)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    # A request context gives the (translated) error messages a locale outside a request.
    with current_app.test_request_context():
        session = get_session()
        try:
            user = accounts.create_user(session, email, password, "admin")
        except accounts.AccountError as exc:
            session.rollback()
            click.echo(f"not created: {exc}", err=True)
            sys.exit(1)
        session.commit()
        click.echo(f"admin {user.email} created")
