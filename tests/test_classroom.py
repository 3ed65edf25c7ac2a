"""Classroom mode through its pages and service, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import shutil
import threading

import pytest
from helpers import DEFAULT_SET, QUESTIONS
from sqlalchemy import select, update

from compass import catalog
from compass.classroom import service, tokens
from compass.db import get_session
from compass.models import ClassResponse, ClassSession
from compass.questionsets import parse_file

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
N = 26  # statements in questions/archive/trygghet-v1.yaml
FIRST_KEYS = ["fler-ordningsvakter", "ordningshallning-polisens-uppgift", "okad-polisnarvaro",
              "polisen-bygga-fortroende"]


# ------------------------------------------------------------------------------ helpers

def csrf_from(html: str) -> str:
    """The first CSRF token in a page."""
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def make_class(app, keys: list[str] | None = None, version: int = 1) -> tuple[str, str]:
    """Open a class through the service; return (join code, teacher token)."""
    with app.app_context():
        session = get_session()
        info, token = service.create_class(session, "trygghet", version, keys)
        session.commit()
    return info.code, token


def make_student(app, code: str, answers: str, device: str | None = None) -> str:
    """Store one student's answer code through the service; return the device token."""
    device = device or tokens.new_token()
    with app.app_context():
        session = get_session()
        info = service.find_by_code(session, code)
        hashed = tokens.device_hash(code, device)
        service.join(session, info, hashed, len(answers))
        for index, char in enumerate(answers):
            if char != ".":
                service.record_answer(session, info, hashed, index, char, len(answers))
        session.commit()
    return device


def join_class(client, code: str):
    """Join a class through the pages; return the response of the start POST."""
    page = client.get(f"/klass/{code}").get_data(as_text=True)
    return client.post(f"/klass/{code}/borja", data={"csrf_token": csrf_from(page)})


def answer(client, code: str, number: int, svar: str, vikt: str = "1", **extra):
    """Answer statement `number` through its form (the page first, for the token)."""
    page = client.get(f"/klass/{code}/pastaende/{number}").get_data(as_text=True)
    return client.post(f"/klass/{code}/svara", data={
        "csrf_token": csrf_from(page), "nr": str(number), "svar": svar, "vikt": vikt, **extra})


def rows(app, code: str) -> list[tuple[str, bool]]:
    """The stored (answers, finished) rows of a class."""
    with app.app_context():
        return [tuple(r) for r in get_session().execute(
            select(ClassResponse.answers, ClassResponse.finished)
            .join(ClassSession).where(ClassSession.code == code)).all()]


def teacher_post(client, token: str, action: str, **data):
    """POST a dashboard form (close, delete) with the dashboard's CSRF token."""
    page = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    return client.post(f"/klassrum/{token}/{action}",
                       data={"csrf_token": csrf_from(page), **data})


@functools.cache
def _default_definition():
    return parse_file(DEFAULT_SET)


def make_set_app(app):
    """Store the default question set (parsed once per run: most tests need it)."""
    with app.app_context():
        session = get_session()
        catalog.load_definition(session, _default_definition())
        session.commit()
    return app


@pytest.fixture
def loaded(app):
    """The app with the default question set loaded."""
    return make_set_app(app)


# -------------------------------------------------------------------------- the teacher

def test_teacher_opens_a_class_and_sees_the_secret_link_once(loaded, client):
    page = client.get("/klassrum/ny").get_data(as_text=True)
    assert "Trygghet i kommunen" in page and 'name="pastaende"' in page
    response = client.post("/klassrum/ny", data={
        "csrf_token": csrf_from(page), "omgang": "trygghet", "version": "1"})
    assert response.status_code == 303
    location = response.headers["Location"]
    token = re.fullmatch(r"/klassrum/([A-Za-z0-9_-]{43})/\?ny=1", location).group(1)
    first = client.get(location)
    html = first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    assert "Spara den här länken" in html and f"http://localhost/klassrum/{token}/" in html
    code = re.search(r'class="join-code">([A-Z0-9]+)<', html).group(1)
    assert len(code) == 6 and set(code) <= set(tokens.CODE_ALPHABET)
    assert '<svg role="img" aria-label="QR-kod som leder till http://localhost/klass/' in html
    assert "26 påståenden" in html
    again = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "Spara den här länken" not in again
    with loaded.app_context():
        stored = get_session().scalars(select(ClassSession)).one()
    assert stored.teacher_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.code == code and stored.status == "open" and stored.statement_keys is None


