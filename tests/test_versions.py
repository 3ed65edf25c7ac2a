"""Versions: drafts copy the newest published version, publishing freezes, diffs explain."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import VALID
from test_admin_support import load_exempel, set_row

from compass import catalog, versions
from compass.db import get_session
from compass.questionsets import PositionDef, parse_file

EXEMPEL = parse_file(VALID / "exempel.yaml")


def _with_statement(qs, index, **changes):
    statements = list(qs.statements)
    statements[index] = dataclasses.replace(statements[index], **changes)
    return dataclasses.replace(qs, statements=tuple(statements))


def test_diff_of_identical_versions_is_empty():
    assert versions.diff(EXEMPEL, EXEMPEL).empty


def test_diff_names_every_kind_of_change():
    new = _with_statement(EXEMPEL, 0, text="Kommunen bör anställa många fler ordningsvakter.")
    positions = dict(new.statements[1].positions)
    positions["a"] = PositionDef(value=-1, quote="Kameraövervakning ska byggas ut där brotten "
                                 "är många.", source="a-program")
    new = _with_statement(new, 1, positions=positions)
    added = dataclasses.replace(new.statements[0], key="ny", text="Nytt.")
    new = dataclasses.replace(
        new, title="Ny titel", statements=(new.statements[1], added),
        parties=new.parties[:1] + (dataclasses.replace(new.parties[1], colour="#000000"),))
    changes = versions.diff(EXEMPEL, dataclasses.replace(new, version=2))
    assert (changes.old_version, changes.new_version) == (1, 2)
    assert [(c.field, c.after) for c in changes.metadata] == [("title", "Ny titel")]
    assert changes.statements_added == ("ny",)
    assert changes.statements_removed == ("ordningsvakter",)
    assert changes.statements_changed == ()
    assert [(p.statement, p.party, p.fields) for p in changes.positions] == [
        ("kameror-restriktivt", "a", ("value", "quote", "source"))]
    assert changes.positions[0].before == PositionDef()
    assert [(i.key, [c.field for c in i.changes]) for i in changes.parties_changed] == [
        ("b", ["colour"])]
    assert not changes.empty


def test_diff_reports_changed_texts_and_order():
    new = _with_statement(EXEMPEL, 0, text="Ändrad text.", easy_read="Ändrad.")
    new = dataclasses.replace(new, statements=tuple(reversed(new.statements)))
    changes = versions.diff(EXEMPEL, new)
    assert changes.statements_moved
    (item,) = changes.statements_changed
    assert item.key == "ordningsvakter"
    assert [(c.field, c.before, c.after) for c in item.changes] == [
        ("text", "Kommunen bör anställa fler ordningsvakter.", "Ändrad text."),
        ("easy_read", "Kommunen ska ha fler vakter på gatorna.", "Ändrad.")]


def test_draft_copies_publish_freezes_and_nothing_changes_a_published_row(app):
    load_exempel(app)
    with app.test_request_context():
        session = get_session()
        draft = versions.new_draft(session, "exempel")
        assert (draft.version, draft.status) == (2, "draft")
        copied = catalog.to_definition(draft)
        assert dataclasses.replace(copied, version=1, status="published") == EXEMPEL
        with pytest.raises(versions.VersionError, match="redan ett utkast"):
            versions.new_draft(session, "exempel")
        published = catalog.get_set(session, "exempel", 1, published_only=False)
        for operation in (versions.publish, versions.discard):
            with pytest.raises(versions.PublishedError):
                operation(session, published)
        with pytest.raises(versions.PublishedError):
            versions.replace_content(session, published, EXEMPEL)
        draft.statements[0].text = "x" * 201  # the validator's length rule
        draft = versions.refresh(session, draft)
        with pytest.raises(versions.VersionError, match="1 problem"):
            versions.publish(session, draft)
        draft.statements[0].text = "Kort igen."
        versions.publish(session, versions.refresh(session, draft))
        session.commit()
        assert [(v.version, v.status) for v in versions.list_versions(session, "exempel")] == [
            (2, "published"), (1, "published")]
        assert versions.new_draft(session, "exempel").version == 3
        session.commit()
    assert set_row(app, "exempel", 1)["content_hash"] == EXEMPEL.content_hash()
    assert set_row(app, "exempel", 2)["published_at"] is not None


def test_refresh_stores_the_content_hash_of_the_draft(app):
    load_exempel(app)
    with app.test_request_context():
        session = get_session()
        draft = versions.new_draft(session, "exempel")
        before = draft.content_hash
        assert before == catalog.to_definition(draft).content_hash()
        draft.title = "Ändrad titel"
        draft = versions.refresh(session, draft)
        assert draft.content_hash != before
        assert draft.content_hash == catalog.to_definition(draft).content_hash()


def test_create_set_and_replace_content(app):
    with app.test_request_context():
        session = get_session()
        row = versions.create_set(session, "ny", title="Ny", description="Beskrivning.",
                                  municipality="Kommun", year=2026, language="sv", levels=5,
                                  missing="exclude", coded_by="Redaktionen")
        assert (row.version, row.status, len(row.statements)) == (1, "draft", 0)
        assert [p.message for p in versions.problems(row)] == [
            "a question set needs at least one party",
            "a question set needs at least one statement"]
        with pytest.raises(versions.VersionError):
            versions.create_set(session, "ny", title="Igen", description="d", municipality="m",
                                year=2026, language="sv", levels=5, missing="exclude",
                                coded_by="r")
        row = versions.replace_content(session, row, EXEMPEL)
        assert (row.slug, row.version, row.status) == ("ny", 1, "draft")
        assert len(row.statements) == 2
        assert versions.problems(row) == []
