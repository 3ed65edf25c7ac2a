"""The question-set editor: statements, parties, cells, sources, evidence, publishing."""

from __future__ import annotations

import io
import re

import pytest
from helpers import table_counts
from test_admin_support import (
    editor_client,
    new_draft,
    post,
    set_row,
    token_from,
)

V2 = "/admin/exempel/v2"
QUOTE_A = "Kameraövervakning ska byggas ut där brotten är många."


def _statement(text="Kommunen bör ha fler trygghetsvärdar.", **extra):
    return {"text": text, "theme": "Ordning och närvaro", "direction": "more",
            "easy_read": "Fler trygghetsvärdar.", "background": "Trygghetsvärdar är anställda.",
            **extra}


def _row_version(html: str) -> str:
    return re.search(r'<input[^>]*name="row_version"[^>]*value="(\d+)"', html).group(1)


def test_statements_create_edit_reorder_delete(app, editor):
    created = post(editor, f"{V2}/pastaenden/ny", _statement())
    assert created.status_code == 303
    assert created.headers["Location"].endswith("/pastaenden/kommunen-bor-ha-fler-trygghetsvardar")
    dup = post(editor, f"{V2}/pastaenden/ny", _statement(key="ordningsvakter"))
    assert dup.status_code == 400 and "används redan" in dup.get_data(as_text=True)
    listing = editor.get(f"{V2}/pastaenden").get_data(as_text=True)
    assert listing.index("fler ordningsvakter") < listing.index("fler trygghetsvärdar")
    moved = post(editor, f"{V2}/pastaenden/kommunen-bor-ha-fler-trygghetsvardar/flytta",
                 {"riktning": "upp"})
    assert moved.status_code == 303
    listing = editor.get(f"{V2}/pastaenden").get_data(as_text=True)
    assert listing.index("fler trygghetsvärdar") < listing.index("restriktiv med")
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    edited = post(editor, f"{V2}/pastaenden/ordningsvakter", _statement(
        text="Kommunen bör anställa ännu fler ordningsvakter.", key="vakter",
        row_version=_row_version(page)))
    assert edited.headers["Location"].endswith("/pastaenden/vakter")
    # A new statement starts with no stated position for every party.
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'id="c-kommunen-bor-ha-fler-trygghetsvardar-a" class="cell cell-none' in matrix
    assert post(editor, f"{V2}/pastaenden/vakter/radera").status_code == 303
    assert "ännu fler ordningsvakter" not in editor.get(f"{V2}/pastaenden").get_data(as_text=True)
    log = editor.get("/admin/exempel/logg").get_data(as_text=True)
    for action in ("Påstående tillagt", "Påstående flyttat", "Påstående ändrat",
                   "Påstående borttaget", "Utkast skapat"):
        assert action in log
    assert "redaktor@example.org" not in log  # the editor_client user is editor@example.org
    assert "editor@example.org" in log
    assert "Kommunen bör anställa ännu fler ordningsvakter." in log  # before/after kept


