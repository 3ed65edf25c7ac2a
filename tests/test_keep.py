"""Never lose input (compass.admin.keep): a form that could not be saved comes back filled,
with a fresh token and an explanation; and admin error pages keep the admin navigation."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from test_admin_support import (
    PASSWORD,
    editor_client,
    load_exempel,
    login,
    make_user,
    new_draft,
    post,
    set_row,
    token_from,
)

from compass.models import KeptForm, Statement

ORIGIN = {"Origin": "http://localhost"}  # browsers send it with every form POST
TYPED = "Det bör finnas fler ordningsvakter i centrum på kvällarna."
EDIT = "/admin/exempel/v{v}/pastaenden/ordningsvakter"


def _statement_form(v: int) -> dict:
    return {"text": TYPED, "theme": "Trygghet", "direction": "more",
            "easy_read": "Fler vakter.", "background": "Bakgrund.", "key": "ordningsvakter"}


def _kept_rows(app) -> int:
    with app.extensions["db_engine"].connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(KeptForm)).scalar_one()


def _stored_text(app, version: int) -> str:
    with app.extensions["db_engine"].connect() as conn:
        set_id = set_row(app, "exempel", version)["id"]
        return conn.execute(sa.select(Statement.text).where(
            Statement.question_set_id == set_id, Statement.key == "ordningsvakter")).scalar_one()


def _multipart(fields: dict) -> dict:
    # Encoded here: the test client spools large multipart bodies to a temporary file that a
    # 413 leaves unclosed.
    boundary = "----keep-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def _open_in_draft(client, refused_page: str):
    """Press the refused page's button that opens the kept form in a draft."""
    kept = re.search(r'name="behallet" value="([^"]+)"', refused_page).group(1)
    return client.post("/admin/exempel/behallet", data={
        "csrf_token": token_from(refused_page), "behallet": kept})


def _draft(app):
    load_exempel(app)
    client = editor_client(app)
    return client, new_draft(client, "exempel")


def test_an_expired_form_token_brings_the_form_back_filled_once(app):
    client, v = _draft(app)
    before = _stored_text(app, v)
    sent = client.post(EDIT.format(v=v), data={"csrf_token": "stale", **_statement_form(v)},
                       headers=ORIGIN)
    assert sent.status_code == 303 and sent.headers["Location"].endswith(EDIT.format(v=v))
    assert _stored_text(app, v) == before  # nothing was saved
    page = client.get(EDIT.format(v=v)).get_data(as_text=True)
    assert TYPED in page
    assert "Formuläret hade gått ut" in page and "kontrollera det och spara" in page
    assert token_from(page) != "stale"
    # Shown once: a reload shows the stored statement, and nothing is kept any more.
    assert TYPED not in client.get(EDIT.format(v=v)).get_data(as_text=True)
    assert _kept_rows(app) == 0
    # The one explicit save stores it.
    saved = post(client, EDIT.format(v=v), _statement_form(v))
    assert saved.status_code == 303
    assert _stored_text(app, v) == TYPED


def test_a_form_sent_after_the_login_ended_comes_back_after_logging_in_again(app):
    client, v = _draft(app)
    make_user(app, "ann@example.org")
    anonymous = app.test_client()
    sent = anonymous.post(EDIT.format(v=v), data={"csrf_token": "gone", **_statement_form(v)},
                          headers=ORIGIN)
    assert sent.status_code == 303
    assert "/admin/login?next=" in sent.headers["Location"]
    login_page = anonymous.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Du hade blivit utloggad" in login_page
    assert "fylls i igen när du har loggat in" in login_page
    signed_in = anonymous.post(sent.headers["Location"], data={
        "csrf_token": token_from(login_page), "email": "ann@example.org",
        "password": PASSWORD})
    assert signed_in.status_code == 303
    assert signed_in.headers["Location"].endswith(EDIT.format(v=v))
    page = anonymous.get(EDIT.format(v=v)).get_data(as_text=True)
    assert TYPED in page and "Du hade blivit utloggad, så ingenting sparades" in page


