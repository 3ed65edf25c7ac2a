"""Double coding in the admin (blind screen, agreement page), the method page's figures, and
the framing line with the set's actor noun on every page that ranks actors."""

from __future__ import annotations

import re

import sqlalchemy as sa
from helpers import VALID, make_loaded_app, table_counts
from test_admin_support import editor_client, load_exempel, post

from compass.models import Coding, CodingValue, QuestionSet

V2 = "/admin/exempel/v2"
CELLS = {"v:ordningsvakter:a": "ingen", "v:ordningsvakter:b": "2",
         "v:kameror-restriktivt:a": "ingen", "v:kameror-restriktivt:b": "2"}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_blind_screen_never_shows_the_coding(editor):
    assert post(editor, f"{V2}/kodningar/matris", {"coder": "Kodare A"}).status_code == 303
    page = text(editor.get(f"{V2}/blind-kodning"))
    assert "Kodare A" not in page  # no earlier coding
    assert "Uttryckligt förslag." not in page  # the position's note
    assert " selected" not in page  # nothing pre-chosen
    assert "Vi vill ha fler ordningsvakter." in page  # the party's source text is there
    assert "blind=1" in page  # the quote finder opens without links into the cell editor
    assert f"{V2}/matris" not in page  # no way into the matrix from here
    finder = text(editor.get(f"{V2}/bevis?q=ordningsvakter&pastaende=ordningsvakter&blind=1"))
    assert "Använd som citat" not in finder and "ordningsvakter" in finder
    assert f"{V2}/kallor/" not in finder  # the source page marks the quotes in use
    assert f"{V2}/matris" not in finder
    assert "Använd som citat" in text(editor.get(f"{V2}/bevis?q=ordningsvakter"))


def test_an_incomplete_blind_coding_is_refused_and_keeps_the_input(app, editor):
    before = table_counts(app)
    partial = {k: v for k, v in CELLS.items() if k != "v:kameror-restriktivt:b"}
    response = post(editor, f"{V2}/blind-kodning", {"coder": "Kodare B", **partial})
    assert response.status_code == 400
    page = text(response)
    assert "Koda varje ruta: 1 saknas." in page
    assert '<option value="2" selected>' in page
    off = post(editor, f"{V2}/blind-kodning", {"coder": "Kodare B", **CELLS,
                                                "v:ordningsvakter:b": "7"})
    assert off.status_code == 400
    assert table_counts(app) == before


def test_two_codings_give_alpha_exact_share_and_the_disagreements(app, editor):
    assert text(editor.get(f"{V2}/overensstammelse")).count("minst två") == 1
    assert post(editor, f"{V2}/kodningar/matris", {"coder": "Kodare A"}).status_code == 303
    # The matrix: a no position / b +2 on both statements. Kodare B differs on one cell.
    blind = post(editor, f"{V2}/blind-kodning", {"coder": "Kodare B", **CELLS,
                                                  "v:ordningsvakter:b": "1"})
    assert blind.status_code == 303 and blind.headers["Location"].endswith("/overensstammelse")
    page = text(editor.get(f"{V2}/overensstammelse"))
    assert "75\u202f%" in page and "4 rutor" in page
    assert "1 ruta där kodningarna skiljer sig" in page
    assert f"{V2}/matris/ordningsvakter/b" in page  # reconcile in the cell editor
    assert table_counts(app)["coding_value"] == 8
    again = post(editor, f"{V2}/blind-kodning", {"coder": "Kodare B", **CELLS})
    assert again.status_code == 400 and "finns redan en kodning av Kodare B" in text(again)
    assert post(editor, f"{V2}/kodningar/1/radera").status_code == 303
    assert table_counts(app)["coding"] == 1
    assert post(editor, f"{V2}/kodningar/9/radera").status_code == 404


def test_published_versions_cannot_be_coded(editor):
    assert editor.get("/admin/exempel/v1/blind-kodning").status_code == 409
    assert post(editor, "/admin/exempel/v1/kodningar/matris",
                {"coder": "X"}).status_code == 409
    assert editor.get("/admin/exempel/v1/overensstammelse").status_code == 200