def test_teacher_picks_a_subset_of_statements(loaded, client):
    page = client.get("/klassrum/ny").get_data(as_text=True)
    too_few = client.post("/klassrum/ny", data={
        "csrf_token": csrf_from(page), "omgang": "trygghet", "version": "1",
        "pastaende": FIRST_KEYS[:2]})
    assert too_few.status_code == 400
    assert "Välj minst 3 påståenden" in too_few.get_data(as_text=True)
    response = client.post("/klassrum/ny", data={
        "csrf_token": csrf_from(page), "omgang": "trygghet", "version": "1",
        "pastaende": FIRST_KEYS[::-1]})
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 påståenden" in html
    code = re.search(r'class="join-code">([A-Z0-9]+)<', html).group(1)
    join_class(client, code)
    statement = client.get(f"/klass/{code}/pastaende/4").get_data(as_text=True)
    assert "Påstående 4 av 4" in statement
    assert "polisen-bygga-fortroende" not in statement  # keys never show, texts do
    assert "Polisens närvaro i staden bör öka." in client.get(
        f"/klass/{code}/pastaende/3").get_data(as_text=True)  # set order, not the order sent
    assert client.get(f"/klass/{code}/pastaende/5").status_code == 404


def test_opening_a_class_needs_the_csrf_token(loaded, client):
    response = client.post("/klassrum/ny", data={"omgang": "trygghet", "version": "1"})
    assert response.status_code == 400


def test_the_teacher_link_is_the_only_way_in(loaded, client):
    code, token = make_class(loaded)
    never = client.get("/finns/inte").get_data(as_text=True)
    for wrong in ("x" * 43, token[:-1], token.upper(), code, "ny" + token):
        for path in ("/", "/live", "/diskussion/", "/diskussion/1", "/export/svar.csv",
                     "/export/klassrum.json"):
            wrong_path = f"/klassrum/{wrong}{path}"
            response = client.get(wrong_path)
            assert response.status_code == 404, wrong_path
            # The very page any unknown address gets (its language link names the address).
            assert response.get_data(as_text=True).replace(wrong_path, "/finns/inte") == never
    page = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    for action in ("stang", "radera"):
        response = client.post(f"/klassrum/{'y' * 43}/{action}",
                               data={"csrf_token": csrf_from(page), "bekrafta": "y"})
        assert response.status_code == 404
    assert "Öppet" in client.get(f"/klassrum/{token}/").get_data(as_text=True)


def test_dashboard_live_fragment_and_exports_of_an_empty_class(loaded, client):
    code, token = make_class(loaded)
    fragment = client.get(f"/klassrum/{token}/live").get_data(as_text=True)
    assert "<html" not in fragment and "anslutna" in fragment
    assert "Klassens svar visas när minst 5 elever" in fragment
    csv_text = client.get(f"/klassrum/{token}/export/svar.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufeffelev,klar,fler-ordningsvakter")
    assert len(csv_text.splitlines()) == 1
    document = json.loads(client.get(f"/klassrum/{token}/export/klassrum.json").data)
    assert document["elever"] == {"anslutna": 0, "klara": 0, "raknade": 0, "minst": 5,
                                  "visas": False}
    assert client.get(f"/klassrum/{token}/export/hemligt.txt").status_code == 404


# -------------------------------------------------------------------------- the student