def test_passwords_are_never_kept(app):
    client = editor_client(app, "admin")
    sent = client.post("/admin/anvandare", headers=ORIGIN, data={
        "csrf_token": "stale", "email": "ny@example.org", "role": "editor",
        "password": "hemligt-lösenord-123", "confirm": "hemligt-lösenord-123"})
    assert sent.status_code == 303
    with app.extensions["db_engine"].connect() as conn:
        stored = conn.execute(sa.select(KeptForm.data)).scalar_one()
    assert "ny@example.org" in stored and "hemligt" not in stored
    page = client.get("/admin/anvandare").get_data(as_text=True)
    assert 'value="ny@example.org"' in page and "hemligt" not in page
    assert "Lösenord fylls aldrig i igen" in page


def test_a_post_from_another_site_is_refused_and_nothing_is_kept(app):
    client, v = _draft(app)
    sent = client.post(EDIT.format(v=v), data={"csrf_token": "x", **_statement_form(v)},
                       headers={"Origin": "https://evil.example"})
    assert sent.status_code == 400
    without_origin = client.post(EDIT.format(v=v), data=_statement_form(v))
    assert without_origin.status_code == 400
    assert _kept_rows(app) == 0


def test_a_form_on_a_version_published_meanwhile_opens_filled_in_a_new_draft(app):
    client, v = _draft(app)
    form_page = client.get(EDIT.format(v=v)).get_data(as_text=True)
    token = token_from(form_page)
    assert post(client, f"/admin/exempel/v{v}/publicera").status_code == 303  # a colleague
    refused = client.post(EDIT.format(v=v), data={"csrf_token": token, **_statement_form(v)},
                          headers=ORIGIN)
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert f"Version {v} är publicerad" in html and "inget är förlorat" in html
    assert "Skapa ett utkast och fyll i formuläret där" in html
    opened = _open_in_draft(client, html)
    assert opened.status_code == 303
    assert opened.headers["Location"].endswith(EDIT.format(v=v + 1))
    assert set_row(app, "exempel", v + 1)["status"] == "draft"
    page = client.get(EDIT.format(v=v + 1)).get_data(as_text=True)
    assert TYPED in page
    assert f"Version {v} publicerades medan du skrev" in page
    assert f"Utkastet version {v + 1} är skapat från den" in page
    # The draft's own row version is in the form: one save goes through.
    row_version = re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)
    saved = post(client, EDIT.format(v=v + 1), {**_statement_form(v), "row_version": row_version})
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    assert _stored_text(app, v + 1) == TYPED
    assert _stored_text(app, v) != TYPED  # the published version never changes


def test_a_paste_over_the_limit_comes_back_filled_with_the_limit_named(app):
    client, v = _draft(app)
    url = f"/admin/exempel/v{v}/kallor/ny"
    token = token_from(client.get(url).get_data(as_text=True))
    fields = {"csrf_token": token, "title": "Långt program", "publisher": "Parti A",
              "year": "2022", "key": ""}
    # Over the source text limit (2 MB) but inside the request: the form's own error.
    over_text = client.post(url, **_multipart({**fields, "text": "å" * (1024 * 1024 + 10)}),
                            headers=ORIGIN)
    assert over_text.status_code == 400
    assert "en källtext får vara högst 2\u00a0MB" in over_text.get_data(as_text=True)
    # Over the request limit (3 MB): kept, and the form comes back filled with the limits named.
    pasted = "Ett mycket långt partiprogram. " * 130_000  # about 4 MB
    too_big = client.post(url, **_multipart({**fields, "text": pasted}), headers=ORIGIN)
    assert too_big.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert 'value="Långt program"' in page and pasted[:5000] in page
    assert "mer än de 3\u00a0MB som kan tas emot" in page
    assert "En källtext får vara högst 2\u00a0MB" in page