def test_parties_create_edit_reorder_delete(app, editor):
    party = {"name": "Parti C i Exempelstad", "short_name": "C", "colour": "#0B5CAD",
             "sources": ["a-program"]}
    assert post(editor, f"{V2}/partier/ny", party).status_code == 303
    bad = post(editor, f"{V2}/partier/ny", {**party, "colour": "blå", "sources": ["nej"]})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Skriv färgen som #rrggbb." in html and "är inte ett giltigt val" in html
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'id="c-ordningsvakter-c"' in matrix
    assert post(editor, f"{V2}/partier/c/flytta", {"riktning": "upp"}).status_code == 303
    listing = editor.get(f"{V2}/partier").get_data(as_text=True)
    assert listing.index("Parti C") < listing.index("Parti B")
    page = editor.get(f"{V2}/partier/c").get_data(as_text=True)
    assert 'value="#0b5cad"' in page
    yellow = {**party, "colour": "#ffff00", "sources": [], "row_version": _row_version(page)}
    # A light colour is a warning on the party's form (bars are drawn in it), not an error:
    # nothing is saved until the editor confirms it.
    warned = post(editor, f"{V2}/partier/c", yellow)
    assert warned.status_code == 200 and "1,07:1" in warned.get_data(as_text=True)
    saved = post(editor, f"{V2}/partier/c", {**yellow, "spara_anda": "1"})
    assert saved.status_code == 303
    version_page = editor.get(f"{V2}/").get_data(as_text=True)
    assert "kontrast" not in version_page and "Validatorn hittar inga problem" in version_page
    # Changing only the party's sources still counts as a change for the row version.
    page = editor.get(f"{V2}/partier/c").get_data(as_text=True)
    post(editor, f"{V2}/partier/c", {**party, "colour": "#ffff00", "sources": ["b-program"],
                                     "row_version": _row_version(page), "spara_anda": "1"})
    assert _row_version(editor.get(f"{V2}/partier/c").get_data(as_text=True)) == str(
        int(_row_version(page)) + 1)
    assert post(editor, f"{V2}/partier/c/radera").status_code == 303
    assert "Parti C" not in editor.get(f"{V2}/partier").get_data(as_text=True)


