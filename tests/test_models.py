"""The data model: constraints the database itself enforces."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from helpers import VALID, make_loaded_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from compass import catalog
from compass.models import Position, QuestionSet, Statement


@pytest.fixture
def session(app):
    make_loaded_app(app, VALID / "exempel.yaml")
    with Session(app.extensions["db_engine"]) as s:
        yield s


def test_loaded_set_has_its_parts(session):
    qs = catalog.get_set(session, "exempel")
    assert qs is not None and qs.levels == 5 and qs.missing_policy == "exclude"
    assert [p.key for p in qs.parties] == ["a", "b"]
    assert [s.key for s in qs.statements] == ["ordningsvakter", "kameror-restriktivt"]
    no_position = [p for p in qs.statements[0].positions if p.value is None]
    assert len(no_position) == 1 and no_position[0].quote is None
    assert qs.parties[1].sources[0].key == "b-program"


def test_position_value_must_be_on_the_scale(session):
    position = session.scalars(sa.select(Position).where(Position.value.is_not(None))).first()
    position.value = 3
    with pytest.raises(IntegrityError):
        session.flush()


def test_stated_position_needs_quote_and_source(session):
    position = session.scalars(sa.select(Position).where(Position.value.is_not(None))).first()
    position.quote = None
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_position_per_party_and_statement(session):
    existing = session.scalars(sa.select(Position)).first()
    session.add(Position(statement_id=existing.statement_id, party_id=existing.party_id))
    with pytest.raises(IntegrityError):
        session.flush()


def test_slug_and_version_are_unique(session):
    row = catalog.get_set(session, "exempel")
    session.add(QuestionSet(slug=row.slug, version=row.version, status="draft", title="x",
                            description="x", municipality="x", year=2022, language="sv",
                            levels=5, missing_policy="neutral", coded_by="x", content_hash="x"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_deleting_a_set_removes_its_parts(session):
    session.delete(catalog.get_set(session, "exempel"))
    session.commit()
    assert session.scalar(sa.select(sa.func.count(Statement.id))) == 0
    assert session.scalar(sa.select(sa.func.count(Position.id))) == 0