def test_set_form_saves_the_actor_noun_and_the_framing(app, editor):
    page = text(editor.get(f"{V2}/uppgifter"))
    fields = {name: value for name, value in re.findall(
        r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page)}
    data = {k: fields.get(k, "") for k in ("title", "municipality", "election", "year",
                                              "language", "coded_by", "title_en")}
    data.update(description="Beskrivning.", levels="5", missing="exclude", actors="aktörer",
                framing="  De kommer från\n olika kommuner. ", framing_en="")
    saved = post(editor, f"{V2}/uppgifter", data)
    assert saved.status_code == 303, text(saved)
    with app.extensions["db_engine"].connect() as conn:
        actors, framing = conn.execute(sa.select(QuestionSet.actors, QuestionSet.framing)
                                       .where(QuestionSet.version == 2)).one()
    assert (actors, framing) == ("aktörer", "De kommer från olika kommuner.")
    bad = post(editor, f"{V2}/uppgifter", {**data, "actors": "personer"})
    assert bad.status_code == 400


def test_method_page_states_the_figures_computed_from_the_stored_codings(app, client):
    make_loaded_app(app, VALID / "codings.yaml")
    page = text(client.get("/metod"))
    figure = re.search(r"Dubbelkodad omgång, version 1: Krippendorffs alfa ([\d,−-]+) och "
                       r"exakt samma kod i (\d+)\u202f% av 6 rutor", page)
    assert figure, page[page.find("dubbelkodning"):][:2000]
    assert figure.group(2) == "67"
    # Change one stored value of Kodare B (kameror/a: 2 -> 1, now agreeing with Kodare A).
    engine = app.extensions["db_engine"]
    with engine.begin() as conn:
        coding_b = conn.execute(sa.select(Coding.id).where(Coding.coder == "Kodare B")
                                ).scalar_one()
        changed = conn.execute(sa.update(CodingValue).where(
            CodingValue.coding_id == coding_b, CodingValue.value == 2,
            CodingValue.statement_id == sa.select(sa.text("id")).select_from(
                sa.text("statement")).where(sa.text("key = 'kameror'")).scalar_subquery()
        ).values(value=1))
        assert changed.rowcount == 1
    after = re.search(r"Dubbelkodad omgång, version 1: Krippendorffs alfa ([\d,−-]+) och "
                      r"exakt samma kod i (\d+)\u202f% av 6 rutor", text(client.get("/metod")))
    assert after.group(2) == "83" and after.group(1) != figure.group(1)


def test_method_page_without_codings_says_so(app, client):
    load_exempel(app)
    assert "Ingen publicerad version har ännu två sparade kodningar." in text(
        client.get("/metod"))


def test_framing_line_and_actor_noun_wherever_actors_are_ranked(app, client):
    make_loaded_app(app, VALID / "codings.yaml")
    base = "/omgang/dubbelkodad/v1"
    line = "Aktörerna kommer från olika kommuner och år och har aldrig mötts i ett val."
    choice = text(client.get(f"{base}/partier?s=eee"))
    assert "Vilka aktörer vill du jämföra med?" in choice and line in choice
    assert "<title>Välj aktörer" in choice
    result = text(client.get(f"{base}/resultat?s=eee"))
    assert "Så mycket håller aktörerna med dig" in result and line in result
    assert line in text(client.get("/embed/dubbelkodad"))
    client.get("/sprak/en")
    english = text(client.get(f"{base}/resultat?s=eee"))
    assert "The actors come from different municipalities" in english
    data = client.get("/api/v1/sets/dubbelkodad").get_json()
    assert data["actors"] == "aktörer" and data["framing"] == line


def test_sets_without_framing_keep_their_party_wording(app, client):
    load_exempel(app)
    choice = text(client.get("/omgang/exempel/v1/partier?s=ee"))
    assert "Vilka partier vill du jämföra med?" in choice and 'class="framing"' not in choice
    data = client.get("/api/v1/sets/exempel").get_json()
    assert data["actors"] == "partier" and data["framing"] is None


