"""Command line: `valkompass migrate | load | validate | export | setup | run …`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import force_locale

from . import catalog, migrate, problemtext
from .admin.commands import create_admin_command
from .catalogues import compile_catalogues
from .classroom.commands import purge_classes_command
from .codings import agreement
from .db import get_session
from .questionsets import (
    ARCHIVE,
    QuestionSetError,
    dump,
    export_to_folder,
    lint_file,
    parse_file,
    validate_file,
)


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic, to the newest revision)."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the newest schema revision")


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@with_appcontext
def load_command(paths: tuple[str, ...]) -> None:
    """Validate and load question-set files, all or nothing, in one transaction."""
    _load(paths)


def _load(paths: tuple[str, ...]) -> None:
    definitions, problems = [], []
    for path in paths:
        try:
            definitions.append(parse_file(path))
        except QuestionSetError as exc:
            problems.extend(exc.problems)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"nothing loaded: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    session = get_session()
    try:
        outcomes = [catalog.load_definition(session, qs) for qs in definitions]
    except catalog.CatalogError as exc:
        session.rollback()
        click.echo(f"nothing loaded: {exc}", err=True)
        sys.exit(1)
    session.commit()
    for outcome in outcomes:
        click.echo(f"{outcome.slug} version {outcome.version}: {outcome.action}")


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True,
              help="Coding lints are errors too (files under archive/ are exempt).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
              help="Print the problems as the editor shows them, in Swedish or English, with "
                   "places counted from 1 (default: FILE:LINE: PATH: English message).")
@with_appcontext
def validate_command(paths: tuple[str, ...], strict: bool, lang: str | None) -> None:
    """Check question-set files; print one line per problem and exit 1 if there are any.

    Coding lints (negated statements, shared quotes, ±2 without a proposal marker, …) are
    printed as warnings, or as errors with --strict.
    """
    def say(problem, prefix: str = "") -> None:
        if lang is None:
            click.echo(prefix + str(problem))
            return
        with force_locale(lang):
            click.echo(f"{prefix}{problem.file}: {problemtext.line(problem)}")

    problems = [problem for path in paths for problem in validate_file(path)]
    for problem in problems:
        say(problem)
    if problems:
        sys.exit(1)
    lints = []
    for path in paths:
        if Path(path).resolve().parent.name == ARCHIVE:
            if strict:
                click.echo(f"{path}: archived (frozen history): lints skipped")
            continue
        lints.extend(lint_file(path))
    for found in lints:
        say(found, "" if strict else "warning: ")
    if strict and lints:
        click.echo(f"{len(lints)} lint(s) are errors under --strict", err=True)
        sys.exit(1)
    for path in paths:
        figures = agreement(parse_file(path))
        if figures is not None:
            click.echo(f"{path}: {len(figures.coders)} codings of {figures.cells} cells: "
                       f"Krippendorff's alpha {_figure(figures.alpha, '.3f')}, exact agreement "
                       f"{_figure(figures.exact and 100 * figures.exact, '.1f')} %, "
                       f"{len(figures.disagreements)} disagreement(s)")
    click.echo(f"{len(paths)} file(s) valid")


def _figure(value: float | None, spec: str) -> str:
    return "undefined" if value is None else format(value, spec)


@click.command("export")
@click.argument("slug")
@click.option("--version", "version", type=int, help="Version to export (default: newest).")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False),
              help="Write <slug>.yaml and sources/ into this folder instead of standard output.")
@with_appcontext
def export_command(slug: str, version: int | None, out: str | None) -> None:
    """Export a stored question set in the file format (sources inline on standard output)."""
    row = catalog.get_set(get_session(), slug, version, published_only=False)
    if row is None:
        click.echo(f"no question set '{slug}'" + (f" version {version}" if version else ""),
                   err=True)
        sys.exit(1)
    definition = catalog.to_definition(row)
    if out:
        click.echo(str(export_to_folder(definition, out)))
    else:
        click.echo(dump(definition), nl=False)


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Compile the translations, migrate the database and load every shipped question set
    (what `make run` does, and every deploy).

    Loads `questions/*.yaml`, then the frozen history in `questions/archive/*.yaml`, all in
    one transaction.
    """
    try:
        for written in compile_catalogues():
            click.echo(f"compiled {written.parent.parent.name} translations")
    except OSError as exc:  # a read-only install: the wheel already carries them
        click.echo(f"translations not compiled ({exc}); installed ones are used", err=True)
    migrate.upgrade(current_app.config["DATABASE_URL"])
    folder = Path(current_app.config["QUESTIONS_DIR"])
    paths = [str(p) for p in (*sorted(folder.glob("*.yaml")),
                              *sorted((folder / ARCHIVE).glob("*.yaml")))]
    if paths:
        _load(tuple(paths))


def register(app: Flask) -> None:
    """Add the commands to `flask` / `valkompass`."""
    for command in (migrate_command, load_command, validate_command, export_command,
                    setup_command):
        app.cli.add_command(command)
    app.cli.add_command(purge_classes_command)
    app.cli.add_command(create_admin_command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


def main() -> None:
    """Entry point of the `valkompass` console script."""
    FlaskGroup(create_app=_create_app, help="Valkompass administration.")()
