"""Small make_* helpers shared by the tests."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
DEFAULT_SET = QUESTIONS / "archive" / "trygghet-v1.yaml"  # version 1, kept for old links
VALID = Path(__file__).resolve().parent / "questionsets" / "valid"
BROKEN = Path(__file__).resolve().parent / "questionsets" / "broken"


def make_loaded_app(app, *paths: Path):
    """Load question-set files into `app`'s database through the CLI and return the app."""
    result = app.test_cli_runner().invoke(args=["load", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return app


def table_counts(app) -> dict[str, int]:
    """Return the row count of every table in `app`'s database."""
    from compass.models import Base

    engine = app.extensions["db_engine"]
    with engine.connect() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in Base.metadata.tables.items()}


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page and return its violations, summarised."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_db_counter = itertools.count()


@contextlib.contextmanager
def fresh_database(request, backend: str, folder: Path):
    """Yield the URL of a new, migrated database on `backend`, dropped afterwards."""
    if backend == "sqlite":
        path = folder / f"test-{next(_db_counter)}.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"test_{os.getpid()}_{next(_db_counter)}"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