def test_framing_line_on_the_class_dashboard_and_discussion(app, client):
    from compass.classroom import service
    from compass.db import get_session

    make_loaded_app(app, VALID / "codings.yaml")
    with app.app_context():
        session = get_session()
        info, token = service.create_class(session, "dubbelkodad", 1, None)
        session.commit()
    for page in (f"/klassrum/{token}/", f"/klass/{info.code}/tavla"):
        shown = text(client.get(page))
        assert "Aktörerna kommer från olika kommuner" in shown, page
        assert "Om aktörerna:" in shown, page
    discussion = text(client.get(f"/klass/{info.code}/tavla/diskussion/1"))
    assert "Aktörernas ståndpunkter" in discussion and "Partiernas ståndpunkter" not in discussion


def test_admin_yaml_import_and_export_keep_codings_and_framing(app, editor):
    import dataclasses
    import io

    from compass.questionsets import parse_file, parse_text

    original = parse_file(VALID / "codings.yaml")
    created = post(editor, "/admin/importera", {
        "file": (io.BytesIO((VALID / "codings.yaml").read_bytes()), "dubbelkodad.yaml")},
        content_type="multipart/form-data")
    assert created.status_code == 303, text(created)
    exported = text(editor.get("/admin/dubbelkodad/v1/export.yaml"))
    assert "actors: aktörer" in exported and "codings:" in exported
    assert parse_text(exported) == dataclasses.replace(original, status="draft")
    page = text(editor.get("/admin/dubbelkodad/v1/overensstammelse"))
    assert "2 rutor där kodningarna skiljer sig" in page


def test_version_page_lists_coding_lints_as_warnings_in_swedish(app, tmp_path):
    lints = VALID.parent / "lints"
    draft = tmp_path / "negation.yaml"
    draft.write_text((lints / "negation.yaml").read_text(encoding="utf-8").replace(
        "status: published", "status: draft"), encoding="utf-8")
    make_loaded_app(app, draft)
    client = editor_client(app)
    page = text(client.get("/admin/negation/v1/"))
    assert "1 kodningsvarning" in page
    assert "Påståendet är formulerat med en negation (”inte”)." in page
    assert "/admin/negation/v1/pastaenden/vakter" in page
    assert "Publicera version 1" in page  # a warning does not block publishing


def test_codings_follow_draft_edits_and_an_added_statement_is_named(app, editor):
    assert post(editor, f"{V2}/kodningar/matris", {"coder": "Kodare A"}).status_code == 303
    assert post(editor, f"{V2}/blind-kodning", {"coder": "Kodare B", **CELLS}).status_code == 303
    # Deleting a statement drops its cells from every coding; the draft stays valid.
    assert post(editor, f"{V2}/pastaenden/kameror-restriktivt/radera").status_code == 303
    assert table_counts(app)["coding_value"] == 4
    assert "Validatorn hittar inga problem" in text(editor.get(f"{V2}/"))
    assert "2 rutor" in text(editor.get(f"{V2}/overensstammelse"))
    # A statement added after the codings: each coding lacks it, once, in Swedish, and the
    # draft cannot be published until the codings are complete again.
    added = post(editor, f"{V2}/pastaenden/ny", {
        "text": "Kommunen bör ha fler trygghetsvärdar.", "theme": "Ordning",
        "direction": "more", "easy_read": "Fler värdar.", "background": "Värdar finns."})
    assert added.status_code == 303
    page = text(editor.get(f"{V2}/"))
    assert page.count("Kodningen saknar värden för påståendet") == 2
    assert f"{V2}/overensstammelse" in page
    assert post(editor, f"{V2}/publicera").status_code == 303
    with app.extensions["db_engine"].connect() as conn:
        status = conn.execute(sa.select(QuestionSet.status).where(QuestionSet.version == 2)
                              ).scalar_one()
    assert status == "draft"
    # Discarding the draft removes its codings with it.
    assert post(editor, f"{V2}/kasta").status_code == 303
    assert table_counts(app)["coding"] == 0 and table_counts(app)["coding_value"] == 0


def test_version_overview_states_the_agreement(app):
    make_loaded_app(app, VALID / "codings.yaml")
    page = text(editor_client(app).get("/admin/dubbelkodad/v1/"))
    assert ("Överensstämmelse mellan 2 kodningar: alfa 0,67, exakt lika i 67\u202f% av "
            "rutorna.") in page
