"""Publishing, discarding and editing a draft race-free: one of two concurrent requests wins,
the other gets a 409, and the audit log has one row per real change.

The two requests run in two threads, each in its own database transaction, and meet at a
barrier right after both have read the version as a draft — the moment a check-then-write
would let both through. On PostgreSQL that is two truly concurrent transactions.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from test_admin_support import editor_client, load_exempel, new_draft, post, set_row

from compass.admin import access
from compass.models import AuditEntry


def _race(app, monkeypatch, *actions: tuple[object, str]) -> list[int]:
    """Run the POSTs at once, both past their draft check before either writes."""
    barrier = threading.Barrier(len(actions), timeout=10)
    original = access.load_version

    def load_then_wait(slug, version):
        row = original(slug, version)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return row

    monkeypatch.setattr(access, "load_version", load_then_wait)
    codes: list[int] = [0] * len(actions)

    def run(index, client, url):
        codes[index] = post(client, url).status_code

    threads = [threading.Thread(target=run, args=(i, client, url))
               for i, (client, url) in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    monkeypatch.setattr(access, "load_version", original)
    return codes


def _audit(app, *actions: str) -> int:
    with app.extensions["db_engine"].connect() as conn:
        return conn.execute(sa.select(sa.func.count(AuditEntry.id))
                            .where(AuditEntry.action.in_(actions))).scalar_one()


@pytest.fixture
def draft(app):
    load_exempel(app)
    first, second = editor_client(app), editor_client(app, "admin")
    version = new_draft(first, "exempel")
    return first, second, f"/admin/exempel/v{version}", version


def test_publish_and_discard_at_once_one_wins(app, draft, monkeypatch):
    first, second, base, version = draft
    codes = _race(app, monkeypatch, (first, f"{base}/publicera"), (second, f"{base}/kasta"))
    assert sorted(codes) == [303, 409], codes
    row = set_row(app, "exempel", version)
    if codes[0] == 303:  # published: it stays, and only the publish is in the log
        assert row["status"] == "published"
        assert (_audit(app, "version.publish"), _audit(app, "version.discard")) == (1, 0)
    else:
        assert row == {}
        assert (_audit(app, "version.publish"), _audit(app, "version.discard")) == (0, 1)


def test_a_double_publish_writes_one_audit_row_and_one_date(app, draft, monkeypatch):
    first, second, base, version = draft
    codes = _race(app, monkeypatch, (first, f"{base}/publicera"), (second, f"{base}/publicera"))
    assert sorted(codes) == [303, 409], codes
    published_at = set_row(app, "exempel", version)["published_at"]
    assert _audit(app, "version.publish") == 1
    assert post(first, f"{base}/publicera").status_code == 409  # and later: refused as before
    assert set_row(app, "exempel", version)["published_at"] == published_at


def test_an_edit_racing_a_publish_never_changes_the_published_version(app, draft, monkeypatch):
    first, second, base, version = draft
    codes = _race(app, monkeypatch, (first, f"{base}/publicera"),
                  (second, f"{base}/pastaenden/ordningsvakter/radera"))
    with app.extensions["db_engine"].connect() as conn:
        log = [action for (action,) in conn.execute(
            sa.select(AuditEntry.action).where(AuditEntry.action.in_(
                ("version.publish", "statement.delete"))).order_by(AuditEntry.id))]
    # Either the delete came first (and the publish saw it), or it was refused with a 409.
    assert log in (["version.publish"], ["statement.delete", "version.publish"],
                   ["statement.delete"]), (codes, log)
    if log == ["version.publish"]:
        assert codes == [303, 409]


def test_two_new_drafts_at_once_make_one_draft(app, monkeypatch):
    from compass import versions

    load_exempel(app)
    first, second = editor_client(app), editor_client(app, "admin")
    barrier = threading.Barrier(2, timeout=10)
    original = versions.newest

    def newest_then_wait(session, slug):
        row = original(session, slug)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return row

    monkeypatch.setattr(versions, "newest", newest_then_wait)
    codes = [0, 0]

    def run(index, client):
        codes[index] = post(client, "/admin/exempel/nytt-utkast").status_code

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    monkeypatch.setattr(versions, "newest", original)
    assert sorted(codes) == [303, 409], codes
    assert _audit(app, "version.draft") == 1
    assert set_row(app, "exempel", 2)["status"] == "draft" and set_row(app, "exempel", 3) == {}
