"""`valkompass purge-classes`: delete class sessions older than the retention period (cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import get_engine, get_session
from .service import purge_expired, vacuum_class_tables


@click.command("purge-classes")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Retention in days (default: CLASS_RETENTION_DAYS, 30).")
@with_appcontext
def purge_classes_command(days: int | None) -> None:
    """Delete class sessions, with all their answers, created more than the retention ago."""
    retention = current_app.config["CLASS_RETENTION_DAYS"] if days is None else days
    session = get_session()
    deleted = purge_expired(session, retention)
    session.commit()
    if deleted:
        vacuum_class_tables(get_engine())
    click.echo(f"{deleted} class session(s) older than {retention} days deleted")
