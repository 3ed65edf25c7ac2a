"""YAML and CSV export/import carry evidence, rationale and the party review."""

from __future__ import annotations

import csv
import io

from helpers import table_counts
from test_admin_support import definition, set_row
from test_admin_transfer import _csv, _upload
from test_review import RATIONALE, V2, save_cell

from compass.questionsets import PartyReviewDef, parse_text

OBJECTION = {"review_status": "resolved", "review_comment": "Fel tolkning.",
             "review_counter_quote": "Kameror ska användas restriktivt.",
             "review_answer": "Vi står fast."}


def test_yaml_export_and_import_round_trip_the_new_fields(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE,
              **OBJECTION)
    text = editor.get(f"{V2}/export.yaml").get_data(as_text=True)
    assert "evidence: proposal" in text and f"rationale: {RATIONALE}" in text
    assert "party_review:\n" in text and "answer: Vi står fast." in text
    cell = parse_text(text).statements[0].positions["b"]
    assert cell.party_review == PartyReviewDef("resolved", "Fel tolkning.",
                                               "Kameror ska användas restriktivt.",
                                               "Vi står fast.")
    before = definition(app, "exempel", 2)
    save_cell(editor, "ordningsvakter", "b")  # wipe the fields, then import them back
    assert definition(app, "exempel", 2) != before
    assert _upload(editor, f"{V2}/importera", text, "exempel.yaml").status_code == 303
    assert definition(app, "exempel", 2) == before


def test_csv_export_and_import_round_trip_the_new_fields(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE,
              **OBJECTION)
    text = editor.get(f"{V2}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:12] == ["pastaende", "parti", "varde", "citat", "kalla", "kommentar",
                            "belagg", "motivering", "granskning", "partiets_kommentar",
                            "motcitat", "svar"]
    assert rows[2][6:12] == ["proposal", RATIONALE, "resolved", "Fel tolkning.",
                             "Kameror ska användas restriktivt.", "Vi står fast."]
    before = definition(app, "exempel", 2)
    assert _upload(editor, f"{V2}/importera-csv", text, "m.csv").status_code == 303
    assert definition(app, "exempel", 2) == before
    rows[2][6:9] = ["questionnaire", "Enkätsvar.", "confirmed"]
    rows[2][9:12] = ["", "", ""]
    assert _upload(editor, f"{V2}/importera-csv", _csv(rows), "m.csv").status_code == 303
    cell = definition(app, "exempel", 2).statements[0].positions["b"]
    assert (cell.evidence, cell.rationale, cell.review_status) == (
        "questionnaire", "Enkätsvar.", "confirmed")


def test_csv_without_the_new_columns_keeps_them(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE,
              review_status="confirmed")
    rows = [["pastaende", "parti", "varde", "citat", "kalla", "kommentar"],
            ["ordningsvakter", "b", "2", "Vi vill ha fler ordningsvakter.", "b-program", "Ny."]]
    assert _upload(editor, f"{V2}/importera-csv", _csv(rows), "m.csv").status_code == 303
    cell = definition(app, "exempel", 2).statements[0].positions["b"]
    assert (cell.value, cell.note, cell.evidence, cell.rationale, cell.review_status) == (
        2, "Ny.", "proposal", RATIONALE, "confirmed")  # only the public note changed
    rows[1][2] = "1"
    assert _upload(editor, f"{V2}/importera-csv", _csv(rows), "m.csv").status_code == 303
    cell = definition(app, "exempel", 2).statements[0].positions["b"]
    assert (cell.value, cell.review_status) == (1, "pending")  # confirmed something else


def test_csv_errors_in_the_new_columns_change_nothing(app, editor):
    header = ["pastaende", "parti", "varde", "citat", "kalla", "kommentar", "belagg",
              "granskning", "partiets_kommentar", "svar"]
    quote = "Vi vill ha fler ordningsvakter."
    rows = [header,
            ["ordningsvakter", "b", "2", quote, "b-program", "", "goal", "", "", ""],
            ["kameror-restriktivt", "b", "1", "Kameror ska användas restriktivt.",
             "b-program", "", "rykte", "", "", ""],
            ["ordningsvakter", "a", "", "", "", "", "", "kanske", "", ""],
            ["kameror-restriktivt", "a", "", "", "", "", "", "objected", "", ""]]
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    response = _upload(editor, f"{V2}/importera-csv", _csv(rows), "m.csv")
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("&#39;", "'")
    for line in ("rad 2: +2 kräver att belägget är ett förslag eller ett enkätsvar",
                 "rad 3: typen av belägg 'rykte' finns inte",
                 "rad 4: granskningen 'kanske' finns inte",
                 "rad 5: En invändning behöver partiets kommentar."):
        assert line in html, line
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before