def test_student_joins_by_code_and_answers(loaded, client):
    code, _token = make_class(loaded)
    assert client.get("/klass").status_code == 200
    page = client.get("/klass").get_data(as_text=True)
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    found = client.post("/klass", data={"csrf_token": csrf_from(page), "kod": typed})
    assert found.status_code == 303 and found.headers["Location"] == f"/klass/{code}"
    landing = client.get(f"/klass/{code}")
    assert "Set-Cookie" not in landing.headers or "klass_enhet" not in landing.headers[
        "Set-Cookie"]
    assert "Börja" in landing.get_data(as_text=True)
    started = join_class(client, code)
    assert started.headers["Location"] == f"/klass/{code}/pastaende/1"
    cookie = [h for h in started.headers.getlist("Set-Cookie") if h.startswith("klass_enhet=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    assert "Path=/klass" in cookie[0]
    statement = client.get(f"/klass/{code}/pastaende/1").get_data(as_text=True)
    assert 'method="post"' in statement and f'action="/klass/{code}/svara"' in statement
    assert "Påstående 1 av 26" in statement
    moved = answer(client, code, 1, "2", vikt="2")
    assert moved.headers["Location"] == f"/klass/{code}/pastaende/2"
    answer(client, code, 2, "hoppa")
    answer(client, code, 3, "-1", vikt="0.5")
    answer(client, code, 4, "0")
    assert rows(loaded, code) == [("E-wc" + "." * (N - 4), False)]
    result = client.get(f"/klass/{code}/resultat").get_data(as_text=True)
    assert "Så väl matchar partierna dina svar" in result
    assert "Klassens svar visas när minst 5 elever" in result
    assert "Nu räknas 1 elev" in result


def test_answering_the_last_statement_finishes_and_shows_the_result(loaded, client):
    code, _token = make_class(loaded, FIRST_KEYS[:3])
    join_class(client, code)
    for number in (1, 2):
        answer(client, code, number, "1")
    last = answer(client, code, 3, "0")
    assert last.headers["Location"] == f"/klass/{code}/resultat"
    assert rows(loaded, code) == [("ddc", True)]
    back = answer(client, code, 1, "-2", sedan="resultat")
    assert back.headers["Location"] == f"/klass/{code}/resultat"
    assert rows(loaded, code) == [("adc", True)]


def test_answer_without_csrf_token_or_off_the_scale_is_refused(loaded, client):
    code, _token = make_class(loaded)
    join_class(client, code)
    assert client.post(f"/klass/{code}/svara", data={"nr": "1", "svar": "1"}).status_code == 400
    assert answer(client, code, 1, "3").status_code == 400
    assert answer(client, code, 1, "1", vikt="3").status_code == 400
    token = csrf_from(client.get(f"/klass/{code}/pastaende/1").get_data(as_text=True))
    assert client.post(f"/klass/{code}/svara", data={
        "csrf_token": token, "nr": "27", "svar": "1"}).status_code == 400
    assert rows(loaded, code) == [("." * N, False)]


def test_pages_of_a_class_need_a_joined_device(loaded, client):
    code, _token = make_class(loaded)
    for path in (f"/klass/{code}/pastaende/1", f"/klass/{code}/resultat"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"] == f"/klass/{code}"


def test_unknown_codes_get_a_clear_swedish_message(loaded, client):
    make_class(loaded)
    token = csrf_from(client.get("/klass").get_data(as_text=True))
    for typed in ("ZZZZZZ", "AAAAAA", "ÅÄÖ", "12345678901234567890", "<b>x</b>"):
        response = client.post("/klass", data={"csrf_token": token, "kod": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and "Det finns inget klassrum med koden" in html
        assert "<b>" not in html
        direct = client.get(f"/klass/{typed.replace('/', '')}")
        assert direct.status_code == 404 and "Koden finns inte" in direct.get_data(as_text=True)
    empty = client.post("/klass", data={"csrf_token": token, "kod": "  "})
    assert empty.status_code == 400 and "Skriv koden" in empty.get_data(as_text=True)


def test_code_lookups_are_rate_limited_but_successful_joins_are_free(loaded, client):
    code, _token = make_class(loaded)
    page = client.get("/klass").get_data(as_text=True)
    token = csrf_from(page)
    for _ in range(25):  # a whole class behind one school address
        assert client.post("/klass", data={"csrf_token": token, "kod": code}).status_code == 303
    for _ in range(10):  # the form and direct links draw on one budget
        assert client.post("/klass", data={"csrf_token": token, "kod": "ZZZZZZ"}).status_code \
            == 404
        assert client.get("/klass/ZZZZZZ").status_code == 404
    refused = client.post("/klass", data={"csrf_token": token, "kod": code})
    assert refused.status_code == 429
    assert "För många försök" in refused.get_data(as_text=True)
    assert client.get("/klass/ZZZZZZ").status_code == 429


def test_closed_class_takes_no_more_answers(loaded, client, app):
    code, token = make_class(loaded)
    join_class(client, code)
    answer(client, code, 1, "1")
    statement = client.get(f"/klass/{code}/pastaende/2").get_data(as_text=True)
    assert teacher_post(app.test_client(), token, "stang").status_code == 303
    late = client.post(f"/klass/{code}/svara", data={
        "csrf_token": csrf_from(statement), "nr": "2", "svar": "1", "vikt": "1"})
    assert late.status_code == 303 and late.headers["Location"] == f"/klass/{code}"
    assert rows(loaded, code) == [("d" + "." * (N - 1), False)]
    landing = client.get(f"/klass/{code}").get_data(as_text=True)
    assert "Klassrummet är stängt" in landing and "Se ditt resultat och klassens" in landing
    newcomer = app.test_client()
    page = newcomer.get(f"/klass/{code}").get_data(as_text=True)
    assert "Klassrummet är stängt" in page and "Börja" not in page
    typed = newcomer.post("/klass", data={"csrf_token": csrf_from(
        newcomer.get("/klass").get_data(as_text=True)), "kod": code})
    assert typed.status_code == 303
    assert "Stängt" in app.test_client().get(f"/klassrum/{token}/").get_data(as_text=True)


def test_double_submissions_never_duplicate_a_student(loaded, client):
    code, _token = make_class(loaded)
    page = client.get(f"/klass/{code}").get_data(as_text=True)
    for _ in range(3):  # three tabs pressing "Börja"
        client.post(f"/klass/{code}/borja", data={"csrf_token": csrf_from(page)})
    statement = client.get(f"/klass/{code}/pastaende/1").get_data(as_text=True)
    data = {"csrf_token": csrf_from(statement), "nr": "1", "svar": "1", "vikt": "1"}
    for _ in range(3):  # a retried POST
        client.post(f"/klass/{code}/svara", data=data)
    answer(client, code, 5, "-2")  # another tab, another statement
    assert rows(loaded, code) == [("d...a" + "." * (N - 5), False)]


def test_concurrent_answers_from_one_device_all_survive(loaded):
    code, _token = make_class(loaded)
    device = make_student(loaded, code, "." * N)
    errors = []

    def store(index: int) -> None:
        try:
            with loaded.app_context():
                session = get_session()
                info = service.find_by_code(session, code)
                hashed = tokens.device_hash(code, device)
                service.join(session, info, hashed, N)
                service.record_answer(session, info, hashed, index, "e", N)
                session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=store, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert rows(loaded, code) == [("e" * 8 + "." * (N - 8), False)]


def test_each_class_stores_a_different_hash_of_one_device(loaded):
    first, _ = make_class(loaded)
    second, _ = make_class(loaded)
    device = make_student(loaded, first, "d" * N)
    make_student(loaded, second, "d" * N, device=device)
    with loaded.app_context():
        hashes = get_session().scalars(select(ClassResponse.device_token_hash)).all()
    assert len(set(hashes)) == 2
    assert hashlib.sha256(device.encode()).hexdigest() not in hashes
    columns = set(ClassResponse.__table__.columns.keys())
    assert columns == {"id", "class_session_id", "device_token_hash", "answers", "finished",
                       "updated_at"}


# ---------------------------------------------------------------------- the class picture

def test_class_picture_appears_from_five_counted_students(loaded, client):
    code, token = make_class(loaded)
    for _ in range(4):
        make_student(loaded, code, "ddd" + "." * (N - 3))
    make_student(loaded, code, "dd" + "." * (N - 2))  # two answers: does not count yet
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "<strong>5</strong> <span>anslutna" in dashboard
    assert "Nu räknas 4 elever – det behövs 1 till." in dashboard
    assert "Klassens matchning med partierna" not in dashboard
    assert "fordelning-1" not in dashboard
    discussion = client.get(f"/klassrum/{token}/diskussion/1").get_data(as_text=True)
    assert "Klassens svar visas när minst 5" in discussion
    make_student(loaded, code, "-" * N)  # finished, everything skipped: counts
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "Klassens matchning med partierna" in dashboard and "fordelning-1" in dashboard
    assert "Här är klassen mest oenig" in dashboard
    student = client.get(f"/klassrum/{token}/live").get_data(as_text=True)
    assert "<strong>5</strong> <span>räknas i klassbilden" in student


def test_divisive_statements_and_student_view_of_the_class(loaded, client):
    code, token = make_class(loaded, FIRST_KEYS)
    for answers in ("eeca", "aecb", "eecb", "aecd", "ddcb"):
        make_student(loaded, code, answers)
    join_class(client, code)
    for number, svar in ((1, "2"), (2, "1"), (3, "0"), (4, "-1")):
        answer(client, code, number, svar)
    result = client.get(f"/klass/{code}/resultat").get_data(as_text=True)
    assert "6 elever räknas i klassbilden." in result
    assert "Klassens matchning med partierna" in result and "Ditt svar:" in result
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    divisive = dashboard.split("Här är klassen mest oenig")[1].split("</ol>")[0]
    # Statement 1: 4 for, 2 against = 8 of 15 pairs; statement 4: 1 for, 5 against = 5 of 15;
    # statements 2 and 3 split nobody and are not listed.
    assert divisive.count("<li>") == 2
    assert divisive.index("4 för, 2 emot") < divisive.index("1 för, 5 emot")
    assert "53\u202f%" in divisive and "33\u202f%" in divisive


def test_discussion_reveals_party_positions_on_request(loaded, client):
    code, token = make_class(loaded)
    for _ in range(5):
        make_student(loaded, code, "e" * N)
    first = client.get(f"/klassrum/{token}/diskussion/1").get_data(as_text=True)
    assert "Det bör finnas fler ordningsvakter" in first and "fordelning-1" in first
    assert "100 ordningsvakter" not in first and "Visa partiernas ståndpunkter" in first
    shown = client.get(f"/klassrum/{token}/diskussion/1?visa=1").get_data(as_text=True)
    assert "MalmöAlliansen vill anställa 100 ordningsvakter" in shown
    assert "Ingen uttalad ståndpunkt" in shown
    assert client.get(f"/klassrum/{token}/diskussion/27").status_code == 404
    assert client.get(f"/klassrum/{token}/diskussion/0").status_code == 404


def test_exports_hold_anonymous_answers_and_aggregates(loaded, client):
    code, token = make_class(loaded, FIRST_KEYS)
    for answers in ("eeca", "aecb", "eecb", "aecd", "Ex-c"):
        make_student(loaded, code, answers)
    response = client.get(f"/klassrum/{token}/export/svar.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="klassrum-' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == ("elev,klar,fler-ordningsvakter,fler-ordningsvakter (vikt),"
                        "ordningshallning-polisens-uppgift,ordningshallning-polisens-uppgift "
                        "(vikt),okad-polisnarvaro,okad-polisnarvaro (vikt),"
                        "polisen-bygga-fortroende,polisen-bygga-fortroende (vikt)")
    assert len(lines) == 6 and ",ja,2,2,0,0.5,hoppa,,0,1" in "\n".join(lines)
    statements = client.get(f"/klassrum/{token}/export/pastaenden.csv").get_data(as_text=True)
    assert statements.splitlines()[1].startswith("1,fler-ordningsvakter,")
    parties = client.get(f"/klassrum/{token}/export/partier.csv").get_data(as_text=True)
    assert "alliansen-malmo" in parties
    document = json.loads(client.get(f"/klassrum/{token}/export/klassrum.json").data)
    assert document["elever"]["raknade"] == 5 and document["elever"]["visas"] is True
    assert document["pastaenden"][0]["antal"] == {"-2": 2, "-1": 0, "0": 0, "1": 0, "2": 3}
    assert len(document["svar"]) == 5 and document["fragaomgang"]["version"] == 1
    text = json.dumps(document)
    with loaded.app_context():
        hashes = get_session().scalars(select(ClassResponse.device_token_hash)).all()
    assert not any(h in text for h in hashes) and token not in text


def test_deleting_needs_confirmation_and_removes_everything(loaded, client):
    code, token = make_class(loaded)
    make_student(loaded, code, "d" * N)
    unconfirmed = teacher_post(client, token, "radera")
    assert unconfirmed.status_code == 400
    assert "Kryssa i rutan" in unconfirmed.get_data(as_text=True)
    deleted = teacher_post(client, token, "radera", bekrafta="y")
    assert deleted.status_code == 303 and deleted.headers["Location"] == "/klassrum/raderat"
    assert client.get(f"/klassrum/{token}/").status_code == 404
    assert client.get(f"/klass/{code}").status_code == 404
    with loaded.app_context():
        session = get_session()
        assert session.scalars(select(ClassResponse)).all() == []
        assert session.scalars(select(ClassSession)).all() == []


# ------------------------------------------------------------------ pinning and retention

def test_a_class_keeps_the_version_it_was_opened_on(loaded, client, tmp_path):
    code, token = make_class(loaded)
    newer = tmp_path / "trygghet-v2.yaml"
    shutil.copytree(QUESTIONS / "sources", tmp_path / "sources")
    newer.write_text(DEFAULT_SET.read_text(encoding="utf-8")
                     .replace("version: 1", "version: 2", 1)
                     .replace("file: ../sources/", "file: sources/")
                     .replace("Det bör finnas fler ordningsvakter på gator och torg.",
                              "Kommunen bör anställa fler ordningsvakter."), encoding="utf-8")
    result = loaded.test_cli_runner().invoke(args=["load", str(newer)])
    assert result.exit_code == 0, result.output
    join_class(client, code)
    statement = client.get(f"/klass/{code}/pastaende/1").get_data(as_text=True)
    assert "Det bör finnas fler ordningsvakter på gator och torg." in statement
    assert "version 1" in client.get(f"/klassrum/{token}/").get_data(as_text=True)
    page = client.get("/klassrum/ny").get_data(as_text=True)
    assert "version 2" in page
    newer_code, _ = make_class(loaded, version=2)
    fresh = loaded.test_client()
    join_class(fresh, newer_code)
    assert "Kommunen bör anställa fler" in fresh.get(
        f"/klass/{newer_code}/pastaende/1").get_data(as_text=True)


def test_purge_deletes_classes_past_the_retention(loaded, runner):
    old, _ = make_class(loaded)
    recent, token = make_class(loaded)
    make_student(loaded, old, "d" * N)
    make_student(loaded, recent, "d" * N)
    with loaded.app_context():
        session = get_session()
        session.execute(update(ClassSession).where(ClassSession.code == old).values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)))
        session.commit()
    result = runner.invoke(args=["purge-classes"])
    assert result.exit_code == 0 and "1 class session(s) older than 30 days deleted" in \
        result.output
    assert rows(loaded, old) == [] and len(rows(loaded, recent)) == 1
    assert "0 class session(s)" in runner.invoke(args=["purge-classes"]).output
    assert "1 class session(s) older than 0 days" in runner.invoke(
        args=["purge-classes", "--days", "0"]).output
    with loaded.app_context():
        assert get_session().scalars(select(ClassResponse)).all() == []


def test_retention_comes_from_the_environment(monkeypatch, database_url):
    from compass import create_app

    monkeypatch.setenv("CLASS_RETENTION_DAYS", "7")
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    try:
        assert app.config["CLASS_RETENTION_DAYS"] == 7
        result = app.test_cli_runner().invoke(args=["purge-classes"])
        assert "older than 7 days" in result.output
    finally:
        app.extensions["db_engine"].dispose()
