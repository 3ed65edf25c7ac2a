"""The difference between two versions: texts and names instead of keys, whole comments, and
the way on to the draft and to publishing."""

from __future__ import annotations

import re

from test_admin_support import definition, editor_client, load_exempel, new_draft, post

V2 = "/admin/exempel/v2"


def _row_version(page: str) -> str:
    return re.search(r'<input[^>]*name="row_version"[^>]*value="(\d+)"', page).group(1)


def test_the_diff_names_items_shows_comments_and_leads_to_the_draft(app):
    load_exempel(app)
    editor = editor_client(app)
    assert new_draft(editor, "exempel") == 2
    cell = f"{V2}/matris/ordningsvakter/b"
    page = editor.get(cell).get_data(as_text=True)
    long_note = "Partiet skriver uttryckligen att de vill ha fler vakter. " * 8
    post(editor, cell, {"value": "2", "quote": "Vi vill ha fler ordningsvakter.",
                        "source": "b-program", "note": long_note,
                        "row_version": _row_version(page)})
    page = editor.get(f"{V2}/partier/a").get_data(as_text=True)
    post(editor, f"{V2}/partier/a", {"name": "Parti A", "short_name": "A",
                                     "colour": "#1a5e20", "sources": ["a-program", "b-program"],
                                     "row_version": _row_version(page)})
    diff = editor.get("/admin/exempel/jamfor").get_data(as_text=True)
    assert "Från version 1 till version 2" in diff
    # Statement texts and party names, not keys; a whole comment, before and after.
    assert "<th scope=\"row\">Kommunen bör anställa fler ordningsvakter.</th>" in diff
    assert "<td>Parti B i Exempelstad</td>" in diff
    assert long_note.strip() in diff and "Uttryckligt förslag." in diff
    assert "Parti A</ins>" in diff and "Trygghetsprogram, Vår politik" in diff
    assert "<code>ordningsvakter</code>" not in diff
    # On to the draft, or straight to publishing it.
    assert f'href="{V2}/"' in diff and "Till utkastet (version 2)" in diff
    assert f'action="{V2}/publicera"' in diff
    published = post(editor, f"{V2}/publicera", follow_redirects=True)
    assert "Version 2 är publicerad" in published.get_data(as_text=True)
    after = editor.get("/admin/exempel/jamfor").get_data(as_text=True)
    assert "Alla versioner är publicerade." in after and "/publicera" not in after
    assert definition(app, "exempel", 2).status == "published"


def test_a_draft_with_problems_is_sent_to_its_problems_not_published(app):
    load_exempel(app)
    editor = editor_client(app)
    assert new_draft(editor, "exempel") == 2
    cell = f"{V2}/matris/ordningsvakter/b"
    page = editor.get(cell).get_data(as_text=True)
    post(editor, cell, {"value": "2", "quote": "Detta står inte i källan.",
                        "source": "b-program", "row_version": _row_version(page)})
    diff = editor.get("/admin/exempel/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "Validatorn hittar 1 problem i utkastet" in diff
    assert "/publicera" not in diff and "#problems-heading" in diff
    overview = editor.get(f"{V2}/").get_data(as_text=True)
    assert "/admin/exempel/jamfor?fran=1&amp;till=2" in overview
    # Comparing two other versions still knows the draft's problems.
    same = editor.get("/admin/exempel/jamfor?fran=1&till=1").get_data(as_text=True)
    assert "Versionerna har samma innehåll." in same
    assert "Validatorn hittar 1 problem i utkastet" in same and "/publicera" not in same


def test_changed_choices_read_as_words_in_the_diff_and_the_log(app):
    load_exempel(app)
    editor = editor_client(app)
    assert new_draft(editor, "exempel") == 2
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    post(editor, f"{V2}/pastaenden/ordningsvakter", {
        "text": "Kommunen bör anställa fler ordningsvakter.", "theme": "Ordning och närvaro",
        "direction": "less", "row_version": _row_version(page)})
    less = "Håller du med betyder det färre åtgärder eller mindre kontroll."
    for url in ("/admin/exempel/jamfor", "/admin/exempel/logg"):
        page = editor.get(url).get_data(as_text=True)
        assert less in page and ">less<" not in page and ">more<" not in page, url
