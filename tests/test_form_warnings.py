"""Colour and length problems show on the form that causes them, before anything is saved
and never next to a success message; numbers in the admin are written the Swedish way."""

from __future__ import annotations

import sqlalchemy as sa
from test_admin_support import editor_client, load_exempel, new_draft, post, set_row

from compass.models import Party, Statement

LONG = ("Kommunen bör anställa fler ordningsvakter och fältassistenter som rör sig i centrum, "
        "i bostadsområdena och vid skolorna på kvällar och helger, året runt och varje vecka.")


def _draft(app):
    load_exempel(app)
    client = editor_client(app)
    version = new_draft(client, "exempel")
    client.get(f"/admin/exempel/v{version}/")  # shows (and so clears) the draft's message
    return client, version


def _count(app, model, version: int) -> int:
    set_id = set_row(app, "exempel", version)["id"]
    with app.extensions["db_engine"].connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(model)
                            .where(model.question_set_id == set_id)).scalar_one()


def _party(**changes) -> dict:
    return {"name": "Gula partiet", "short_name": "G", "colour": "#ffff00", "key": "", **changes}


def test_a_light_party_colour_is_a_warning_on_the_form_and_saves_only_when_confirmed(app):
    client, v = _draft(app)
    url = f"/admin/exempel/v{v}/partier/ny"
    shown = post(client, url, _party())
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "kontrasten 1,07:1 mot den vita sidan" in html
    assert "Inte sparat ännu" in html and "Spara ändå" in html
    assert "Partiet är tillagt" not in html and "flash-ok" not in html
    assert 'value="Gula partiet"' in html  # the form keeps what was typed
    assert _count(app, Party, v) == 2
    saved = post(client, url, {**_party(), "spara_anda": "1"})
    assert saved.status_code == 303
    assert _count(app, Party, v) == 3


def test_a_colour_close_to_another_party_is_named_with_a_swedish_decimal(app):
    client, v = _draft(app)
    shown = post(client, f"/admin/exempel/v{v}/partier/ny", _party(colour="#1a6a20"))
    html = shown.get_data(as_text=True)
    assert "svår att skilja från A färg (ΔE 7,9)" in html
    assert _count(app, Party, v) == 2
    kept = post(client, f"/admin/exempel/v{v}/partier/ny",
                _party(colour="#1a6a20", spara_anda="1"))
    assert kept.status_code == 303
    # The overview's lint writes the same figure the way each language does.
    assert "ΔE 7,9" in client.get(f"/admin/exempel/v{v}/").get_data(as_text=True)
    assert "ΔE 7.9" in client.get(f"/admin/exempel/v{v}/?lang=en").get_data(as_text=True)
    dark = post(client, f"/admin/exempel/v{v}/partier/ny",
                _party(colour="#202a80", short_name="M", name="Mörkblå"))
    assert dark.status_code == 303  # no warning: saved at once


def test_a_long_statement_is_a_warning_on_the_form_not_a_green_message(app):
    client, v = _draft(app)
    assert 140 < len(LONG) <= 200
    url = f"/admin/exempel/v{v}/pastaenden/ny"
    fields = {"text": LONG, "theme": "Trygghet", "direction": "more", "key": ""}
    shown = post(client, url, fields)
    html = shown.get_data(as_text=True)
    assert f"{len(LONG)} tecken: påståenden över 140 tecken är svåra att läsa" in html
    assert "Påståendet är tillagt" not in html and "flash-ok" not in html
    assert _count(app, Statement, v) == 2
    saved = post(client, url, {**fields, "spara_anda": "1"})
    assert saved.status_code == 303
    assert "Påståendet är tillagt" in client.get(saved.headers["Location"]).get_data(
        as_text=True)
    assert _count(app, Statement, v) == 3


def test_each_new_party_form_starts_with_a_colour_that_earns_no_warning():
    from compass.admin.formchecks import PALETTE, colour_warnings, suggested_colour

    taken: list[str] = []
    for _ in PALETTE:
        colour = suggested_colour(taken, "#1b1b1f")
        assert colour not in taken
        assert not colour_warnings(colour, [("x", c) for c in taken])
        taken.append(colour)
    assert suggested_colour(taken, "#1b1b1f") == "#1b1b1f"  # the palette is used up
