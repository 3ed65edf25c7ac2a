"""Class pages in English use the set's English party names and themes where it has them."""

from __future__ import annotations

from dataclasses import replace

from helpers import DEFAULT_SET
from test_classroom import N, make_class, make_student, release

from compass import catalog
from compass.db import get_session
from compass.questionsets import parse_file


def _english_set(app):
    """The default set with an English name for its first party and theme for statement 1."""
    definition = parse_file(DEFAULT_SET)
    first, *rest = definition.parties
    statement, *others = definition.statements
    definition = replace(
        definition, parties=(replace(first, name_en="Centre Party in Malmö"), *rest),
        statements=(replace(statement, theme_en="Security guards"), *others))
    with app.app_context():
        session = get_session()
        catalog.load_definition(session, definition)
        session.commit()
    return app


def test_projector_discussion_speaks_the_visitors_language(app, client):
    _english_set(app)
    code, token = make_class(app)
    release(client, token)
    for _ in range(5):
        make_student(app, code, "e" * N)
    english = client.get(f"/klass/{code}/tavla/diskussion/1?lang=en").get_data(as_text=True)
    assert "Centre Party in Malmö" in english and "Security guards" in english
    assert "Centerpartiet i Malmö" not in english
    swedish = client.get(f"/klass/{code}/tavla/diskussion/1?lang=sv").get_data(as_text=True)
    assert "Centerpartiet i Malmö" in swedish and "Centre Party in Malmö" not in swedish
    # The class keeps one statement list whatever the language: the subset stays narrowed.
    narrowed, token = make_class(app, ["fler-ordningsvakter", "ordningshallning-polisens-uppgift",
                                       "okad-polisnarvaro", "polisen-bygga-fortroende"])
    release(client, token)
    for _ in range(5):
        make_student(app, narrowed, "eeee")
    last = client.get(f"/klass/{narrowed}/tavla/diskussion/4?lang=en")
    assert last.status_code == 200 and "Statement 4 of 4" in last.get_data(as_text=True)
    assert client.get(f"/klass/{narrowed}/tavla/diskussion/5?lang=en").status_code == 404
