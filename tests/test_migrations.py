"""Alembic migrations: the migrated schema is exactly the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from compass.migrate import alembic_config, upgrade
from compass.models import Base


def test_migrated_schema_has_no_drift_from_the_models(database_url):
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_database_is_at_the_single_head(database_url):
    config = alembic_config(database_url)
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == tuple(heads)
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_removes_everything(database_url):
    upgrade(database_url)  # already at head: nothing to do, no error
    from alembic import command

    command.downgrade(alembic_config(database_url), "base")
    engine = sa.create_engine(database_url)
    try:
        tables = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
    finally:
        engine.dispose()
    upgrade(database_url)
    engine = sa.create_engine(database_url)
    try:
        assert set(Base.metadata.tables) <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
