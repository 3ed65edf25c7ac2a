"""Two editors on the same statement, party, source or cell: field-level merges through the
Flask client, on SQLite and PostgreSQL (compass/admin/conflicts.py, merge.py)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from test_admin_support import definition, editor_client, load_exempel, new_draft, post

V2 = "/admin/exempel/v2"
STATEMENT = f"{V2}/pastaenden/ordningsvakter"
FIELDS = ("key", "text", "theme", "direction", "easy_read", "background", "text_en",
          "easy_read_en", "background_en")


@pytest.fixture
def editors(app):
    """Two signed-in editors ("mine" and "theirs") and the example set with a draft v2."""
    load_exempel(app)
    mine, theirs = editor_client(app, "editor"), editor_client(app, "admin")
    assert new_draft(mine, "exempel") == 2
    return mine, theirs


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return html_lib.unescape(found.group(1)) if found else ""


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)
    return html_lib.unescape(found.group(1)) if found else ""


def _statement_form(client, url: str = STATEMENT) -> dict:
    """The statement form as the browser would send it unchanged."""
    page = client.get(url).get_data(as_text=True)
    data = {f: _textarea(page, f) or _value(page, f) for f in FIELDS}
    checked = re.search(r'<input checked[^>]*name="direction"[^>]*value="([^"]*)"', page)
    data["direction"] = checked.group(1) if checked else ""
    data["row_version"], data["base"] = _value(page, "row_version"), _value(page, "base")
    assert data["base"] and data["text"] == "Kommunen bör anställa fler ordningsvakter."
    return data


def _stored(app, key: str = "ordningsvakter"):
    return next(s for s in definition(app, "exempel", 2).statements if s.key == key)


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_field_only_the_other_editor_changed_is_kept(app, editors):
    mine, theirs = editors
    form_mine, form_theirs = _statement_form(mine), _statement_form(theirs)
    assert post(theirs, STATEMENT, {**form_theirs, "theme": "Trygghet på gatan"}
                ).status_code == 303
    saved = post(mine, STATEMENT, {**form_mine, "background": "Min nya bakgrund."},
                 follow_redirects=True)
    assert saved.status_code == 200
    assert ("Påståendet är sparat. Under tiden hade någon annan ändrat Tema. Den ändringen "
            "är kvar.") in _text(saved)
    stored = _stored(app)
    assert stored.theme == "Trygghet på gatan"  # not silently reverted
    assert stored.background == "Min nya bakgrund."


def test_the_same_change_on_both_sides_saves_without_a_question(app, editors):
    mine, theirs = editors
    form_mine, form_theirs = _statement_form(mine), _statement_form(theirs)
    same = "Kommunen bör anställa många fler ordningsvakter."
    assert post(theirs, STATEMENT, {**form_theirs, "text": same}).status_code == 303
    assert post(mine, STATEMENT, {**form_mine, "text": same}).status_code == 303
    assert _stored(app).text == same


def test_a_real_clash_shows_base_theirs_yours_in_words_and_asks(app, editors):
    mine, theirs = editors
    form_mine, form_theirs = _statement_form(mine), _statement_form(theirs)
    assert post(theirs, f"{V2}/pastaenden/ordningsvakter/flytta", {"riktning": "ned"}
                ).status_code == 303
    assert post(theirs, STATEMENT, {**_statement_form(theirs), "text": "Deras text.",
                                    "direction": "less", "easy_read": "Deras lättläst."}
                ).status_code == 303
    del form_theirs
    typed = {**form_mine, "text": "Min text.", "direction": "", "theme": "Min tema"}
    clash = post(mine, STATEMENT, typed)
    assert clash.status_code == 409
    page = _text(clash)
    start = page.index('class="conflict"')
    box = page[start:page.index('<div class="field', start)]
    # Text and direction clash; each shows as opened, as they saved it and as I typed it.
    assert "<legend>Text</legend>" in box and "<legend>Riktning</legend>" in box
    assert "Kommunen bör anställa fler ordningsvakter." in box
    assert "Deras text." in box and "Min text." in box
    assert "fler åtgärder eller mer kontroll" in box  # as opened: never `more`
    assert "färre åtgärder eller mindre kontroll" in box and "ingen riktning angiven" in box
    assert "more" not in re.sub(r"<[^>]+>", "", box)
    # What only they changed is kept and listed: the easy-read text and the place (from 1).
    assert "Lättläst" in box and "Deras lättläst." in box
    assert "plats 1 → plats 2" in box
    assert 'name="val-text"' in box and 'name="val-direction"' in box
    assert 'name="val-theme"' not in box  # only I changed the theme: no question
    # The form holds my input, and their kept change (so saving shows what will be saved).
    assert _textarea(page, "text") == "Min text." and _value(page, "theme") == "Min tema"
    assert _textarea(page, "easy_read") == "Deras lättläst."
    assert _stored(app).text == "Deras text."  # nothing of mine saved yet
    # Saving again without choosing asks again and still saves nothing.
    again = post(mine, STATEMENT, typed)
    assert again.status_code == 409 and _stored(app).text == "Deras text."
    # Keep their text, use my direction: both apply, with my theme and their easy-read text.
    done = post(mine, STATEMENT, {**typed, "val-text": "deras", "val-direction": "min"})
    assert done.status_code == 303
    stored = _stored(app)
    assert (stored.text, stored.direction, stored.theme, stored.easy_read) == (
        "Deras text.", None, "Min tema", "Deras lättläst.")


def test_english_editors_read_the_conflict_in_english(app, editors):
    mine, theirs = editors
    form_mine = _statement_form(mine)
    assert post(theirs, STATEMENT, {**_statement_form(theirs), "direction": "less"}
                ).status_code == 303
    clash = post(mine, f"{STATEMENT}?lang=en", {**form_mine, "direction": ""})
    assert clash.status_code == 409
    page = _text(clash)
    assert "Someone else changed the same thing while you were working" in page
    assert "<legend>Direction</legend>" in page
    assert "less action or less control" in page and "Keep the other person" in page


def test_a_form_without_its_base_values_asks_about_every_difference(app, editors):
    mine, theirs = editors
    form_mine = _statement_form(mine)
    assert post(theirs, STATEMENT, {**_statement_form(theirs), "theme": "Deras tema"}
                ).status_code == 303
    for base in ("", form_mine["base"][:-3] + "xyz"):  # missing, or altered
        clash = post(mine, STATEMENT, {**form_mine, "base": base, "text": "Min text."})
        assert clash.status_code == 409
        page = _text(clash)
        assert 'name="val-theme"' in page and 'name="val-text"' in page
        assert "okänt (formuläret saknar sina ursprungliga värden)" in page
    assert _stored(app).theme == "Deras tema"


def test_a_statement_renamed_meanwhile_is_merged_under_its_new_key(app, editors):
    mine, theirs = editors
    form_mine = _statement_form(mine)
    assert post(theirs, STATEMENT, {**_statement_form(theirs), "key": "vakter"}
                ).status_code == 303
    saved = post(mine, STATEMENT, {**form_mine, "background": "Min bakgrund."})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/pastaenden/vakter")
    assert _stored(app, "vakter").background == "Min bakgrund."


def test_a_statement_deleted_meanwhile_can_be_added_again_from_the_form(app, editors):
    mine, theirs = editors
    form_mine = _statement_form(mine)
    assert post(theirs, f"{STATEMENT}/radera").status_code == 303
    typed = {**form_mine, "text": "Min text om vakter."}
    gone = post(mine, STATEMENT, typed)
    assert gone.status_code == 409
    page = _text(gone)
    assert "Någon annan har tagit bort det här medan du arbetade" in page
    assert f'action="{V2}/pastaenden/ny"' in page
    assert _textarea(page, "text") == "Min text om vakter."
    assert _value(page, "key") == "ordningsvakter"
    again = post(mine, f"{V2}/pastaenden/ny", {**typed, "key": _value(page, "key")})
    assert again.status_code == 303
    assert _stored(app).text == "Min text om vakter."
    # A made-up key without a form opened on it is still simply not found.
    assert post(mine, f"{V2}/pastaenden/finns-inte", typed).status_code == 404


PARTY = f"{V2}/partier/b"


def _party_form(client) -> dict:
    page = client.get(PARTY).get_data(as_text=True)
    sources = re.findall(r'<input checked[^>]*name="sources"[^>]*value="([^"]*)"', page)
    return {"key": _value(page, "key"), "name": _value(page, "name"),
            "short_name": _value(page, "short_name"), "colour": _value(page, "colour"),
            "sources": sources, "row_version": _value(page, "row_version"),
            "base": _value(page, "base")}


def _party(app, key: str = "b"):
    return next(p for p in definition(app, "exempel", 2).parties if p.key == key)


def test_party_edits_merge_and_clashes_name_the_sources(app, editors):
    mine, theirs = editors
    form_mine = _party_form(mine)
    assert form_mine["sources"] == ["b-program"]
    assert post(theirs, PARTY, {**_party_form(theirs), "colour": "#123456"}).status_code == 303
    merged = post(mine, PARTY, {**form_mine, "name": "Parti B i Nya Exempelstad"},
                  follow_redirects=True)
    assert "Under tiden hade någon annan ändrat Färg. Den ändringen är kvar." in _text(merged)
    party = _party(app)
    assert (party.name, party.colour) == ("Parti B i Nya Exempelstad", "#123456")
    # Both change the party's own documents: asked, with the documents' titles.
    form_mine = _party_form(mine)
    assert post(theirs, PARTY, {**_party_form(theirs), "sources": ["a-program", "b-program"]}
                ).status_code == 303
    clash = post(mine, PARTY, {**form_mine, "sources": []})
    assert clash.status_code == 409
    page = _text(clash)
    assert "<legend>Källor</legend>" in page
    assert "Trygghetsprogram, Vår politik" in page and "Vår politik" in page
    start = page.index('class="conflict"')
    assert "a-program" not in page[start:page.index('<fieldset class="choices', start)]
    assert post(mine, PARTY, {**form_mine, "sources": [], "val-sources": "min"}
                ).status_code == 303
    assert _party(app).sources == ()


def test_a_party_deleted_meanwhile_offers_to_add_it_again(app, editors):
    mine, theirs = editors
    form_mine = _party_form(mine)
    assert post(theirs, f"{PARTY}/radera").status_code == 303
    gone = post(mine, PARTY, {**form_mine, "name": "Parti B, nytt namn"})
    assert gone.status_code == 409
    page = _text(gone)
    assert "har tagit bort det här" in page and f'action="{V2}/partier/ny"' in page
    assert _value(page, "name") == "Parti B, nytt namn" and _value(page, "key") == "b"


SOURCE = f"{V2}/kallor/b-program/andra"
LONG = "Vi vill ha fler ordningsvakter. Kameror ska användas restriktivt.\n\n" + (
    "Trygghet byggs tillsammans med föreningar och skolor. " * 40)


def _source_form(client) -> dict:
    page = client.get(SOURCE).get_data(as_text=True)
    parties = re.findall(r'<input checked[^>]*name="parties"[^>]*value="([^"]*)"', page)
    return {"title": _value(page, "title"), "publisher": _value(page, "publisher"),
            "year": _value(page, "year"), "url": _value(page, "url"),
            "text": _textarea(page, "text"), "parties": parties,
            "row_version": _value(page, "row_version"), "base": _value(page, "base")}


def _source(app):
    return next(s for s in definition(app, "exempel", 2).sources if s.key == "b-program")


def test_source_edits_merge_with_long_texts_and_clashes_name_the_parties(app, editors):
    mine, theirs = editors
    form_theirs = _source_form(theirs)
    assert post(theirs, SOURCE, {**form_theirs, "text": LONG}).status_code == 303
    form_mine, form_theirs = _source_form(mine), _source_form(theirs)
    assert len(form_mine["base"]) < 1500  # the long text travels as a fingerprint
    assert post(theirs, SOURCE, {**form_theirs, "title": "Vår politik 2022"}).status_code == 303
    assert post(mine, SOURCE, {**form_mine, "text": LONG + "Mitt tillägg."}
                ).status_code == 303
    document = _source(app)
    assert document.title == "Vår politik 2022" and document.text.endswith("Mitt tillägg.")
    # Both change the owners and the text: asked, with party names and the texts' starts.
    form_mine, form_theirs = _source_form(mine), _source_form(theirs)
    assert post(theirs, SOURCE, {**form_theirs, "parties": ["a", "b"],
                                 "text": "Deras nya text."}).status_code == 303
    clash = post(mine, SOURCE, {**form_mine, "parties": [], "text": "Min nya text."})
    assert clash.status_code == 409
    page = _text(clash)
    assert "<legend>Partier</legend>" in page and "<legend>Text</legend>" in page
    assert "Parti A i Exempelstad, Parti B i Exempelstad" in page
    assert "Vi vill ha fler ordningsvakter." in page and "tecken)" in page  # the base's start
    assert _textarea(page, "text") == "Min nya text."
    done = post(mine, SOURCE, {**form_mine, "parties": [], "text": "Min nya text.",
                               "val-parties": "deras", "val-text": "min"})
    assert done.status_code == 303
    document = _source(app)
    assert document.text == "Min nya text."
    assert [p.key for p in definition(app, "exempel", 2).parties
            if "b-program" in p.sources] == ["a", "b"]


def test_cells_merge_through_the_save_cell_hook(app, editors):
    from compass import catalog
    from compass.admin import audit, cells, conflicts, editing, merge

    def save(data: dict, opened) -> None:
        with app.app_context():
            from compass.db import get_session

            session = get_session()
            row = catalog.get_set(session, "exempel", 2, published_only=False)
            cells.save_cell(session, row, "ordningsvakter", "b", data, 0, 1, opened)
            session.commit()

    def opened_now(**choices) -> merge.Opened:
        with app.app_context():
            from compass.db import get_session

            row = catalog.get_set(get_session(), "exempel", 2, published_only=False)
            pos = next(p for p in editing.statement(row, "ordningsvakter").positions
                       if p.party.key == "b")
            pos_id, base = conflicts.cell_base(row, "ordningsvakter", "b")
            assert (pos_id, base) == (pos.id, audit.position_snapshot(pos))
            return merge.Opened(pos_id, pos.row_version, base, choices)

    def cell():
        st = next(s for s in definition(app, "exempel", 2).statements
                  if s.key == "ordningsvakter")
        return st.positions["b"]

    mine = opened_now()
    save({"note": "Deras kommentar."}, opened_now())
    save({"value": 1, "quote": "Vi vill ha fler ordningsvakter.", "source": "b-program",
          "note": "Uttryckligt förslag.", "evidence": "proposal"}, mine)
    assert (cell().value, cell().note, cell().evidence) == (1, "Deras kommentar.", "proposal")
    # They change the quote, I the value: one coding, so both fields are asked about.
    mine = opened_now()
    save({"quote": "Kameror ska användas restriktivt."}, opened_now())
    with pytest.raises(merge.MergeConflict) as caught:
        save({"value": 2, "quote": "Vi vill ha fler ordningsvakter."}, mine)
    assert sorted(c.field for c in caught.value.merge.clashes) == ["quote", "value"]
    with app.test_request_context():
        from compass.admin.fieldlabels import value_text

        assert value_text("value", 2) == "Helt för"
        assert value_text("evidence", "proposal").startswith("Förslag:")
    save({"value": 2, "quote": "Vi vill ha fler ordningsvakter."},
         merge.Opened(mine.row_id, mine.row_version, mine.base, {"value": "min",
                                                                 "quote": "deras"}))
    assert (cell().value, cell().quote) == (2, "Kameror ska användas restriktivt.")


def test_a_source_deleted_meanwhile_offers_to_add_it_again_with_the_text(app, editors):
    mine, theirs = editors
    post(mine, f"{V2}/kallor/ny", {"title": "Extra", "publisher": "Parti A",
                                   "text": "Ett extra program.", "key": "extra"})
    url = f"{V2}/kallor/extra/andra"
    page = mine.get(url).get_data(as_text=True)
    form_mine = {"title": "Extra", "publisher": "Parti A", "text": "Ett ändrat program.",
                 "row_version": _value(page, "row_version"), "base": _value(page, "base")}
    assert post(theirs, f"{V2}/kallor/extra/radera").status_code == 303
    gone = post(mine, url, form_mine)
    assert gone.status_code == 409
    page = _text(gone)
    assert "har tagit bort det här" in page and f'action="{V2}/kallor/ny"' in page
    assert _textarea(page, "text") == "Ett ändrat program." and _value(page, "key") == "extra"


def test_a_save_in_the_same_moment_keeps_the_input_and_asks_to_save_again(
        app, editors, monkeypatch):
    from compass.admin import editing

    mine, _theirs = editors
    form_mine = _statement_form(mine)

    def collide(_session):
        raise editing.StaleEdit

    monkeypatch.setattr(editing, "flush", collide)
    response = post(mine, STATEMENT, {**form_mine, "text": "Min text."})
    assert response.status_code == 409
    page = _text(response)
    assert "sparade påståendet i samma ögonblick" in page
    assert _textarea(page, "text") == "Min text." and _value(page, "base") == form_mine["base"]
    monkeypatch.undo()
    assert post(mine, STATEMENT, {**form_mine, "text": "Min text."}).status_code == 303
    assert _stored(app).text == "Min text."


def test_their_removed_direction_shows_in_the_form_after_a_clash(app, editors):
    mine, theirs = editors
    form_mine = _statement_form(mine)
    assert post(theirs, STATEMENT, {**_statement_form(theirs), "direction": "",
                                    "text": "Deras text."}).status_code == 303
    clash = post(mine, STATEMENT, {**form_mine, "text": "Min text."})
    assert clash.status_code == 409
    page = _text(clash)
    assert re.search(r'<input checked[^>]*name="direction"[^>]*value=""', page)
    assert "fler åtgärder eller mer kontroll → ingen riktning angiven" in page
    checked = re.search(r'<input checked[^>]*name="direction"[^>]*value="([^"]*)"', page)
    done = post(mine, STATEMENT, {**form_mine, "text": "Min text.", "val-text": "min",
                                  "direction": checked.group(1)})
    assert done.status_code == 303
    assert (_stored(app).text, _stored(app).direction) == ("Min text.", None)


def test_show_theirs_fills_a_cell_form_with_the_kept_values(app):
    from compass.admin import conflicts, merge
    from compass.admin.forms import NO_POSITION, PositionForm

    base = {"value": None, "quote": None, "source": None, "note": "Gammal."}
    theirs = {**base, "value": 1, "quote": "Ett citat.", "source": "a-program"}
    result = merge.merge(base, theirs, {**base, "note": "Min kommentar."},
                         groups=merge.CELL_GROUPS)
    with app.test_request_context(method="POST", data={"note": "Min kommentar."}):
        form = PositionForm()
        form.value.choices = [(NO_POSITION, "-"), ("1", "För")]
        conflicts.show_theirs(form, result, {
            "value": lambda v: NO_POSITION if v is None else str(v)})
        assert (form.value.data, form.quote.data, form.note.data) == (
            "1", "Ett citat.", "Min kommentar.")
        assert re.search(r'<input checked[^>]*value="1"', str(form.value))  # "För" is checked


CELL = f"{V2}/matris/ordningsvakter/b"
CELL_FIELDS = ("quote", "note", "rationale", "review_comment", "review_counter_quote",
               "review_answer")


def _cell_form(client) -> dict:
    """The cell form as the browser would send it unchanged."""
    page = client.get(CELL).get_data(as_text=True)
    data = {f: _textarea(page, f) or _value(page, f) for f in CELL_FIELDS}
    checked = re.search(r'<input checked[^>]*name="value"[^>]*value="([^"]*)"', page)
    data["value"] = checked.group(1) if checked else ""
    for name in ("source", "evidence", "review_status"):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
        selected = re.search(r'<option selected value="([^"]*)"', select)
        data[name] = selected.group(1) if selected else ""
    data["row_version"], data["base"] = _value(page, "row_version"), _value(page, "base")
    assert data["base"] and data["value"] == "2" and data["source"] == "b-program"
    return data


def _cell(app):
    return _stored(app).positions["b"]


def test_the_cell_screen_merges_a_colleagues_save_and_asks_only_about_clashes(app, editors):
    mine, theirs = editors
    form_mine, form_theirs = _cell_form(mine), _cell_form(theirs)
    assert post(theirs, CELL, {**form_theirs, "note": "Deras kommentar."}).status_code == 303
    saved = post(mine, CELL, {**form_mine, "rationale": "Min motivering."})
    assert saved.status_code == 303
    assert (_cell(app).note, _cell(app).rationale) == ("Deras kommentar.", "Min motivering.")
    # Now a real clash: both change the value. Nothing is saved, the box is in words.
    form_mine, form_theirs = _cell_form(mine), _cell_form(theirs)
    assert post(theirs, CELL, {**form_theirs, "value": "1"}).status_code == 303
    clash = post(mine, CELL, {**form_mine, "value": "-1", "note": "Min kommentar."})
    page = _text(clash)
    assert clash.status_code == 409 and _cell(app).value == 1
    assert "Någon annan har ändrat samma sak medan du arbetade" in page
    assert 'name="val-value"' in page and "Emot" in page and "För" in page
    assert _textarea(page, "note") == "Min kommentar."  # my input is still in the form
    again = {**form_mine, "value": "-1", "note": "Min kommentar.", "val-value": "min",
             "base": _value(page, "base"), "row_version": _value(page, "row_version")}
    assert post(mine, CELL, again).status_code == 303
    assert (_cell(app).value, _cell(app).note) == (-1, "Min kommentar.")
