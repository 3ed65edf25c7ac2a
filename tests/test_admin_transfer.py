"""Import and export: YAML round trips, CSV round trips, line-numbered all-or-nothing errors."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import VALID, table_counts
from test_admin_support import (
    definition,
    post,
    set_row,
)

from compass.questionsets import parse_file, parse_text

V2 = "/admin/exempel/v2"


def _upload(client, url, text: str | bytes, name: str):
    payload = text.encode("utf-8") if isinstance(text, str) else text
    return post(client, url, {"file": (io.BytesIO(payload), name)},
                content_type="multipart/form-data")


def _csv(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


HEADER = ["pastaende", "parti", "varde", "citat", "kalla", "kommentar"]


def test_yaml_export_parses_back_to_the_same_version(app, editor):
    exported = editor.get("/admin/exempel/v1/export.yaml")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == 'attachment; filename="exempel-v1.yaml"'
    text = exported.get_data(as_text=True)
    assert parse_text(text) == parse_file(VALID / "exempel.yaml")
    # Importing it into the draft gives the draft exactly that content.
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    assert "row_version" in page
    post(editor, f"{V2}/uppgifter", {"title": "Tillfällig", "description": "d",
                                      "municipality": "m", "year": "2026", "language": "sv",
                                      "levels": "5", "missing": "exclude", "coded_by": "r"})
    assert definition(app, "exempel", 2).title == "Tillfällig"
    imported = _upload(editor, f"{V2}/importera", text, "exempel-v1.yaml")
    assert imported.status_code == 303
    draft = definition(app, "exempel", 2)
    assert (draft.version, draft.status) == (2, "draft")
    assert draft.title == "Exempelomgång"
    assert set_row(app, "exempel", 2)["content_hash"] == draft.content_hash()
    assert "YAML-fil importerad" in editor.get("/admin/exempel/logg").get_data(as_text=True)


def test_broken_or_invalid_yaml_changes_nothing(app, editor):
    text = (VALID / "exempel.yaml").read_text(encoding="utf-8")
    text = text.replace("file: sources/a-program.txt # path relative to this file; or `text: |` "
                        "inline", "text: Kort text utan citatet.")
    text = text.replace("quote: Kameror ska användas restriktivt.", "quote: Finns inte alls.")
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    for payload, message in (
            (text, "rad 67, påstående 2, parti b: Citatet finns inte ordagrant i källan "),
            ("slug: [", "rad 1: YAML-fel"),
            ("", "rad 1: Filen är tom."),
            (b"\xff\xfe\x00", "UTF-8")):
        response = _upload(editor, f"{V2}/importera", payload, "trasig.yaml")
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Ingenting importerades" in html and message in html, message
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before


def test_a_yaml_file_can_start_a_new_set(app, editor):
    text = (VALID / "exempel.yaml").read_text(encoding="utf-8").replace(
        "slug: exempel ", "slug: kopia   ").replace(
        "file: sources/a-program.txt", "text: Vi vill ha fler ordningsvakter.")
    created = _upload(editor, "/admin/importera", text, "kopia.yaml")
    assert created.status_code == 303
    assert created.headers["Location"] == "/admin/kopia/v1/"
    assert set_row(app, "kopia", 1)["status"] == "draft"
    again = _upload(editor, "/admin/importera", text, "kopia.yaml")
    assert again.status_code == 400
    assert "Det finns redan en frågeomgång med kortnamnet kopia" in again.get_data(as_text=True)


def test_csv_export_and_import_round_trip(app, editor):
    exported = editor.get(f"{V2}/export.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeffpastaende,parti,varde,citat,kalla,kommentar,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 2 * 2
    assert rows[2][:5] == ["ordningsvakter", "b", "2", "Vi vill ha fler ordningsvakter.",
                           "b-program"]
    before = definition(app, "exempel", 2)
    unchanged = _upload(editor, f"{V2}/importera-csv", text, "matris.csv")
    assert unchanged.status_code == 303
    assert definition(app, "exempel", 2) == before
    # An edit in a spreadsheet (semicolons, as Swedish Excel writes them) comes back.
    rows[3][2:5] = ["-1", "Kameraövervakning ska byggas ut där brotten är många.", "a-program"]
    edited = _upload(editor, f"{V2}/importera-csv", _csv(rows, ";"), "matris.csv")
    assert edited.status_code == 303
    cell = definition(app, "exempel", 2).statements[1].positions["a"]
    assert (cell.value, cell.source) == (-1, "a-program")
    log = editor.get("/admin/exempel/logg").get_data(as_text=True)
    assert "Ruta ändrad via CSV" in log
    assert "Parti A i Exempelstad om ”Kommunen bör vara restriktiv med kameraövervakning.”" in log


def test_csv_errors_are_numbered_by_line_and_nothing_is_applied(app, editor):
    rows = [HEADER,
            ["ordningsvakter", "a", "1", "Vi vill   ha fler ordningsvakter", "a-program", ""],
            ["ordningsvakter", "b", "3", "Vi vill ha fler ordningsvakter.", "b-program", ""],
            ["okand", "a", "", "", "", ""],
            ["ordningsvakter", "x", "", "", "", ""],
            ["kameror-restriktivt", "a", "två", "", "", ""],
            ["kameror-restriktivt", "b", "1", "", "", ""],
            ["ordningsvakter", "a", "", "", "", ""]]
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    response = _upload(editor, f"{V2}/importera-csv", _csv(rows), "matris.csv")
    assert response.status_code == 400
    html = response.get_data(as_text=True).replace("&#39;", "'")
    for line in ("rad 3: värdet 3 ligger utanför skalan -2…2",
                 "rad 4: okänt påstående 'okand'",
                 "rad 5: okänt parti 'x'",
                 "rad 6: värdet 'två' är inte ett heltal",
                 "rad 7: värdet 1 behöver både citat och källa",
                 "rad 8: rutan ordningsvakter/a står redan på rad 2"):
        assert line in html, line
    assert "rad 2:" not in html  # row 2 is fine (whitespace inside a quote is normalised)
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before


BAD_CSV = [
    ("", "rad 1: filen är tom"),
    ("statement,party\nx,y\n", "rad 1: kolumnen pastaende, parti, varde, citat, kalla, "
                               "kommentar saknas"),
    ('pastaende,parti,varde,citat,kalla,kommentar\nordningsvakter,a,2,"Vi vill ha fler '
     'ordningsvakter. Finns inte.",a-program,\n', "rad 2: citatet finns inte ordagrant"),
    ("pastaende,parti,varde,citat,kalla,kommentar\n"
     "ordningsvakter,a,1,Vi vill ha fler ordningsvakter.,okand-kalla,\n",
     "rad 2: okänd källa"),
    ("pastaende,parti,varde,citat,kalla,kommentar\n"
     "kameror-restriktivt,b,1,Kameror ska användas restriktivt.,a-program,\n",
     "rad 2: källan 'a-program' hör inte till partiet 'b'"),
    ("pastaende;parti;varde;citat;kalla;kommentar\n\n"
     "kameror-restriktivt;a;;citat utan värde;;\n",
     "rad 3: citat eller källa utan värde"),
]


def test_csv_with_bad_structure_is_refused(app, editor):
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    for text, message in BAD_CSV:
        response = _upload(editor, f"{V2}/importera-csv", text, "matris.csv")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True).replace("&#39;", "'"), message
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before


def test_exports_work_for_published_versions_but_imports_do_not(app, editor):
    assert editor.get("/admin/exempel/v1/export.csv").status_code == 200
    assert _upload(editor, "/admin/exempel/v1/importera-csv", "x", "m.csv").status_code == 409


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _exempel_bundle(slug: str = "paket") -> dict[str, bytes]:
    text = (VALID / "exempel.yaml").read_text(encoding="utf-8").replace(
        "slug: exempel ", f"slug: {slug}" + " " * max(0, 7 - len(slug)))
    return {"exempel.yaml": text.encode(), "sources/a-program.txt":
            (VALID / "sources" / "a-program.txt").read_bytes()}


def test_a_zip_with_the_yaml_and_its_sources_imports_like_the_cli_reads_it(app, editor, tmp_path):
    payload = _zip(_exempel_bundle())
    (tmp_path / "paket.zip").write_bytes(payload)
    cli = app.test_cli_runner().invoke(args=["validate", str(tmp_path / "paket.zip")])
    assert cli.exit_code == 0, cli.output
    created = _upload(editor, "/admin/importera", payload, "paket.zip")
    assert created.status_code == 303, created.get_data(as_text=True)[-2000:]
    assert set_row(app, "paket", 1)["status"] == "draft"
    replaced = _upload(editor, f"{V2}/importera", _zip(_exempel_bundle("exempel")), "nytt.zip")
    assert replaced.status_code == 303


@pytest.mark.parametrize(("members", "message"), [
    ({"../evil.yaml": b"slug: x"}, "en sökväg utanför mappen"),
    ({"a.yaml": b"slug: a", "b.yaml": b"slug: b"}, "exakt en frågeomgångsfil"),
    ({"readme.txt": b"hej"}, "exakt en frågeomgångsfil"),
    ({"exempel.yaml": _exempel_bundle()["exempel.yaml"]},
     "Källfilen &#39;sources/a-program.txt&#39; finns inte."),
])
def test_a_bad_zip_is_refused_with_its_reason_and_changes_nothing(app, editor, members, message):
    counts = table_counts(app)
    refused = _upload(editor, "/admin/importera", _zip(members), "paket.zip")
    assert refused.status_code == 400
    assert message in refused.get_data(as_text=True)
    assert table_counts(app) == counts


def test_the_import_form_names_its_size_limit_and_so_does_the_413_page(app, editor):
    page = editor.get("/admin/importera").get_data(as_text=True)
    assert "Högst 3\u00a0MB för hela formuläret, filen inräknad." in page
    too_big = editor.post("/admin/importera", data=b"x" * (3 * 1024 * 1024 + 1),
                          content_type="application/x-www-form-urlencoded")
    assert too_big.status_code == 413
    assert "Det du skickade är för stort (högst 3\u00a0MB)." in too_big.get_data(as_text=True)


def test_line_endings_are_normalised_so_a_spreadsheet_round_trip_changes_nothing(app, editor):
    from test_admin_editor import _row_version

    cell = f"{V2}/matris/kameror-restriktivt/a"
    page = editor.get(cell).get_data(as_text=True)
    quote = "Kameraövervakning ska byggas ut\r\ndär brotten är många."
    saved = post(editor, cell, {"value": "-1", "quote": quote, "source": "a-program",
                                "note": "Rad ett.\r\nRad två.", "row_version": _row_version(page)})
    assert saved.status_code == 303
    stored = definition(app, "exempel", 2).statements[1].positions["a"]
    assert stored.quote == "Kameraövervakning ska byggas ut\ndär brotten är många."
    assert stored.note == "Rad ett.\nRad två."
    text = editor.get(f"{V2}/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    spreadsheet = io.StringIO()
    # A spreadsheet writes CR LF both between rows and inside multi-line cells.
    csv.writer(spreadsheet, lineterminator="\r\n").writerows(
        [[cell.replace("\n", "\r\n") for cell in row] for row in rows])
    imported = _upload(editor, f"{V2}/importera-csv", spreadsheet.getvalue(), "matris.csv")
    assert imported.status_code == 303
    assert "0 rutor ändrades" in editor.get(f"{V2}/").get_data(as_text=True)
