"""The admin: accounts, the question-set editor, evidence, balance, versions, audit log.

Everything lives under /admin. `register(app)` mounts the blueprints (one per area, each in
its own views module) and wires Flask-Login.
"""

from __future__ import annotations

from flask import Flask

from .. import accounts
from ..extensions import login_manager
from . import (
    keep,
    views_auth,
    views_codings,
    views_io,
    views_keep,
    views_parties,
    views_positions,
    views_restore,
    views_review,
    views_sets,
    views_sources,
    views_statements,
    views_tables,
    views_users,
    views_versions,
)

BLUEPRINTS = (views_auth.bp, views_sets.bp, views_versions.bp, views_statements.bp,
              views_parties.bp, views_positions.bp, views_sources.bp, views_io.bp,
              views_users.bp, views_review.bp, views_codings.bp, views_restore.bp,
              views_tables.bp, views_keep.bp)


def register(app: Flask) -> None:
    """Mount the admin blueprints and tell Flask-Login how to find users."""
    accounts.init_login(login_manager, "admin_auth.login")
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    keep.init_app(app)
