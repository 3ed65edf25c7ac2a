"""direction, easy_read and background are optional: a set on any topic needs none of them."""

from __future__ import annotations

from helpers import VALID, make_loaded_app

from compass.questionsets import dump, parse_text

BARE = (VALID / "minimal.yaml").read_text(encoding="utf-8").replace(
    "    direction: more\n", "").replace("    easy_read: Fler vakter.\n", "").replace(
    "    background: Kommuner kan anställa ordningsvakter.\n", "")


def test_a_statement_without_the_optional_fields_validates_and_round_trips(tmp_path):
    assert "direction" not in BARE and "easy_read" not in BARE and "background" not in BARE
    qs = parse_text(BARE, "bare.yaml", base_dir=VALID)
    st = qs.statements[0]
    assert (st.direction, st.easy_read, st.background) == (None, "", "")
    written = dump(qs)
    assert "direction" not in written and "easy_read" not in written
    assert parse_text(written, "again.yaml") == qs


def test_files_that_give_them_keep_their_content_hash():
    # Published versions already in a database are recognised as unchanged.
    from helpers import DEFAULT_SET

    from compass.questionsets import parse_file

    assert parse_file(DEFAULT_SET).content_hash() == \
        "1284aed8294944c71b50c69437183c4a5edcc03584729018bc056661ea2467b4"


def test_the_published_version_2_keeps_its_hash_through_the_english_fields():
    # questions/trygghet-v2.yaml is published: English keys it does not use (party and source
    # names, themes, notes) must stay out of its hash, also after a write and read back.
    from helpers import QUESTIONS

    from compass.questionsets import parse_file

    v2 = parse_file(QUESTIONS / "trygghet-v2.yaml")
    assert v2.content_hash() == "1250557a7ccf4608601718d431c1d56118991a34c626115aa1a893fb2ce2cdc3"
    assert parse_text(dump(v2), "again.yaml").content_hash() == v2.content_hash()


def test_a_bare_set_loads_renders_and_answers_on_both_databases(app, tmp_path):
    (tmp_path / "bare.yaml").write_text(BARE, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    for source in (VALID / "sources").iterdir():
        (tmp_path / "sources" / source.name).write_text(source.read_text(encoding="utf-8"))
    make_loaded_app(app, tmp_path / "bare.yaml")
    client = app.test_client()
    slug = parse_text(BARE, "b.yaml", base_dir=VALID).slug
    page = client.get(f"/omgang/{slug}/v1/pastaende/1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Lättläst" not in html and "Håller du med betyder det" not in html
    api = client.get(f"/api/v1/sets/{slug}").get_json()
    assert api["statements"][0]["direction"] is None
