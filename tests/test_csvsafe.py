"""CSV injection: every CSV the app writes opens in a spreadsheet as data, never a formula."""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
import sqlalchemy as sa
from test_admin_support import editor_client, load_trygghet
from test_classroom import make_class, make_student, release

from compass import csvsafe
from compass.models import Party, Position, QuestionSet, Statement

FORMULAS = ["=HYPERLINK(\"https://evil.example\")", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_get_an_apostrophe_and_come_back_unchanged(text):
    cell = csvsafe.safe_cell(text)
    assert cell == "'" + text
    assert csvsafe.unescape_cell(cell) == text


@pytest.mark.parametrize("value", [-2, 0, 1.5, "-2", "+1", "-1,5", "Helt för", "", None,
                                   "'citat'", "e-post@example.org"])
def test_numbers_and_text_stay_as_they_are(value):
    cell = csvsafe.safe_cell(value)
    assert cell == ("" if value is None else value)
    assert csvsafe.unescape_cell(str(cell)) == str(cell)


def _formula_cells(text: str) -> list[str]:
    rows = csv.reader(io.StringIO(text.lstrip(csvsafe.BOM)))
    return [c for row in rows for c in row
            if c[:1] in csvsafe.FORMULA_START and not re.fullmatch(r"-?\d+(\.\d+)?", c)]


def _poison(app):
    with app.extensions["db_engine"].begin() as conn:
        conn.execute(sa.update(Statement).values(text="=HYPERLINK(\"https://evil.example\")"))
        conn.execute(sa.update(Position).where(Position.note.is_(None)).values(note="@SUM(1)"))
        conn.execute(sa.update(Party).values(name="+Parti"))
        # A new content hash: views are cached by it, and other tests must not see these.
        conn.execute(sa.update(QuestionSet).values(content_hash=uuid.uuid4().hex * 2))


def test_admin_positions_export_neutralises_formulas_and_reimports(app):
    load_trygghet(app)
    client = editor_client(app)
    from test_admin_support import new_draft, post

    version = new_draft(client, "trygghet")
    _poison(app)
    base = f"/admin/trygghet/v{version}"
    exported = client.get(f"{base}/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in exported and "'@SUM(1)" in exported
    assert _formula_cells(exported) == []
    # The file goes back in unchanged: the apostrophes are taken off again.
    sent = post(client, f"{base}/importera-csv",
                {"file": (io.BytesIO(exported.encode()), "matris.csv")},
                content_type="multipart/form-data")
    assert sent.status_code in (200, 303), sent.get_data(as_text=True)[:500]
    again = client.get(f"{base}/export.csv").get_data(as_text=True)
    assert again == exported


def test_class_exports_neutralise_formulas(app):
    load_trygghet(app)
    _poison(app)
    code, token = make_class(app)
    for _ in range(6):
        make_student(app, code, "e" * 26)
    client = app.test_client()
    release(client, token)  # the class picture, and so the exports, need the teacher
    bodies = {}
    for name in ("pastaenden.csv", "partier.csv"):  # aggregates only: no answer rows
        response = client.get(f"/klassrum/{token}/export/{name}")
        assert response.status_code == 200, name
        bodies[name] = response.get_data(as_text=True)
        assert _formula_cells(bodies[name]) == [], name
    assert "'=HYPERLINK" in bodies["pastaenden.csv"]
    assert "'+Parti" in bodies["partier.csv"]
