"""Undo from the audit log: every kind of restore, deleted parties and statements coming back
with their positions, conflicts, refusals, published versions, and the log in words."""

from __future__ import annotations

import html as html_lib
import re

import sqlalchemy as sa
from test_admin_support import definition, new_draft, post

from compass.models import AuditEntry, CodingValue, ReviewLink

V2 = "/admin/exempel/v2"
LOG = "/admin/exempel/logg"


def _row_version(page: str) -> str:
    return re.search(r'<input[^>]*name="row_version"[^>]*value="(\d+)"', page).group(1)


def log_entries(client) -> list[dict]:
    """The log page's entries, newest first: their text and restore form (if offered)."""
    page = client.get(LOG).get_data(as_text=True)
    entries = []
    for block in page.split('<li id="logg-')[1:]:
        block = block.split("</li>")[0]
        form = re.search(r'action="([^"]+/aterstall)".*?name="version" value="(\d+)".*?'
                         r'name="seen" value="(\w+)".*?<button[^>]*>([^<]+)</button>',
                         block, re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", block))
        entries.append({"text": " ".join(text.split()), "form": form.groups() if form else None})
    return entries


def entry(client, *words: str) -> dict:
    """The newest log entry whose text holds every one of `words`."""
    found = [e for e in log_entries(client) if all(w in e["text"] for w in words)]
    assert found, (words, [e["text"][:120] for e in log_entries(client)])
    return found[0]


def undo(client, found: dict, **kwargs):
    """Click an entry's restore button (the form as the page renders it)."""
    action, version, seen, _label = found["form"]
    return post(client, action, {"version": version, "seen": seen}, **kwargs)


def _actions(app) -> list[str]:
    with app.extensions["db_engine"].connect() as conn:
        return list(conn.execute(sa.select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def test_a_deleted_party_comes_back_with_its_positions(app, editor):
    before = definition(app, "exempel", 2)
    assert post(editor, f"{V2}/partier/b/radera").status_code == 303
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["a"]
    deleted = entry(editor, "Parti borttaget", "Parti B i Exempelstad")
    assert "Ståndpunkter" in deleted["text"] and "2 ståndpunkter" in deleted["text"]
    assert deleted["form"][3] == "Ångra borttagningen"
    done = undo(editor, deleted, follow_redirects=True)
    assert done.status_code == 200
    assert "Partiet är tillbaka med 2 ståndpunkter." in done.get_data(as_text=True)
    assert definition(app, "exempel", 2) == before  # the same party, place, positions, notes
    restored = entry(editor, "Parti återställt", "Parti B i Exempelstad")
    assert "Återställer läget före ändringen" in restored["text"]
    assert restored["form"] is None  # nothing left to undo there but the delete itself
    assert entry(editor, "Parti borttaget")["form"] is None  # it is back: "finns redan"
    assert "Finns redan i utkastet" in entry(editor, "Parti borttaget")["text"]
    assert _actions(app)[-2:] == ["party.delete", "party.restore"]


def test_a_deleted_statement_comes_back_with_every_partys_position(app, editor):
    before = definition(app, "exempel", 2)
    assert post(editor, f"{V2}/pastaenden/ordningsvakter/radera").status_code == 303
    assert [s.key for s in definition(app, "exempel", 2).statements] == ["kameror-restriktivt"]
    done = undo(editor, entry(editor, "Påstående borttaget"), follow_redirects=True)
    assert "Påståendet är tillbaka med 1 ståndpunkt." in done.get_data(as_text=True)
    assert definition(app, "exempel", 2) == before  # first again, with B's quote and note


def test_codings_and_review_links_come_back_with_a_deleted_party(app, editor):
    assert post(editor, f"{V2}/kodningar/matris", {"coder": "Kodare A"}).status_code == 303
    version_page = editor.get(f"{V2}/").get_data(as_text=True)
    assert "granskning" in version_page
    post(editor, f"{V2}/granskning", {"party": "b", "days": "14"})

    def counts():
        with app.extensions["db_engine"].connect() as conn:
            return (conn.execute(sa.select(sa.func.count()).select_from(CodingValue)).scalar(),
                    conn.execute(sa.select(sa.func.count()).select_from(ReviewLink)).scalar())

    assert counts() == (4, 1)
    reviewed = definition(app, "exempel", 2)
    assert post(editor, f"{V2}/partier/b/radera").status_code == 303
    assert counts() == (2, 0)
    assert undo(editor, entry(editor, "Parti borttaget")).status_code == 303
    assert counts() == (4, 1)
    assert definition(app, "exempel", 2) == reviewed  # review status "pending" is back too


def test_a_statement_edit_is_restored_and_the_restore_can_be_undone(app, editor):
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    changed = {"text": "Kommunen bör anställa ännu fler ordningsvakter.", "key": "vakter",
               "theme": "Ordning", "direction": "more", "easy_read": "Fler vakter.",
               "background": "Bakgrund.", "row_version": _row_version(page)}
    assert post(editor, f"{V2}/pastaenden/ordningsvakter", changed).status_code == 303
    original = definition(app, "exempel", 1).statements[0]
    found = entry(editor, "Påstående ändrat")
    assert found["form"][3] == "Återställ läget före ändringen"
    assert undo(editor, found).status_code == 303
    now = definition(app, "exempel", 2).statements[0]
    assert (now.key, now.text, now.theme, now.easy_read) == (
        original.key, original.text, original.theme, original.easy_read)
    # The restore is logged with before and after, and is itself undoable.
    restored = entry(editor, "Påstående återställt")
    assert "ännu fler ordningsvakter" in restored["text"]
    assert undo(editor, restored).status_code == 303
    assert definition(app, "exempel", 2).statements[0].key == "vakter"


def test_a_move_is_restored(app, editor):
    post(editor, f"{V2}/partier/b/flytta", {"riktning": "upp"})
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["b", "a"]
    assert undo(editor, entry(editor, "Parti flyttat")).status_code == 303
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["a", "b"]


def test_a_party_and_a_source_edit_are_restored(app, editor):
    page = editor.get(f"{V2}/partier/a").get_data(as_text=True)
    post(editor, f"{V2}/partier/a", {"name": "Nya A", "short_name": "NA", "colour": "#000000",
                                     "sources": [], "row_version": _row_version(page)})
    assert definition(app, "exempel", 2).parties[0].name == "Nya A"
    assert undo(editor, entry(editor, "Parti ändrat")).status_code == 303
    party = definition(app, "exempel", 2).parties[0]
    assert (party.name, party.colour, party.sources) == (
        "Parti A i Exempelstad", "#1a5e20", ("a-program",))

    page = editor.get(f"{V2}/kallor/b-program/andra").get_data(as_text=True)
    post(editor, f"{V2}/kallor/b-program/andra", {
        "title": "Ny titel", "publisher": "B", "text": "Helt ny text.", "parties": ["b"],
        "row_version": _row_version(page)})
    log = editor.get(LOG).get_data(as_text=True)
    assert "Ny titel" in log and "source:b-program" not in log  # titles, not keys
    assert undo(editor, entry(editor, "Källdokument ändrat")).status_code == 303
    source = definition(app, "exempel", 2).sources[1]
    assert (source.title, source.text.strip()) == (
        "Vår politik", "Vi vill ha fler ordningsvakter. Kameror ska användas restriktivt.")


def test_a_cell_is_restored_and_its_quote_checked(app, editor):
    cell = f"{V2}/matris/kameror-restriktivt/b"
    page = editor.get(cell).get_data(as_text=True)
    post(editor, cell, {"value": "-1", "quote": "Vi vill ha fler ordningsvakter.",
                        "source": "b-program", "note": "Ändrad.",
                        "row_version": _row_version(page)})
    assert definition(app, "exempel", 2).statements[1].positions["b"].value == -1
    found = entry(editor, "Ruta ändrad", "Parti B i Exempelstad om")
    assert "Emot (-1)" in found["text"] and "Helt för (+2)" in found["text"]
    done = undo(editor, found, follow_redirects=True)
    assert "Rutan är återställd." in done.get_data(as_text=True)
    assert definition(app, "exempel", 2).statements[1].positions["b"] == \
        definition(app, "exempel", 1).statements[1].positions["b"]


def test_a_change_made_after_the_log_was_opened_is_a_conflict(app, editor):
    page = editor.get(f"{V2}/partier/a").get_data(as_text=True)
    data = {"name": "Nya A", "short_name": "NA", "colour": "#000000", "sources": ["a-program"]}
    post(editor, f"{V2}/partier/a", {**data, "row_version": _row_version(page)})
    found = entry(editor, "Parti ändrat")  # the editor opens the log …
    page = editor.get(f"{V2}/partier/a").get_data(as_text=True)
    post(editor, f"{V2}/partier/a", {**data, "name": "Andra A",  # … a colleague saves …
                                     "row_version": _row_version(page)})
    refused = undo(editor, found)  # … and the old button says so instead of overwriting
    assert refused.status_code == 409
    assert "Någon har ändrat det här sedan du öppnade loggen" in refused.get_data(as_text=True)
    assert definition(app, "exempel", 2).parties[0].name == "Andra A"


def test_a_restore_is_checked_like_an_edit_and_a_refusal_changes_nothing(app, editor):
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    post(editor, f"{V2}/pastaenden/ordningsvakter", {
        "text": "Ny text om vakter i kommunen.", "key": "vakter", "theme": "Ordning",
        "direction": "more", "row_version": _row_version(page)})
    renamed = entry(editor, "Påstående ändrat")
    # Someone else now uses the old key: the restore would make two statements share it.
    post(editor, f"{V2}/pastaenden/ny", {"text": "Ett annat påstående om ordning.",
                                         "key": "ordningsvakter", "theme": "Ordning",
                                         "direction": "more"})
    before = definition(app, "exempel", 2)
    refused = undo(editor, renamed)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Nyckeln ordningsvakter används redan" in text and "Utkastet är oförändrat." in text
    assert definition(app, "exempel", 2) == before
    # A deleted party whose source is gone since cannot come back: said, not a 500.
    post(editor, f"{V2}/partier/a/radera")
    post(editor, f"{V2}/kallor/a-program/radera")
    refused = undo(editor, entry(editor, "Parti borttaget"))
    assert refused.status_code == 400
    assert "Källdokumentet a-program finns inte längre i utkastet" in refused.get_data(
        as_text=True)


def test_published_versions_are_never_restored_into(app, editor):
    post(editor, f"{V2}/partier/b/flytta", {"riktning": "upp"})
    moved = entry(editor, "Parti flyttat")
    assert post(editor, f"{V2}/publicera").status_code == 303
    published = entry(editor, "Parti flyttat")
    assert published["form"] is None
    assert "Versionen är publicerad och kan inte ändras" in published["text"]
    # The old button (opened before publishing) is refused: version 2 is frozen.
    refused = undo(editor, moved)
    assert refused.status_code == 409
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["b", "a"]
    # With a new draft, the log offers restoring into it; version 2 stays as it was.
    assert new_draft(editor, "exempel") == 3
    offered = entry(editor, "Parti flyttat")
    assert offered["form"][3] == "Återställ i utkastet (version 3)"
    assert undo(editor, offered).status_code == 303
    assert [p.key for p in definition(app, "exempel", 3).parties] == ["a", "b"]
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["b", "a"]


def test_restoring_needs_the_csrf_token_and_a_known_entry(app, editor):
    post(editor, f"{V2}/partier/b/radera")
    action, version, seen, _label = entry(editor, "Parti borttaget")["form"]
    assert editor.post(action, data={"version": version, "seen": seen}).status_code == 400
    assert post(editor, action, {"version": version}).status_code == 400
    assert post(editor, action, {"version": "x", "seen": seen}).status_code == 400
    assert post(editor, "/admin/exempel/logg/999999/aterstall",
                {"version": version, "seen": seen}).status_code == 404
    assert post(editor, "/admin/annan/logg/1/aterstall",
                {"version": version, "seen": seen}).status_code == 404
    assert post(editor, action, {"version": "9", "seen": seen}).status_code == 404
    assert [p.key for p in definition(app, "exempel", 2).parties] == ["a"]


def test_the_log_speaks_in_words_and_swedish_time(app, editor):
    assert post(editor, f"{V2}/publicera").status_code == 303
    log = editor.get(LOG).get_data(as_text=True)
    assert "draft" not in log and "published" not in log
    published = entry(editor, "Version publicerad")["text"]
    assert "utkast" in published and "publicerad" in published
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00">'
                     r"\d{1,2} \w+\.? \d{4} \d\d:\d\d:\d\d CES?T</time>", log)
    english = editor.get(LOG + "?lang=en").get_data(as_text=True)
    assert re.search(r"<time [^>]*>\w{3} \d{1,2}, \d{4}, [\d:]+\s[AP]M CES?T</time>", english)
    assert "Version published" in english


def test_a_deleted_source_comes_back_with_its_owners(app, editor):
    added = post(editor, f"{V2}/kallor/ny", {"title": "Valmanifest", "publisher": "Parti A",
                                             "text": "Vi vill ha trygga torg. " * 40,
                                             "parties": ["a", "b"], "key": "manifest"})
    assert added.status_code == 303
    before = definition(app, "exempel", 2)
    assert post(editor, f"{V2}/kallor/manifest/radera").status_code == 303
    deleted = entry(editor, "Källdokument borttaget", "Valmanifest")
    assert "Vi vill ha trygga torg." in deleted["text"]
    assert deleted["form"][3] == "Ångra borttagningen"
    done = undo(editor, deleted, follow_redirects=True)
    assert "Källdokumentet är tillbaka." in done.get_data(as_text=True)
    assert definition(app, "exempel", 2) == before  # the whole text, owned by A and B


def test_a_deleted_statement_comes_back_into_the_codings(app, editor):
    assert post(editor, f"{V2}/kodningar/matris", {"coder": "Kodare A"}).status_code == 303
    coded = definition(app, "exempel", 2)
    assert coded.codings[0].values["kameror-restriktivt"] == {"a": None, "b": 2}
    post(editor, f"{V2}/pastaenden/kameror-restriktivt/radera")
    assert "kameror-restriktivt" not in definition(app, "exempel", 2).codings[0].values
    assert undo(editor, entry(editor, "Påstående borttaget")).status_code == 303
    assert definition(app, "exempel", 2) == coded


def test_a_cell_that_no_longer_fits_the_scale_refuses_the_undo_naming_the_cell(app, editor):
    post(editor, f"{V2}/pastaenden/ordningsvakter/radera")
    post(editor, f"{V2}/uppgifter", {
        "title": "Exempelomgång", "description": "Två påståenden.", "municipality": "Exempelstad",
        "year": "2022", "language": "sv", "levels": "3", "missing": "exclude",
        "coded_by": "Redaktionen", "actors": "partier"})
    assert definition(app, "exempel", 2).levels == 3
    before = definition(app, "exempel", 2)
    refused = undo(editor, entry(editor, "Påstående borttaget"))
    assert refused.status_code == 400
    assert ("Rutan för Parti B i Exempelstad om ”Kommunen bör anställa fler ordningsvakter.”: "
            "Värdet 2 ligger utanför skalan.") in refused.get_data(as_text=True)
    assert definition(app, "exempel", 2) == before
