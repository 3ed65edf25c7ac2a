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


# The other order of the same race: one request looks (no draft yet), the other stores its
# draft and commits, and only then does the first write. Threads cannot force that order on
# every machine; a stale read can. The late request must be refused, not take the other's
# version as its own (an identical copy used to count as "unchanged": two audit rows, two 303s).


def test_a_new_draft_that_looked_before_another_was_stored_is_refused(app, monkeypatch):
    from compass import catalog, versions

    load_exempel(app)
    first, second = editor_client(app), editor_client(app, "admin")
    assert new_draft(first, "exempel") == 2
    stored = set_row(app, "exempel", 2)
    monkeypatch.setattr(versions, "newest", lambda session, slug: catalog.get_set(
        session, slug, 1, published_only=False))  # what it saw: version 1, published
    late = post(second, "/admin/exempel/nytt-utkast")
    assert late.status_code == 409, late.status_code
    assert _audit(app, "version.draft") == 1
    assert set_row(app, "exempel", 2) == stored and set_row(app, "exempel", 3) == {}


def test_a_new_set_that_looked_before_another_was_stored_is_refused(app, monkeypatch):
    from compass import versions

    first, second = editor_client(app), editor_client(app, "admin")
    fields = {"slug": "ny", "title": "T", "description": "D", "municipality": "M",
              "year": "2026", "language": "sv", "levels": "5", "missing": "neutral",
              "coded_by": "X"}
    assert post(first, "/admin/ny", fields).headers["Location"] == "/admin/ny/v1/"
    stored = set_row(app, "ny", 1)
    monkeypatch.setattr(versions, "newest", lambda session, slug: None)  # it saw no set
    late = post(second, "/admin/ny", fields, headers={"Referer": "http://localhost/admin/ny"})
    # What was typed is kept and comes back on the form's own page, saying why.
    assert (late.status_code, late.headers["Location"]) == (303, "/admin/ny")
    again = second.get("/admin/ny").get_data(as_text=True)
    assert "Någon annan sparade samma sak i samma ögonblick" in again and 'value="ny"' in again
    assert _audit(app, "set.create") == 1 and set_row(app, "ny", 1) == stored


def test_an_import_that_looked_before_another_was_stored_is_refused(app, monkeypatch):
    import io

    from helpers import VALID

    from compass import versions

    first, second = editor_client(app), editor_client(app, "admin")
    text = (VALID / "exempel.yaml").read_text(encoding="utf-8").replace(
        "file: sources/a-program.txt", "text: Vi vill ha fler ordningsvakter.")

    def upload(client):
        return post(client, "/admin/importera", {"file": (io.BytesIO(text.encode()), "e.yaml")},
                    content_type="multipart/form-data")

    assert upload(first).headers["Location"] == "/admin/exempel/v1/"
    stored = set_row(app, "exempel", 1)
    monkeypatch.setattr(versions, "max_version", lambda session, slug: 0)  # it saw no set
    late = upload(second)
    assert late.status_code in (303, 409) and late.headers.get("Location") != "/admin/exempel/v1/"
    assert _audit(app, "import.yaml") == 1 and set_row(app, "exempel", 1) == stored