def test_simultaneous_saves_get_a_409_page_not_a_500(app, editor, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from compass.admin import content

    def collide(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO statement", {}, Exception("unique"))

    monkeypatch.setattr(content, "create_statement", collide)
    response = post(editor, f"{V2}/pastaenden/ny", _statement())
    assert response.status_code == 409
    assert "Någon annan ändrade samtidigt" in response.get_data(as_text=True)


def test_a_form_that_collides_with_a_simultaneous_save_comes_back_filled(app, editor,
                                                                         monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from compass.admin import content

    def collide(*_args, **_kwargs):
        raise IntegrityError("INSERT INTO statement", {}, Exception("unique"))

    monkeypatch.setattr(content, "create_statement", collide)
    url = f"{V2}/pastaenden/ny"
    sent = post(editor, url, _statement(text="Min text som inte får försvinna."),
                headers={"Referer": f"http://localhost{url}"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(url)
    page = editor.get(url).get_data(as_text=True)
    assert "Någon annan sparade samma sak i samma ögonblick" in page
    assert "Min text som inte får försvinna." in page
    assert "Min text" not in editor.get(url).get_data(as_text=True)  # shown once


def test_cell_editing_shows_verification_and_problems(app, editor):
    cell = f"{V2}/matris/kameror-restriktivt/a"
    page = editor.get(cell).get_data(as_text=True)
    assert 'value="0"' in page  # row version 1 is the stored one; 0 would mean "no row"
    version = _row_version(page)
    saved = post(editor, cell, {"value": "-1", "quote": QUOTE_A, "source": "a-program",
                                "note": "Vill bygga ut.", "row_version": version})
    assert saved.status_code == 303
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'id="c-kameror-restriktivt-a" class="cell cell-ok' in matrix
    page = editor.get(cell).get_data(as_text=True)
    typo = post(editor, cell, {"value": "-1", "quote": "Kameror ska byggas ut överallt.",
                               "source": "a-program", "row_version": _row_version(page)})
    assert typo.status_code == 303
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'class="cell cell-bad cell-problem' in matrix
    assert "Citatet finns inte ordagrant i källan &#39;a-program&#39; (jämförs" in matrix
    refused = post(editor, f"{V2}/publicera", follow_redirects=True)
    assert "1 problem som måste rättas" in refused.get_data(as_text=True)
    assert set_row(app, "exempel", 2)["status"] == "draft"
    page = editor.get(cell).get_data(as_text=True)
    missing = post(editor, cell, {"value": "2", "quote": "", "source": "",
                                  "row_version": _row_version(page)})
    assert missing.status_code == 400
    assert "En ståndpunkt behöver ett ordagrant citat." in missing.get_data(as_text=True)
    # No stated position drops the stored quote, so the validator is satisfied again.
    cleared = post(editor, cell, {"value": "ingen", "quote": "Kameror ska byggas ut överallt.",
                                  "source": "a-program",
                                  "note": "Säger inget.", "row_version": _row_version(page)})
    assert cleared.status_code == 303
    assert post(editor, f"{V2}/publicera").status_code == 303
    assert set_row(app, "exempel", 2)["status"] == "published"


def test_saving_over_someone_elses_change_is_a_409_that_keeps_the_input(app, editor):
    other = editor_client(app, "admin")
    cell = f"{V2}/matris/kameror-restriktivt/b"
    mine = _row_version(editor.get(cell).get_data(as_text=True))
    theirs = _row_version(other.get(cell).get_data(as_text=True))
    assert mine == theirs
    assert post(other, cell, {"value": "1", "quote": "Kameror ska användas restriktivt.",
                              "source": "b-program", "note": "Den andras kommentar.",
                              "row_version": theirs}).status_code == 303
    conflict = post(editor, cell, {"value": "-2", "quote": "Kameror ska användas restriktivt.",
                                   "source": "b-program", "note": "Min kommentar.",
                                   "row_version": mine})
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Någon annan har ändrat samma sak medan du arbetade" in html
    assert "Min kommentar." in html and "Den andras kommentar." in html  # nothing lost
    assert re.search(r'<input checked[^>]*value="-2"', html)  # my choice is still selected
    stored = editor.get(cell).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="1"', stored)
    # Saving again overwrites only knowingly: each clashing field names its choice.
    clashing = set(re.findall(r'name="val-([a-z_]+)"', html))
    assert {"value", "note"} <= clashing
    again = post(editor, cell, {"value": "-2", "quote": "Kameror ska användas restriktivt.",
                                "source": "b-program", "note": "Min kommentar.",
                                "row_version": _row_version(html),
                                **{f"val-{name}": "min" for name in clashing}})
    assert again.status_code == 303
    # The same protection on statements.
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    assert post(other, f"{V2}/pastaenden/ordningsvakter", _statement(
        text="Den andras text.", row_version=_row_version(page))).status_code == 303
    late = post(editor, f"{V2}/pastaenden/ordningsvakter", _statement(
        text="Min text.", row_version=_row_version(page)))
    assert late.status_code == 409
    assert "Min text." in late.get_data(as_text=True)
    assert "Den andras text." in late.get_data(as_text=True)


def test_published_versions_refuse_every_change(app, editor):
    published = set_row(app, "exempel", 1)
    counts = table_counts(app)
    token = token_from(editor.get("/admin/").get_data(as_text=True))
    walked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/<slug>/v<int:version>/") or "POST" not in rule.methods:
            continue
        url = rule.rule.replace("<slug>", "exempel").replace("<int:version>", "1")
        url = re.sub(r"<(?:int:)?(key|statement|party|line|order)>", lambda m: {
            "key": "a-program", "statement": "ordningsvakter", "party": "a", "line": "1",
            "order": "0"}[m.group(1)], url)
        responses = [editor.post(url, data={"csrf_token": token})]
        if "GET" in rule.methods:
            responses.append(editor.get(url))
        for response in responses:
            assert response.status_code == 409, url
            assert "är publicerad och kan inte ändras" in response.get_data(as_text=True)
        walked += 1
    assert walked >= 15
    assert table_counts(app) == counts
    assert set_row(app, "exempel", 1) == published
    # Read-only pages of a published version still work.
    for page in ("/", "/matris", "/balans", "/kallor/a-program", "/forhandsvisning"):
        assert editor.get(f"/admin/exempel/v1{page}").status_code == 200, page


def test_problems_are_listed_inline_and_block_publishing_until_fixed(app, editor):
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    too_long = "Kommunen bör " + "verkligen " * 18 + "anställa fler ordningsvakter."
    assert len(too_long) > 200
    refused_form = post(editor, f"{V2}/pastaenden/ordningsvakter", _statement(
        text=too_long, row_version=_row_version(page)))
    assert refused_form.status_code == 400  # the form knows the validator's limit
    assert "Högst 200 tecken." in refused_form.get_data(as_text=True)
    cell = f"{V2}/matris/ordningsvakter/a"
    page = editor.get(cell).get_data(as_text=True)
    post(editor, cell, {"value": "1", "quote": "Fler vakter behövs.", "source": "a-program",
                        "row_version": _row_version(page)})
    overview = editor.get(f"{V2}/").get_data(as_text=True)
    assert "Påstående 1 (ordningsvakter), parti a" in overview
    assert "Citatet finns inte ordagrant i källan" in overview
    refused = post(editor, f"{V2}/publicera", follow_redirects=True)
    assert "1 problem" in refused.get_data(as_text=True)
    assert set_row(app, "exempel", 2)["status"] == "draft"
    page = editor.get(cell).get_data(as_text=True)
    cleared = post(editor, cell, {"value": "ingen", "quote": "", "source": "",
                                  "row_version": _row_version(page)})
    assert cleared.status_code == 303, cleared.get_data(as_text=True)[-3000:]
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    post(editor, f"{V2}/pastaenden/ordningsvakter", _statement(
        text="Kommunen bör anställa fler ordningsvakter nu.", row_version=_row_version(page)))
    fixed = editor.get(f"{V2}/").get_data(as_text=True)
    assert "Validatorn hittar inga problem" in fixed, fixed[fixed.find("<main"):][:3000]
    assert post(editor, f"{V2}/publicera").status_code == 303
    voter = app.test_client()
    assert "version 2" in voter.get("/omgang/exempel/").get_data(as_text=True)
    assert "fler ordningsvakter nu" in voter.get(
        "/omgang/exempel/v2/pastaende/1").get_data(as_text=True)
    assert "fler ordningsvakter." in voter.get(
        "/omgang/exempel/v1/pastaende/1").get_data(as_text=True)  # old version unchanged


def test_preview_and_balance_follow_the_draft(app, editor):
    preview = editor.get(f"{V2}/forhandsvisning?s0=2&s1=hoppa").get_data(as_text=True)
    assert "Resultat för svaren nedan" in preview and "100" in preview
    page = editor.get(f"{V2}/pastaenden/ordningsvakter").get_data(as_text=True)
    post(editor, f"{V2}/pastaenden/ordningsvakter", _statement(
        text="Helt ny formulering.", row_version=_row_version(page)))
    assert "Helt ny formulering." in editor.get(f"{V2}/forhandsvisning").get_data(as_text=True)
    diff = editor.get("/admin/exempel/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "<dt>Text</dt><dd><del>Kommunen bör anställa fler ordningsvakter.</del>" in diff
    assert "<ins>Helt ny formulering.</ins>" in diff
    assert editor.get(f"{V2}/forhandsvisning?s0=7").status_code == 400
    balance = editor.get(f"{V2}/balans").get_data(as_text=True)
    assert "Högsta möjliga matchning" in balance or "högsta möjliga matchning" in balance
    assert "Påståenden där högst ett parti har uttalat sig" in balance


def test_sources_paste_upload_view_and_delete(app, editor):
    pasted = post(editor, f"{V2}/kallor/ny", {
        "title": "Valmanifest", "publisher": "Parti A", "year": "2026",
        "url": "https://example.org/a", "parties": ["a"],
        "text": "Partiet vill:\nFler trygghetsvärdar.\n• Mer belysning i parker."})
    assert pasted.status_code == 303
    assert pasted.headers["Location"].endswith("/kallor/valmanifest")
    upload = post(editor, f"{V2}/kallor/ny", {
        "title": "Uppladdad", "publisher": "Parti B", "parties": ["b"],
        "upload": (io.BytesIO("Vi vill ha fler kameror på torget.".encode()), "text.md")},
        content_type="multipart/form-data")
    assert upload.status_code == 303
    counts = table_counts(app)
    for name, payload, message in (
            ("fil.pdf", b"%PDF-1.4", "Filen går inte att läsa."),
            ("fil.odt", b"PK", "(.txt eller .md)"),
            ("fil.txt", "latin-1: åäö".encode("latin-1"), "UTF-8"),
            ("fil.txt", b"  \n ", "Filen är tom."),
            ("fil.txt", b"a\x00b", "inte ut att vara text")):
        bad = post(editor, f"{V2}/kallor/ny", {"title": "X", "publisher": "Y",
                                               "upload": (io.BytesIO(payload), name)},
                   content_type="multipart/form-data")
        assert bad.status_code == 400 and message in bad.get_data(as_text=True), name
    no_text = post(editor, f"{V2}/kallor/ny", {"title": "X", "publisher": "Y"})
    assert "Klistra in texten eller ladda upp" in no_text.get_data(as_text=True)
    bad_url = post(editor, f"{V2}/kallor/ny", {"title": "X", "publisher": "Y", "text": "T.",
                                                "url": "ftp://x"})
    assert "ska börja med https://" in bad_url.get_data(as_text=True)
    assert table_counts(app) == counts
    shown = editor.get(f"{V2}/kallor/b-program").get_data(as_text=True)
    assert "<mark>Vi vill ha fler ordningsvakter.</mark>" in shown
    used = post(editor, f"{V2}/kallor/b-program/radera", follow_redirects=True)
    assert "Källan används som citatkälla i 2 rutor" in used.get_data(as_text=True)
    assert post(editor, f"{V2}/kallor/uppladdad/radera").status_code == 303
    proposals = editor.get(f"{V2}/kallor/valmanifest/forslag").get_data(as_text=True)
    assert "Fler trygghetsvärdar." in proposals and "Mer belysning i parker." in proposals
    made = post(editor, f"{V2}/kallor/valmanifest/forslag/2")
    assert made.status_code == 303
    statement = editor.get(made.headers["Location"]).get_data(as_text=True)
    assert "\nFler trygghetsvärdar.</textarea>" in statement
    assert post(editor, f"{V2}/kallor/valmanifest/forslag/99").status_code == 404


def test_evidence_finder_fills_the_cell_editor(app, editor):
    found = editor.get(f"{V2}/bevis?q=kamera").get_data(as_text=True)
    assert "<mark>Kameraövervakning</mark> ska byggas ut där brotten är många." in found
    assert "<mark>Kameror</mark> ska användas restriktivt." in found
    assert "del av sammansatt ord" in found and "samma ordstam" in found
    assert "stam</span>" not in found and "”kamer”" in found
    targeted = editor.get(f"{V2}/bevis?q=kamera&pastaende=kameror-restriktivt")
    link = re.search(r'href="(/admin/exempel/v2/bevis/anvand\?[^"]+parti=a[^"]*)"',
                     targeted.get_data(as_text=True)).group(1).replace("&amp;", "&")
    opened = editor.get(link)
    assert opened.status_code == 303
    cell = editor.get(opened.headers["Location"]).get_data(as_text=True)
    assert f"{QUOTE_A}</textarea>" in cell
    assert re.search(r'<option selected value="a-program">|value="a-program" selected', cell)
    assert "ifyllda från bevissökningen" in cell
    assert editor.get(f"{V2}/bevis?q=").status_code == 400
    no_target = editor.get(f"{V2}/bevis/anvand?parti=a&citat=x&kalla=a-program")
    assert no_target.status_code == 303 and "/bevis" in no_target.headers["Location"]


BAD_INPUT = [
    ("get", "/admin/finns-inte/", None, 404),
    ("get", "/admin/exempel/v9/", None, 404),
    ("get", f"{V2}/matris/finns/inte", None, 404),
    ("get", f"{V2}/pastaenden/finns-inte", None, 404),
    ("get", f"{V2}/kallor/finns-inte", None, 404),
    ("get", "/admin/exempel/jamfor?fran=abc", None, 400),
    ("get", "/admin/exempel/jamfor?fran=1&till=7", None, 404),
    ("get", "/admin/exempel/logg?sida=-1", None, 400),
    ("post", f"{V2}/uppgifter", {"title": "T", "year": "tjugo"}, 400),
    ("post", "/admin/ny", {"slug": "Stora Bokstäver"}, 400),
    ("post", f"{V2}/pastaenden/ny", {"text": "", "direction": "upp"}, 400),
    ("post", f"{V2}/pastaenden/ordningsvakter/flytta", {"riktning": "sidled"}, 400),
    ("post", f"{V2}/matris/ordningsvakter/a", {"value": "7", "row_version": "1"}, 400),
    ("post", f"{V2}/matris/ordningsvakter/a", {"value": "1", "quote": "x",
                                               "source": "b-program", "row_version": "1"}, 400),
    ("post", f"{V2}/partier/ny", {"name": "x" * 300}, 400),
    ("post", f"{V2}/importera-csv", {}, 400),
]


def test_bad_input_gets_a_clear_error_and_changes_nothing(app, editor):
    counts, before = table_counts(app), set_row(app, "exempel", 2)
    for method, url, data, status in BAD_INPUT:
        if method == "get":
            response = editor.get(url)
        else:
            response = post(editor, url, data)
        assert response.status_code == status, (method, url)
        assert "<h1>" in response.get_data(as_text=True)  # a page that says why
    assert table_counts(app) == counts and set_row(app, "exempel", 2) == before


def test_new_set_metadata_and_discarding_a_draft(app, editor):
    created = post(editor, "/admin/ny", {
        "slug": "ny-omgang", "title": "Ny omgång", "description": "Om skolan.",
        "municipality": "Lund", "year": "2026", "language": "sv", "levels": "3",
        "missing": "neutral", "coded_by": "Redaktionen"})
    assert created.status_code == 303
    overview = editor.get("/admin/ny-omgang/v1/").get_data(as_text=True)
    assert "En frågeomgång behöver minst ett parti." in overview
    again = post(editor, "/admin/ny", {
        "slug": "ny-omgang", "title": "Igen", "description": "d", "municipality": "m",
        "year": "2026", "language": "sv", "levels": "5", "missing": "exclude",
        "coded_by": "r"})
    assert again.status_code == 400 and "ny-omgang" in again.get_data(as_text=True)
    form = editor.get(f"{V2}/uppgifter").get_data(as_text=True)
    assert 'value="Exempelomgång"' in form
    saved = post(editor, f"{V2}/uppgifter", {
        "title": "Exempel, andra upplagan", "description": "Ny.", "municipality": "Exempelstad",
        "year": "2026", "language": "sv", "levels": "5", "missing": "penalize",
        "coded_by": "Redaktionen"})
    assert saved.status_code == 303
    row = set_row(app, "exempel", 2)
    assert (row["title"], row["missing_policy"], row["year"]) == (
        "Exempel, andra upplagan", "penalize", 2026)
    diff = editor.get("/admin/exempel/jamfor").get_data(as_text=True)
    assert "Från version 1 till version 2" in diff and "Exempel, andra upplagan" in diff
    # A 3-level scale puts the stored +2 positions off the scale: listed, and no crash.
    post(editor, f"{V2}/uppgifter", {
        "title": "Exempel", "description": "Ny.", "municipality": "Exempelstad",
        "year": "2026", "language": "sv", "levels": "3", "missing": "exclude",
        "coded_by": "Redaktionen"})
    assert "Värdet 2 ligger utanför skalan -1…1." in editor.get(f"{V2}/").get_data(as_text=True)
    preview = editor.get(f"{V2}/forhandsvisning?s0=1")
    assert preview.status_code == 200 and "utanför frågeomgångens svarsskala" in (
        preview.get_data(as_text=True))
    assert "ligger på svarsskalan" in editor.get(f"{V2}/balans").get_data(as_text=True)
    assert post(editor, f"{V2}/kasta").status_code == 303
    assert set_row(app, "exempel", 2) == {}
    assert new_draft(editor, "exempel") == 2


JUNK = {"title": "x" * 5000, "year": "-1", "levels": "7", "missing": "nej", "slug": "../",
        "text": " ", "theme": "\x00", "direction": "sidled", "key": "ÅÄÖ", "value": "99",
        "quote": "x", "source": "nej", "row_version": "abc", "riktning": "x", "email": "@",
        "role": "gud", "password": "x", "confirm": "y", "q": "x" * 300, "pastaende": "nej",
        "parti": "nej", "citat": "", "kalla": "nej", "fran": "-1", "till": "x", "sida": "0",
        "name": "", "short_name": "\x00", "colour": "#zzzzzz", "sources": "nej",
        "parties": "nej", "url": "javascript:alert(1)", "file": "ingen fil", "upload": "x",
        "active": "kanske", "s0": "9", "description": "\x00", "coded_by": "\x00",
        "seen": "x" * 99}
FILL = {"slug": "exempel", "version": "2", "key": "a-program", "statement": "ordningsvakter",
        "party": "a", "line": "1", "user_id": "1", "link_id": "1", "entry_id": "1"}
DESTRUCTIVE = ("/radera", "/kasta", "/logout", "/publicera")


def test_no_admin_url_answers_junk_with_a_server_error(app, editor):
    admin = editor_client(app, "admin")
    token = token_from(admin.get("/admin/").get_data(as_text=True))
    counts = table_counts(app)
    variants = (JUNK, {k: "\x00" for k in JUNK}, {k: "" for k in JUNK})
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.rule.endswith(DESTRUCTIVE):
            continue
        url = re.sub(r"<(?:int:)?(\w+)>", lambda m: FILL[m.group(1)], rule.rule)
        for junk in variants:
            if "GET" in rule.methods:
                assert admin.get(url, query_string=junk).status_code < 500, url
            if "POST" in rule.methods:
                response = admin.post(url, data={"csrf_token": token, **junk})
                assert response.status_code < 500, url
    assert admin.get("/admin/%00/").status_code == 404
    assert admin.get("/admin/exempel%00/v2/").status_code == 404
    assert table_counts(app)["statement"] == counts["statement"]  # junk created nothing
    assert set_row(app, "exempel", 2)["status"] == "draft"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_programme_upload_gives_quotable_text_with_pages(app, editor, kind):
    from programme_files import make_docx, make_pdf

    pages = [["Program för Parti B"], ["Vi vill ha fler trygghetsvärdar i centrum."]]
    payload = make_pdf(pages) if kind == "pdf" else make_docx(pages)
    upload = post(editor, f"{V2}/kallor/ny", {
        "title": "Program", "publisher": "Parti B", "parties": ["b"],
        "upload": (io.BytesIO(payload), f"program.{kind}")}, content_type="multipart/form-data")
    assert upload.status_code == 303
    shown = editor.get(f"{V2}/kallor/program").get_data(as_text=True)
    assert "Vi vill ha fler trygghetsvärdar i centrum." in shown
    cell = editor.get(f"{V2}/matris/ordningsvakter/b").get_data(as_text=True)
    saved = post(editor, f"{V2}/matris/ordningsvakter/b", {
        "value": "1", "quote": "Vi vill ha fler trygghetsvärdar", "source": "program",
        "row_version": _row_version(cell)})
    assert saved.status_code == 303
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'id="c-ordningsvakter-b" class="cell cell-ok' in matrix
