"""Translations and bulk edits: English fields in the forms, the missing-translations overview,
statements and parties as tables, and their CSV round trips (both databases)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import table_counts
from test_admin_support import (
    definition,
    editor_client,
    post,
    set_row,
)

V2 = "/admin/exempel/v2"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-1500:]
    return response.get_data(as_text=True)


def _row_version(html: str) -> str:
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', html).group(1)


def _upload(client, url, text: str | bytes, name: str = "tabell.csv"):
    payload = text.encode("utf-8") if isinstance(text, str) else text
    return post(client, url, {"file": (io.BytesIO(payload), name)},
                content_type="multipart/form-data")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _csv(rows, terminator="\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=terminator).writerows(rows)
    return out.getvalue()


def _flashes(client) -> str:
    return _page(client, f"{V2}/")


def _table_form(html: str) -> dict[str, str]:
    """Every input of a table page with its value, as a browser would send it unchanged."""
    import html as htmllib

    data = {}
    for name, value in re.findall(r'<input type="(?:hidden|text)" name="([^"]+)" value="([^"]*)"',
                                  html):
        data[name] = htmllib.unescape(value)
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html,
                                  re.DOTALL):
        data[name] = htmllib.unescape(value)
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("csrf_token", None)
    return data


def _themes_form(english, names=("Ordning och närvaro", "Kameraövervakning")) -> dict:
    form = {}
    for i, (name, text) in enumerate(zip(names, english, strict=True)):
        form |= {f"namn-{i}": name, f"tema-{i}": text, f"bas-{i}": ""}
    return form


# ---------------------------------------------------------------------------- English fields


def test_the_forms_store_english_party_names_source_titles_and_themes(app, editor):
    party = _page(editor, f"{V2}/partier/a")
    assert 'name="name_en"' in party and 'name="short_name_en"' in party
    saved = post(editor, f"{V2}/partier/a", {
        "name": "Parti A i Exempelstad", "short_name": "A", "colour": "#1a5e20",
        "sources": "a-program", "name_en": "Party A of Example Town", "short_name_en": "PA",
        "row_version": _row_version(party)})
    assert saved.status_code == 303, saved.get_data(as_text=True)[-1500:]
    source = _page(editor, f"{V2}/kallor/b-program/andra")
    saved = post(editor, f"{V2}/kallor/b-program/andra", {
        "title": "Vår politik", "publisher": "Parti B i Exempelstad", "year": "2022",
        "title_en": "Our policy", "parties": "b",
        "text": "Vi vill ha fler ordningsvakter. Kameror ska användas restriktivt.",
        "row_version": _row_version(source)})
    assert saved.status_code == 303, saved.get_data(as_text=True)[-1500:]
    statement = _page(editor, f"{V2}/pastaenden/ordningsvakter")
    saved = post(editor, f"{V2}/pastaenden/ordningsvakter", {
        "text": "Kommunen bör anställa fler ordningsvakter.", "theme": "Ordning och närvaro",
        "direction": "more", "easy_read": "Kommunen ska ha fler vakter på gatorna.",
        "background": "Bakgrund.", "theme_en": "Order and presence",
        "text_en": "The municipality should employ more security guards.",
        "row_version": _row_version(statement)})
    assert saved.status_code == 303, saved.get_data(as_text=True)[-1500:]
    qs = definition(app, "exempel", 2)
    assert (qs.parties[0].name_en, qs.parties[0].short_name_en) == (
        "Party A of Example Town", "PA")
    assert qs.source("b-program").title_en == "Our policy"
    assert qs.statements[0].theme_en == "Order and presence"
    log = _page(editor, "/admin/exempel/logg")
    assert "Namn (engelska)" in log and "Party A of Example Town" in log
    assert "Tema (engelska)" in log
    # The YAML export carries them, and importing it back changes nothing.
    from compass.questionsets import parse_text

    exported = editor.get(f"{V2}/export.yaml").get_data(as_text=True)
    again = parse_text(exported)
    assert (again.parties[0].name_en, again.source("b-program").title_en,
            again.statements[0].theme_en) == ("Party A of Example Town", "Our policy",
                                              "Order and presence")
    hash_before = set_row(app, "exempel", 2)["content_hash"]
    assert _upload(editor, f"{V2}/importera", exported, "exempel.yaml").status_code == 303
    assert set_row(app, "exempel", 2)["content_hash"] == hash_before


def test_an_english_name_over_the_limit_is_refused_on_the_form(app, editor):
    party = _page(editor, f"{V2}/partier/a")
    refused = post(editor, f"{V2}/partier/a", {
        "name": "Parti A", "short_name": "A", "colour": "#1a5e20", "name_en": "N" * 201,
        "row_version": _row_version(party)})
    assert refused.status_code == 400
    assert "Högst 200 tecken." in refused.get_data(as_text=True)
    assert definition(app, "exempel", 2).parties[0].name_en is None


def test_a_too_long_english_theme_opens_the_english_part_of_the_statement_form(app, editor):
    url = f"{V2}/pastaenden/kameror-restriktivt"
    page = _page(editor, url)
    assert '<details>' in page and 'name="theme_en"' in page  # closed: no English yet
    refused = post(editor, url, {"text": "Kort.", "theme": "Kameror", "direction": "less",
                                 "theme_en": "T" * 121, "row_version": _row_version(page)})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "<details open>" in html and "Högst 120 tecken." in html
    assert definition(app, "exempel", 2).statements[1].text != "Kort."


def test_english_pages_show_the_translated_party_name_and_theme(app, editor):
    table = _page(editor, f"{V2}/tabell/partier")
    form = _table_form(table) | {"a.namn_en": "Party A of Example Town"}
    assert post(editor, f"{V2}/tabell/partier", form).status_code == 303
    themes = _page(editor, f"{V2}/teman")
    assert 'name="tema-0" lang="en" value=""' in themes  # no English yet: an empty input
    sent = post(editor, f"{V2}/teman", _themes_form(["Order and presence", ""]))
    assert sent.status_code == 303
    published = post(editor, f"{V2}/publicera")
    assert published.status_code == 303, published.get_data(as_text=True)[-1500:]
    compare = "/omgang/exempel/v2/jamfor/1"
    english = app.test_client().get(compare, headers={"Accept-Language": "en"})
    assert english.status_code == 200
    english = english.get_data(as_text=True)
    assert "Party A of Example Town" in english
    assert '<span lang="en">Order and presence</span>' in english
    swedish = app.test_client().get(compare,
                                    headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Party A of Example Town" not in swedish and "Parti A i Exempelstad" in swedish
    assert '<span lang="sv">Ordning och närvaro</span>' in swedish
    # Party B has no English name: the English page falls back to its Swedish name.
    assert "Parti B i Exempelstad" in english
    data = json.loads(app.test_client().get("/api/v1/sets/exempel").get_data(as_text=True))
    assert data["parties"][0]["name_en"] == "Party A of Example Town"
    assert data["statements"][0]["theme_en"] == "Order and presence"


def test_a_theme_name_goes_to_every_statement_of_the_theme_and_only_those(app, editor):
    page = _page(editor, f"{V2}/teman")
    assert 'name="namn-1" value="Kameraövervakning"' in page
    table = _table_form(_page(editor, f"{V2}/tabell/pastaenden"))
    # A colleague gives statement 2 the first theme: both statements now share it.
    assert post(editor, f"{V2}/tabell/pastaenden",
                table | {"kameror-restriktivt.tema": "Ordning och närvaro"}).status_code == 303
    # The page opened before still names the old second theme: that input changes nothing.
    done = post(editor, f"{V2}/teman", _themes_form(["Order", "Cameras"]))
    assert done.status_code == 303
    assert [st.theme_en for st in definition(app, "exempel", 2).statements] == ["Order"] * 2
    too_long = post(editor, f"{V2}/teman", _themes_form(["O" * 121], ["Ordning och närvaro"]))
    assert too_long.status_code == 400
    assert "Högst 120 tecken (nu 121)." in too_long.get_data(as_text=True)
    assert [st.theme_en for st in definition(app, "exempel", 2).statements] == ["Order"] * 2


# ---------------------------------------------------------------------------- overview


def test_missing_translations_lists_every_swedish_text_without_english(app, editor):
    page = _page(editor, f"{V2}/oversattningar")
    # The set's title and description have English; statement 1 lacks 2 of 3 texts,
    # statement 2 all 3, two themes, two parties (name + short name each), two source titles,
    # one editor's note (party b on statement 1).
    assert "14 texter har svenska men ingen engelska." in page
    assert "(5 texter)" in page and "(2 texter)" in page and "(4 texter)" in page
    assert f'href="{V2}/partier/a"' in page and f'href="{V2}/kallor/a-program/andra"' in page
    assert f'href="{V2}/pastaenden/kameror-restriktivt"' in page
    assert f'href="{V2}/teman"' in page and f'href="{V2}/uppgifter"' not in page
    assert "Påstående 2</a> – Lättläst text: <span lang=\"sv\">Kommunen ska ha få kameror" in page
    assert "Parti B i Exempelstad</a> – Kortnamn: <span lang=\"sv\">B</span>" in page
    assert (f'href="{V2}/matris/ordningsvakter/b">B · Påstående 1</a> – Redaktionens kommentar: '
            '<span lang="sv">Uttryckligt förslag.</span>') in page
    published = _page(editor, "/admin/exempel/v1/oversattningar")
    assert "14 texter" in published and 'href="/admin/exempel/v1/partier/a"' not in published
    # English names for both themes: the count follows and the themes section goes.
    post(editor, f"{V2}/teman", _themes_form(["Order", "Cameras"]))
    page = _page(editor, f"{V2}/oversattningar")
    assert "12 texter har svenska" in page and 'id="missing-theme"' not in page


def test_the_overview_says_so_when_everything_is_translated(app, editor):
    from compass import catalog, versions
    from compass.db import get_session

    with app.app_context():
        session = get_session()
        row = catalog.get_set(session, "exempel", 2, published_only=False)
        for st in row.statements:
            st.text_en, st.easy_read_en, st.background_en, st.theme_en = "t", "e", "b", "th"
        for p in row.parties:
            p.name_en, p.short_name_en = "n", "s"
        for s in row.sources:
            s.title_en = "title"
        for st in row.statements:
            for pos in st.positions:
                pos.note_en = "note" if pos.note else None
        versions.refresh(session, row)  # a new content hash: the page's view is rebuilt
        session.commit()
    page = _page(editor, f"{V2}/oversattningar")
    assert "Alla texter med svenska har engelska." in page


# ---------------------------------------------------------------------------- tables


def test_an_unchanged_table_saves_nothing_and_one_edit_changes_exactly_that(app, editor):
    url = f"{V2}/tabell/pastaenden"
    page = _page(editor, url)
    assert page.count('name="ordningsvakter.text"') == 1
    audit_before = table_counts(app)["audit_entry"]
    form = _table_form(page)
    # A browser sends text areas with CR LF line ends.
    form = {k: v.replace("\n", "\r\n") for k, v in form.items()}
    assert post(editor, url, form).status_code == 303
    assert "0 påståenden ändrades." in _page(editor, url)
    assert table_counts(app)["audit_entry"] == audit_before
    before = definition(app, "exempel", 2)
    form["kameror-restriktivt.tema"] = "Kameror"
    assert post(editor, url, form).status_code == 303
    page = _page(editor, url)
    assert "1 påstående ändrades." in page
    after = definition(app, "exempel", 2)
    assert after.statements[1].theme == "Kameror"
    assert after.statements[0] == before.statements[0]
    assert after.statements[1].text == before.statements[1].text
    assert table_counts(app)["audit_entry"] == audit_before + 1


def test_the_english_statement_table_shows_swedish_beside_each_field(app, editor):
    page = _page(editor, f"{V2}/tabell/pastaenden?texter=en")
    assert 'name="ordningsvakter.text_en"' in page and 'name="ordningsvakter.text"' not in page
    assert '<p class="meta" lang="sv">Kommunen ska ha fler vakter på gatorna.</p>' in page
    form = _table_form(page) | {"kameror-restriktivt.text_en": "Be restrictive with cameras."}
    assert post(editor, f"{V2}/tabell/pastaenden?texter=en", form).status_code == 303
    qs = definition(app, "exempel", 2)
    assert qs.statements[1].text_en == "Be restrictive with cameras."
    assert qs.statements[1].text == "Kommunen bör vara restriktiv med kameraövervakning."


@pytest.mark.parametrize(("field", "value", "message"), [
    ("a.farg", "grön", "Skriv färgen som #rrggbb."),
    ("a.namn", "   ", "Fyll i fältet."),
    ("b.kortnamn_en", "K" * 81, "Högst 80 tecken (nu 81)."),
])
def test_a_bad_cell_comes_back_with_its_error_and_saves_nothing(app, editor, field, value,
                                                                 message):
    url = f"{V2}/tabell/partier"
    form = _table_form(_page(editor, url)) | {"b.namn": "Nytt namn för B", field: value}
    before, counts = definition(app, "exempel", 2), table_counts(app)
    refused = post(editor, url, form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert message in html and 'aria-invalid="true"' in html
    assert 'value="Nytt namn för B"' in html  # the typed input comes back
    assert definition(app, "exempel", 2) == before and table_counts(app) == counts


def test_a_colleagues_save_is_kept_and_only_a_real_clash_stops_the_table(app, editor):
    url = f"{V2}/tabell/partier"
    mine = _table_form(_page(editor, url))
    colleague = editor_client(app, "admin")
    theirs = _table_form(_page(colleague, url)) | {"a.namn": "Kollegans namn",
                                                   "b.namn_en": "Party B"}
    assert post(colleague, url, theirs).status_code == 303
    # Different fields: both saves are kept.
    assert post(editor, url, mine | {"a.kortnamn_en": "PA"}).status_code == 303
    qs = definition(app, "exempel", 2)
    assert (qs.parties[0].name, qs.parties[0].short_name_en) == ("Kollegans namn", "PA")
    assert qs.parties[1].name_en == "Party B"
    # The same field to different texts: nothing is saved, their text is shown, mine kept.
    clash = post(editor, url, mine | {"a.namn": "Mitt namn", "b.kortnamn": "BB"})
    html = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "En kollega sparade under tiden: Kollegans namn" in html
    assert 'value="Mitt namn"' in html and 'value="BB"' in html
    assert 'value="Party B"' in html  # the colleague's other change is merged in
    assert definition(app, "exempel", 2).parties[1].short_name == "B"
    # Saving the page as it came back keeps my texts and the colleague's other change.
    again = post(editor, url, _table_form(html))
    assert again.status_code == 303
    qs = definition(app, "exempel", 2)
    assert (qs.parties[0].name, qs.parties[1].short_name, qs.parties[1].name_en) == (
        "Mitt namn", "BB", "Party B")


def test_the_validators_problems_with_the_rows_show_on_the_table(app, editor):
    from compass import catalog, versions
    from compass.db import get_session

    with app.app_context():  # a text over the validator's limit, stored before the limit
        session = get_session()
        row = catalog.get_set(session, "exempel", 2, published_only=False)
        row.statements[0].text = "x" * 201
        versions.refresh(session, row)
        session.commit()
    page = _page(editor, f"{V2}/tabell/pastaenden")
    assert "Validatorn hittar 1 problem i raderna" in page
    assert f'href="{V2}/pastaenden/ordningsvakter"' in page
    refused = post(editor, f"{V2}/tabell/pastaenden", _table_form(page))
    assert refused.status_code == 400
    assert "Högst 200 tecken (nu 201)." in refused.get_data(as_text=True)
    fixed = _table_form(page) | {"ordningsvakter.text": "Kortare."}
    assert post(editor, f"{V2}/tabell/pastaenden", fixed).status_code == 303
    page = _page(editor, f"{V2}/tabell/pastaenden")
    assert "Validatorn hittar" not in page
    assert '<p class="flash flash-ok">1 påstående ändrades.</p>' in page


def test_a_row_deleted_meanwhile_stops_the_save_and_keeps_the_input(app, editor):
    url = f"{V2}/tabell/partier"
    mine = _table_form(_page(editor, url)) | {"a.namn_en": "Party A", "b.namn_en": "Party B"}
    assert post(editor_client(app, "admin"), f"{V2}/partier/b/radera").status_code == 303
    refused = post(editor, url, mine)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Ingenting sparades: b finns inte längre i utkastet" in html
    assert 'value="Party A"' in html and definition(app, "exempel", 2).parties[0].name_en is None
    assert post(editor, url, _table_form(html)).status_code == 303
    assert [p.name_en for p in definition(app, "exempel", 2).parties] == ["Party A"]


def test_the_tables_speak_english_to_an_english_editor(app, editor):
    page = editor.get(f"{V2}/tabell/pastaenden?texter=en", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Statements as a table" in html and "Theme in English" in html
    overview = editor.get(f"{V2}/oversattningar", headers={"Accept-Language": "en"})
    assert "14 texts have Swedish but no English." in overview.get_data(as_text=True)


def test_a_clash_on_the_direction_names_it_in_words(app, editor):
    url = f"{V2}/tabell/pastaenden"
    mine = _table_form(_page(editor, url))
    colleague = editor_client(app, "admin")
    assert post(colleague, url, _table_form(_page(colleague, url))
                | {"ordningsvakter.riktning": "less"}).status_code == 303
    clash = post(editor, url, mine | {"ordningsvakter.riktning": ""})
    assert clash.status_code == 409
    assert "En kollega sparade under tiden: mindre" in clash.get_data(as_text=True)
    assert definition(app, "exempel", 2).statements[0].direction == "less"


def test_a_published_version_has_no_table_to_edit(app, editor):
    assert editor.get("/admin/exempel/v1/tabell/pastaenden").status_code == 409
    assert post(editor, "/admin/exempel/v1/tabell/partier", {}).status_code == 409


def test_the_table_post_needs_a_csrf_token(app, editor):
    assert editor.post(f"{V2}/tabell/partier", data={"a.namn": "X"}).status_code == 400
    assert definition(app, "exempel", 2).parties[0].name == "Parti A i Exempelstad"


# ---------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("kind", ["pastaenden", "partier"])
def test_a_csv_round_trip_changes_nothing_also_after_a_spreadsheet(app, editor, kind):
    exported = editor.get(f"{V2}/export-{kind}.csv")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == (
        f'attachment; filename="exempel-v2-{kind}.csv"')
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeffnyckel,") and "\r\n" in text
    before, audit = definition(app, "exempel", 2), table_counts(app)["audit_entry"]
    assert _upload(editor, f"{V2}/importera-{kind}", text).status_code == 303
    # A spreadsheet writes CR LF inside cells too, and semicolons in a Swedish locale.
    rows = [[cell.replace("\n", "\r\n") for cell in row] for row in _rows(text)]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert _upload(editor, f"{V2}/importera-{kind}", out.getvalue()).status_code == 303
    assert definition(app, "exempel", 2) == before
    assert table_counts(app)["audit_entry"] == audit
    assert "CSV-filen är importerad: 0" in _flashes(editor)


def test_editing_one_csv_cell_changes_exactly_that_field(app, editor):
    rows = _rows(editor.get(f"{V2}/export-pastaenden.csv").get_data(as_text=True))
    header = rows[0]
    assert header == ["nyckel", "text", "tema", "riktning", "lattlast", "bakgrund", "text_en",
                      "tema_en", "lattlast_en", "bakgrund_en"]
    rows[2][header.index("tema_en")] = "Cameras"
    before = definition(app, "exempel", 2)
    done = _upload(editor, f"{V2}/importera-pastaenden", _csv(rows))
    assert done.status_code == 303 and done.headers["Location"].endswith("/tabell/pastaenden")
    after = definition(app, "exempel", 2)
    assert after.statements[1].theme_en == "Cameras"
    import dataclasses

    assert dataclasses.replace(after.statements[1], theme_en=None) == before.statements[1]
    assert after.statements[0] == before.statements[0]
    page = _page(editor, f"{V2}/tabell/pastaenden")
    assert "CSV-filen är importerad: 1 påstående ändrades. kameror-restriktivt: Tema på engelska" \
        in page
    assert "Tema (engelska)" in _page(editor, "/admin/exempel/logg")


def test_a_party_csv_with_only_some_columns_leaves_the_rest(app, editor):
    done = _upload(editor, f"{V2}/importera-partier",
                   _csv([["nyckel", "namn_en"], ["b", "Party B"]], "\n"))
    assert done.status_code == 303
    qs = definition(app, "exempel", 2)
    assert qs.parties[1].name_en == "Party B" and qs.parties[1].name == "Parti B i Exempelstad"
    assert qs.parties[0].name_en is None


def test_formula_like_texts_are_exported_safely_and_read_back_unchanged(app, editor):
    table = _table_form(_page(editor, f"{V2}/tabell/partier"))
    formulas = {"a.namn_en": '=HYPERLINK("x")', "a.kortnamn_en": "-A"}
    assert post(editor, f"{V2}/tabell/partier", table | formulas).status_code == 303
    text = editor.get(f"{V2}/export-partier.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text and ",'-A" in text
    before = definition(app, "exempel", 2)
    assert before.parties[0].name_en == '=HYPERLINK("x")'
    assert _upload(editor, f"{V2}/importera-partier", text).status_code == 303
    assert definition(app, "exempel", 2) == before


@pytest.mark.parametrize(("rows", "message"), [
    ([["nyckel", "namn"], ["x", "X"]], "rad 2: okänd nyckel &#39;x&#39;"),
    ([["nyckel", "namn"], ["a", "A1"], ["a", "A2"]],
     "rad 3: nyckeln &#39;a&#39; står redan på rad 2"),
    ([["nyckel", "farg"], ["a", "#12345"]], "rad 2, farg: Skriv färgen som #rrggbb."),
    ([["nyckel", "namn"], ["a", ""]], "rad 2, namn: Fyll i fältet."),
    ([["namn"], ["A"]], "rad 1: rubrikraden ska ha kolumnen nyckel"),
    ([["nyckel", "name"], ["a", "A"]], "rad 1: rubrikraden ska ha kolumnen nyckel"),
    ([], "rad 1: filen är tom"),
])
def test_a_bad_party_csv_is_refused_by_line_and_changes_nothing(app, editor, rows, message):
    # Every bad file also carries one good row: nothing of it may be stored.
    if len(rows) > 1 and rows[0][:1] == ["nyckel"] and rows[1][0] != "b":
        rows = [*rows, ["b", *(["Nytt"] if rows[0][1] != "farg" else ["#000000"])]]
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    refused = _upload(editor, f"{V2}/importera-partier", _csv(rows))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert message in html and "Ingenting importerades" in html
    assert table_counts(app) == counts
    assert set_row(app, "exempel", 2)["content_hash"] == before["content_hash"]


def test_a_short_csv_row_leaves_its_missing_cells_alone(app, editor):
    rows = _rows(editor.get(f"{V2}/export-partier.csv").get_data(as_text=True))
    rows[1][rows[0].index("namn_en")] = "Party A"
    rows[2] = rows[2][:2]  # "b" and its name only: the rest of the row is cut off
    assert _upload(editor, f"{V2}/importera-partier", _csv(rows)).status_code == 303
    parties = definition(app, "exempel", 2).parties
    assert (parties[0].name_en, parties[1].colour, parties[1].short_name) == (
        "Party A", "#7a1f6b", "B")


def test_a_table_with_a_mangled_base_still_saves_what_was_typed(app, editor):
    url = f"{V2}/tabell/partier"
    form = _table_form(_page(editor, url)) | {"a.base": "{inte json", "b.base": "[1]",
                                              "a.namn_en": "Party A"}
    assert post(editor, url, form).status_code == 303
    assert [p.name_en for p in definition(app, "exempel", 2).parties] == ["Party A", None]


def test_a_statement_csv_checks_direction_and_length(app, editor):
    rows = [["nyckel", "riktning", "text"], ["ordningsvakter", "uppåt", "T"],
            ["kameror-restriktivt", "mindre", "x" * 201]]
    html = _upload(editor, f"{V2}/importera-pastaenden", _csv(rows)).get_data(as_text=True)
    assert "rad 2, riktning: Riktningen &#39;uppåt&#39; finns inte (välj more, less" in html
    assert "rad 3, text: Högst 200 tecken (nu 201)." in html
    ok = _upload(editor, f"{V2}/importera-pastaenden",
                 _csv([["nyckel", "riktning"], ["ordningsvakter", "mindre"],
                       ["kameror-restriktivt", ""]]))
    assert ok.status_code == 303
    qs = definition(app, "exempel", 2)
    assert [st.direction for st in qs.statements] == ["less", None]


def test_table_csv_import_needs_a_draft(app, editor):
    refused = _upload(editor, "/admin/exempel/v1/importera-pastaenden", "nyckel,text\n")
    assert refused.status_code == 409
    assert editor.get("/admin/exempel/v1/export-partier.csv").status_code == 200