def test_admin_error_pages_keep_the_admin_navigation(app):
    client = editor_client(app)
    for url, code in (("/admin/finns-inte/v1/", 404), ("/admin/anvandare", 403),
                      ("/admin/exempel/v1/nope/nope/nope", 404)):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == code, url
        assert 'class="admin-bar"' in html and "Logga ut" in html, url
        assert f"Fel {code}" in html
    button = client.post("/admin/logout", data={})
    assert button.status_code == 400
    html = button.get_data(as_text=True)
    assert "Formuläret kunde inte tas emot" in html and 'class="admin-bar"' in html
    assert "CSRF" not in html
    too_big = client.post("/admin/importera", data=b"x" * (3 * 1024 * 1024 + 1),
                          content_type="application/x-www-form-urlencoded")
    html = too_big.get_data(as_text=True)
    assert too_big.status_code == 413 and "högst 3\u00a0MB" in html and 'class="admin-bar"' in html
    # Outside the admin the public layout stays.
    assert 'class="admin-bar"' not in app.test_client().get("/finns-inte").get_data(
        as_text=True)


# Every kind of admin form comes back the same way (the mechanism knows no form by name).
FORMS = [
    ("pastaenden/ordningsvakter", {"text": "Markerad text om vakter.", "theme": "Trygghet",
                                   "direction": "more", "key": "ordningsvakter"},
     "Markerad text om vakter."),
    ("partier/a", {"name": "Markerat partinamn", "short_name": "A", "colour": "#1a5e20",
                   "key": "a"}, "Markerat partinamn"),
    ("kallor/a-program/andra", {"title": "Markerad titel", "publisher": "Parti A",
                                "year": "2022", "text": "Vi vill ha fler vakter."},
     "Markerad titel"),
    ("matris/ordningsvakter/a", {"value": "1", "quote": "Vi vill ha fler vakter.",
                                 "source": "a-program", "note": "Markerad kommentar",
                                 "evidence": "", "review_status": "not_asked"},
     "Markerad kommentar"),
    ("uppgifter", {"title": "Markerad omgång", "description": "Beskrivning.",
                   "municipality": "Exempelstad", "year": "2022", "language": "sv",
                   "levels": "5", "missing": "exclude", "coded_by": "Redaktionen",
                   "actors": "partier"}, "Markerad omgång"),
]


@pytest.mark.parametrize("page, fields, marker", FORMS, ids=[f[0] for f in FORMS])
def test_every_draft_form_comes_back_after_an_expired_token(app, page, fields, marker):
    client, v = _draft(app)
    url = f"/admin/exempel/v{v}/{page}"
    assert marker not in client.get(url).get_data(as_text=True)
    sent = client.post(url, data={"csrf_token": "stale", **fields}, headers=ORIGIN)
    assert sent.status_code == 303
    restored = client.get(url).get_data(as_text=True)
    assert marker in restored and "Formuläret hade gått ut" in restored
    if page == "partier/a":  # no source ticked in the sent form: none ticked when it is back
        assert not re.search(r'checked[^>]*value="a-program"', restored)


@pytest.mark.parametrize("page, fields, marker", FORMS, ids=[f[0] for f in FORMS])
def test_every_draft_form_typed_on_a_version_published_meanwhile_opens_in_a_draft(
        app, page, fields, marker):
    client, v = _draft(app)
    url = f"/admin/exempel/v{v}/{page}"
    token = token_from(client.get(url).get_data(as_text=True))
    assert post(client, f"/admin/exempel/v{v}/publicera").status_code == 303
    refused = client.post(url, data={"csrf_token": token, **fields}, headers=ORIGIN)
    assert refused.status_code == 409 and "inget är förlorat" in refused.get_data(as_text=True)
    opened = _open_in_draft(client, refused.get_data(as_text=True))
    assert opened.headers["Location"].endswith(f"/admin/exempel/v{v + 1}/{page}")
    restored = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert marker in restored and f"Version {v} publicerades medan du skrev" in restored


