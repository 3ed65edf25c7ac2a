"""A source says how its text was obtained, and the source page says only what is true of it."""

from __future__ import annotations

import io

import pytest
from helpers import VALID, make_loaded_app
from test_admin_support import editor_client, load_exempel, new_draft, post

WEB_NOTE = "Texten återges som den hämtades från webbsidan, med rester av sidan."


@pytest.mark.parametrize(("origin", "note"), [
    ("web", WEB_NOTE),
    ("document", "Texten är utläst ur dokumentet"),
    ("pasted", "Texten är inklistrad av redaktionen."),
    (None, None),
])
def test_the_source_page_note_follows_the_origin(app, tmp_path, origin, note):
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8")
    if origin:
        text = text.replace("  - key: a-text\n", f"  - key: a-text\n    origin: {origin}\n", 1)
    (tmp_path / "set.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    for source in (VALID / "sources").iterdir():
        (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    make_loaded_app(app, tmp_path / "set.yaml")
    slug = text.split("slug:", 1)[1].split()[0]
    page = app.test_client().get(f"/omgang/{slug}/v1/kalla/a-text").get_data(as_text=True)
    notes = [WEB_NOTE, "Texten är utläst ur dokumentet", "Texten är inklistrad av redaktionen."]
    for other in notes:
        assert (other in page) == (other == note), other


def test_editors_sources_record_their_origin_and_markdown_loses_its_markup(app):
    load_exempel(app)
    editor = editor_client(app)
    new_draft(editor, "exempel")
    base = "/admin/exempel/v2/kallor"
    post(editor, f"{base}/ny", {"title": "Inklistrad", "publisher": "A", "text": "Vi vill ha mer."})
    post(editor, f"{base}/ny", {
        "title": "Markdown", "publisher": "B",
        "upload": (io.BytesIO(b"# Program\n\nVi **vill**:\n\n- fler vakter\n"),
                   "program.md")}, content_type="multipart/form-data")
    post(editor, f"{base}/ny", {
        "title": "Webbsida", "publisher": "B",
        "upload": (io.BytesIO(b"<html><body><article><p>Vi vill ha fler vakter i alla "
                              b"stadsdelar och i centrum, dag som natt.</p></article>"
                              b"</body></html>"), "sida.html")},
        content_type="multipart/form-data")
    exported = editor.get("/admin/exempel/v2/export.yaml").get_data(as_text=True)
    assert "origin: pasted" in exported and "origin: document" in exported
    assert "origin: web" in exported
    markdown = editor.get(f"{base}/markdown").get_data(as_text=True)
    assert "• fler vakter" in markdown and "# Program" not in markdown and "**" not in markdown