def test_a_500_and_a_429_inside_the_admin_keep_the_admin_layout(app):
    def boom():
        raise RuntimeError("a bug")

    app.add_url_rule("/admin/fel-med-flit", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = editor_client(app)
    crashed = client.get("/admin/fel-med-flit")
    html = crashed.get_data(as_text=True)
    assert crashed.status_code == 500
    assert "Fel 500" in html and 'class="admin-bar"' in html and "a bug" not in html
    anonymous = app.test_client()
    for _ in range(6):
        limited = login(anonymous, "x@example.org", "fel lösenord")
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "För många försök" in html and "css/admin.css" in html


def test_kept_forms_older_than_a_day_are_removed(app):
    import datetime as dt

    client, v = _draft(app)
    url = EDIT.format(v=v)
    client.post(url, data={"csrf_token": "stale", **_statement_form(v)}, headers=ORIGIN)
    with app.extensions["db_engine"].begin() as conn:
        conn.execute(sa.update(KeptForm).values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)))
    other = editor_client(app, "admin")
    other.post("/admin/anvandare", data={"csrf_token": "stale", "email": "n@example.org"},
               headers=ORIGIN)
    with app.extensions["db_engine"].connect() as conn:
        emails = [row.data for row in conn.execute(sa.select(KeptForm.data))]
    assert len(emails) == 1 and "n@example.org" in emails[0]


def test_a_form_kept_on_a_published_version_opens_in_the_draft_that_already_exists(app):
    client, v = _draft(app)
    token = token_from(client.get(EDIT.format(v=v)).get_data(as_text=True))
    assert post(client, f"/admin/exempel/v{v}/publicera").status_code == 303
    assert new_draft(client, "exempel") == v + 1  # a colleague is already at work in it
    refused = client.post(EDIT.format(v=v), data={"csrf_token": token, **_statement_form(v)},
                          headers=ORIGIN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert f"Det finns redan ett utkast, version {v + 1}" in html
    assert f"Öppna formuläret i utkastet version {v + 1}" in html
    opened = _open_in_draft(client, html)
    assert opened.headers["Location"].endswith(EDIT.format(v=v + 1))
    assert set_row(app, "exempel", v + 2) == {}  # no second draft
    page = client.get(EDIT.format(v=v + 1)).get_data(as_text=True)
    assert TYPED in page and f"Utkastet version {v + 1} fanns redan" in page
    # Nothing kept any more: the button says so instead of opening anything.
    again = client.post("/admin/exempel/behallet", data={"csrf_token": token_from(page)})
    assert again.status_code == 303 and again.headers["Location"].endswith("/admin/exempel/")


def test_forms_kept_in_two_tabs_both_come_back(app):
    client, v = _draft(app)
    party = {"name": "Markerat partinamn", "short_name": "A", "colour": "#1a5e20", "key": "a"}
    for url, fields in ((EDIT.format(v=v), _statement_form(v)),
                        (f"/admin/exempel/v{v}/partier/a", party)):
        sent = client.post(url, data={"csrf_token": "stale", **fields}, headers=ORIGIN)
        assert sent.status_code == 303
    assert _kept_rows(app) == 2
    assert "Markerat partinamn" in client.get(f"/admin/exempel/v{v}/partier/a").get_data(
        as_text=True)
    assert TYPED in client.get(EDIT.format(v=v)).get_data(as_text=True)
    assert _kept_rows(app) == 0


def test_a_file_over_the_limit_keeps_the_other_fields_and_says_to_choose_it_again(app):
    client, v = _draft(app)
    url = f"/admin/exempel/v{v}/kallor/ny"
    token = token_from(client.get(url).get_data(as_text=True))
    boundary = "----keep-file-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nStor fil\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
            f'filename="program.pdf"\r\nContent-Type: application/pdf\r\n\r\n').encode()
    body += b"%PDF" + b"0" * (4 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    sent = client.post(url, data=body, headers=ORIGIN,
                       content_type=f"multipart/form-data; boundary={boundary}")
    assert sent.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert 'value="Stor fil"' in page
    assert "Formuläret var 4\u00a0MB med filen" in page and "välj filen igen" in page
    with app.extensions["db_engine"].connect() as conn:
        stored = conn.execute(sa.select(KeptForm.data)).all()
    assert stored == []  # shown once, and the file itself was never kept
