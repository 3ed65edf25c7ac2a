"""Classroom mode through its pages and service, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from helpers import DEFAULT_SET, QUESTIONS
from sqlalchemy import select, update

from compass import catalog
from compass.classroom import service, snapshots, tokens
from compass.db import get_session
from compass.models import ClassResponse, ClassSession, ClassSnapshot
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
                snapshots.store_answer(session, info, hashed, index, char, len(answers), 5)
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


def counted_answers(n: int = N) -> str:
    """An answer code that just counts: values on half the statements, the rest open."""
    half = -(-n // 2)
    return "d" * half + "." * (n - half)


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
    token = re.fullmatch(r"/klassrum/([A-Za-z0-9_-]{43})/spara", location).group(1)
    first = client.get(location)
    html = first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    assert "Visa inte den här sidan på projektorn" in html
    assert f"http://localhost/klassrum/{token}/" in html
    code = re.search(r"http://localhost/klass/([A-Z0-9]{6})/tavla", html).group(1)
    assert set(code) <= set(tokens.CODE_ALPHABET)
    again = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert f'class="join-code">{code}<' in again and "26 påståenden" in again
    # The control page never prints its own address; the projector view has the QR code.
    assert f"http://localhost/klassrum/{token}" not in again
    board = client.get(f"/klass/{code}/tavla").get_data(as_text=True)
    assert '<svg role="img" aria-label="QR-kod som leder till http://localhost/klass/' in board
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
    token = response.headers["Location"].split("/")[2]
    html = client.get(f"/klassrum/{token}/").get_data(as_text=True)
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
        for path in ("/", "/live", "/spara", "/material", "/sammanfattning",
                     "/export/pastaenden.csv", "/export/klassrum.json"):
            wrong_path = f"/klassrum/{wrong}{path}"
            response = client.get(wrong_path)
            assert response.status_code == 404, wrong_path
            # The very page any unknown address gets (its language link names the address).
            assert response.get_data(as_text=True).replace(wrong_path, "/finns/inte") == never
    page = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    for action in ("stang", "radera", "oppna", "lektion"):
        response = client.post(f"/klassrum/{'y' * 43}/{action}",
                               data={"csrf_token": csrf_from(page), "bekrafta": "y",
                                     "bekrafta_stang": "y", "steg": "nasta"})
        assert response.status_code == 404
    assert "Öppet" in client.get(f"/klassrum/{token}/").get_data(as_text=True)


def test_dashboard_live_fragment_and_exports_of_an_empty_class(loaded, client):
    code, token = make_class(loaded)
    fragment = client.get(f"/klassrum/{token}/live").get_data(as_text=True)
    assert "<html" not in fragment and "anslutna" in fragment
    assert "Klassens svar visas när minst 5 elever" in fragment
    csv_text = client.get(f"/klassrum/{token}/export/pastaenden.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("\ufeffnr,nyckel,påstående")
    assert len(csv_text.splitlines()) == 1
    document = json.loads(client.get(f"/klassrum/{token}/export/klassrum.json").data)
    assert document["elever"] == {"anslutna": 0, "klara": 0, "raknade": 0, "minst": 5,
                                  "visas": False, "ogonblicksbild": 0}
    for gone in ("hemligt.txt", "svar.csv"):  # no export of single students' answers
        assert client.get(f"/klassrum/{token}/export/{gone}").status_code == 404


# -------------------------------------------------------------------------- the student

def test_student_joins_by_code_and_answers(loaded, client):
    code, _token = make_class(loaded)
    assert client.get("/klass").status_code == 200
    page = client.get("/klass").get_data(as_text=True)
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    found = client.post("/klass", data={"csrf_token": csrf_from(page), "kod": typed})
    assert found.status_code == 303 and found.headers["Location"] == f"/klass/{code}"
    issued = [h for h in found.headers.getlist("Set-Cookie") if h.startswith("klass_enhet=")]
    assert issued == []  # the first page (GET /klass) drew the device token already
    landing = client.get(f"/klass/{code}")
    assert "Börja" in landing.get_data(as_text=True)
    started = join_class(client, code)
    assert started.headers["Location"] == f"/klass/{code}/pastaende/1"
    fresh = loaded.test_client()
    cookie = [h for h in fresh.get("/klass").headers.getlist("Set-Cookie")
              if h.startswith("klass_enhet=")]
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
    assert "Så mycket håller partierna med dig" in result
    assert "Klassens svar visas när minst 5 elever" in result
    assert "MalmöAlliansen vill anställa 100 ordningsvakter" in result  # quotes, as the voter
    assert "för få för en säker jämförelse" in result  # 3 compared statements of 26


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


def test_failed_lookups_are_limited_per_device_and_never_block_a_joined_student(loaded,
                                                                               client):
    code, _token = make_class(loaded)
    join_class(client, code)
    answer(client, code, 1, "1")
    page = client.get("/klass").get_data(as_text=True)
    token = csrf_from(page)
    for _ in range(5):  # the form and direct links draw on one budget of 10
        assert client.post("/klass", data={"csrf_token": token, "kod": "ZZZZZZ"}).status_code \
            == 404
        assert client.get("/klass/ZZZZZZ").status_code == 404
    refused = client.get("/klass/ZZZZZZ")
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    html = refused.get_data(as_text=True)
    assert "För många försök med koder som inte finns" in html
    assert re.search(r"Försök igen om \d+ (sekund|sekunder|minut)\.", html)
    assert 'href="/klass"' in html
    other, _ = make_class(loaded)  # a code that exists answers 429 too: the limit tells nothing
    assert client.get(f"/klass/{other}").status_code == 429
    # ... but this device's own class is never limited.
    assert client.get(f"/klass/{code}").status_code == 200
    assert answer(client, code, 2, "-1").status_code == 303
    assert client.get(f"/klass/{code}/resultat").status_code == 200


def test_thirty_students_behind_one_address_and_25_typos_all_keep_answering(loaded):
    code, _token = make_class(loaded, FIRST_KEYS)
    students = [loaded.test_client() for _ in range(30)]
    for number, student in enumerate(students):
        if number < 25:  # a mistyped code first, on 25 of the phones
            page = student.get("/klass").get_data(as_text=True)
            assert student.post("/klass", data={"csrf_token": csrf_from(page),
                                                "kod": "ZZZZZZ"}).status_code == 404
        assert join_class(student, code).status_code == 303
    typist = loaded.test_client()  # one phone keeps typing wrong codes: 25 of them
    form = csrf_from(typist.get("/klass").get_data(as_text=True))
    tries = [typist.post("/klass", data={"csrf_token": form, "kod": "ZZZZZZ"}).status_code
             for _ in range(25)]
    assert tries == [404] * 10 + [429] * 15  # its own budget, nobody else's
    for number in range(1, 5):
        for student in students:
            assert answer(student, code, number, "1").status_code == 303
    assert len(rows(loaded, code)) == 30 and all(done for _code, done in rows(loaded, code))
    latecomer = loaded.test_client()  # a phone that joins only now still gets in
    assert join_class(latecomer, code).status_code == 303


def test_joins_are_limited_per_class_and_the_429_page_leads_back(loaded):
    code, _token = make_class(loaded, FIRST_KEYS)
    for _ in range(45):  # a full class and then some, within a minute
        assert join_class(loaded.test_client(), code).status_code == 303
    late = loaded.test_client()
    refused = join_class(late, code)
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Många har gått med i klassrummet på kort tid" in html
    assert f'href="/klass/{code}"' in html and "Försök igen om" in html
    assert len(rows(loaded, code)) == 45


def test_device_tokens_are_drawn_and_signed_by_the_server(loaded):
    code, _token = make_class(loaded, FIRST_KEYS)
    made_up = loaded.test_client()
    made_up.set_cookie("klass_enhet", "A" * 40, path="/klass")
    assert join_class(made_up, code).status_code == 303
    issued = made_up.get_cookie("klass_enhet", path="/klass").value
    assert issued != "A" * 40  # the made-up token was replaced by a signed one
    secret = loaded.config["SECRET_KEY"]
    assert tokens.verified_device_token(secret, issued) == issued
    assert tokens.verified_device_token(secret, "A" * 40) is None
    assert tokens.verified_device_token("another-secret", issued) is None
    nonce, _dot, signature = issued.partition(".")
    assert tokens.verified_device_token(secret, f"{nonce}x.{signature}") is None
    with loaded.app_context():
        hashes = get_session().scalars(select(ClassResponse.device_token_hash)).all()
    assert hashes == [tokens.device_hash(code, issued)]


def test_closed_class_takes_no_more_answers(loaded, client, app):
    code, token = make_class(loaded)
    join_class(client, code)
    answer(client, code, 1, "1")
    statement = client.get(f"/klass/{code}/pastaende/2").get_data(as_text=True)
    teacher = app.test_client()
    unconfirmed = teacher_post(teacher, token, "stang")
    assert unconfirmed.status_code == 400 and "Kryssa i rutan" in unconfirmed.get_data(
        as_text=True)
    assert teacher_post(teacher, token, "stang", bekrafta_stang="y").status_code == 303
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
    # Reopened within the retention period, the same device answers on.
    assert teacher_post(teacher, token, "oppna").status_code == 303
    assert answer(client, code, 2, "1").status_code == 303
    assert rows(loaded, code) == [("dd" + "." * (N - 2), False)]


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


def test_concurrent_students_take_snapshots_in_steps_of_five(loaded):
    code, token = make_class(loaded, FIRST_KEYS)
    release(loaded.test_client(), token)
    devices = [make_student(loaded, code, "....") for _ in range(17)]
    errors = []

    def student(device: str) -> None:
        try:
            with loaded.app_context():
                session = get_session()
                info = service.find_by_code(session, code)
                hashed = tokens.device_hash(code, device)
                for index in range(4):
                    snapshots.store_answer(session, info, hashed, index, "d", 4, 5)
                    session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=student, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with loaded.app_context():
        session = get_session()
        sizes = session.scalars(select(ClassSnapshot.students).where(
            ClassSnapshot.kind == "picture").order_by(ClassSnapshot.number)).all()
        unmarked = session.scalars(select(ClassResponse.id).where(
            ClassResponse.snapshot_no.is_(None))).all()
    assert sizes == [5, 10, 15] and len(unmarked) == 2


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
                       "counted", "snapshot_no", "updated_at"}


# ---------------------------------------------------------------------- the class picture

def release(client, token: str):
    """The teacher presses "Visa klassbilden"."""
    response = teacher_post(client, token, "klassbild")
    assert response.status_code == 303
    return response


def test_class_picture_needs_the_teacher_and_five_counted_students(loaded, client):
    code, token = make_class(loaded)
    for _ in range(4):
        make_student(loaded, code, counted_answers())
    make_student(loaded, code, "d" * 12 + "." * (N - 12))  # under half the statements
    make_student(loaded, code, "-" * N)  # finished, everything skipped: never counts
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "<strong>6</strong> <span>anslutna" in dashboard
    assert "Visa klassbilden" in dashboard and "Klassens matchning med partierna" not in dashboard
    release(client, token)
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "Klassens svar visas när minst 5 elever har tagit ställning" in dashboard
    assert "Klassens matchning med partierna" not in dashboard and "fordelning-1" not in dashboard
    discussion = client.get(f"/klass/{code}/tavla/diskussion/1").get_data(as_text=True)
    assert "Klassens svar visas när minst 5" in discussion
    make_student(loaded, code, counted_answers())
    dashboard = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "Klassens matchning med partierna" in dashboard and "fordelning-1" in dashboard
    assert "Klassbilden bygger på 5 elever." in dashboard
    assert "fordelning-14" not in dashboard  # nobody took a stand on statement 14
    assert "13 påståenden visas inte än" in dashboard
    board = client.get(f"/klass/{code}/tavla").get_data(as_text=True)
    assert "Klassbilden bygger på 5 elever." in board and "fordelning-1" in board


def _views(app, code: str, token: str) -> dict[str, str]:
    """Everything a teacher, a projector or a student can see of a class's answers."""
    viewer = app.test_client()
    seen = {"live": viewer.get(f"/klassrum/{token}/live").get_data(as_text=True),
            "board": viewer.get(f"/klass/{code}/tavla/live").get_data(as_text=True),
            "summary": viewer.get(f"/klassrum/{token}/sammanfattning").get_data(as_text=True)}
    for name in ("pastaenden.csv", "partier.csv", "klassrum.json"):
        seen[name] = viewer.get(f"/klassrum/{token}/export/{name}").get_data(as_text=True)
    document = json.loads(seen.pop("klassrum.json"))
    document.pop("elever")  # joined and finished are live device counts, no answers
    seen["klassrum.json"] = json.dumps(document)
    for name in ("live", "board"):  # the counts line, for the same reason
        seen[name] = re.sub(r'<div class="class-counts".*?</div>', "", seen[name], flags=re.S)
    return seen


def test_differencing_before_and_after_one_student_recovers_nothing(loaded, client):
    """The teacher's attack: views taken before and after each further student are equal,
    or differ by at least five students; never by one."""
    code, token = make_class(loaded, FIRST_KEYS)
    release(client, token)
    answers = ["eeca", "aecb", "eecb", "aecd", "ddcb", "bbca", "eadc", "cdeb", "aaaa", "eeee",
               "dcba", "bcde"]
    before = _views(loaded, code, token)
    steps = []
    for number, code_answers in enumerate(answers, start=1):
        make_student(loaded, code, code_answers)
        after = _views(loaded, code, token)
        if after != before:
            steps.append(number)
        before = after
    assert steps == [5, 10]  # the picture moved twice, each time by five new students
    document = json.loads(client.get(f"/klassrum/{token}/export/klassrum.json").data)
    assert document["elever"]["raknade"] == 10 and document["elever"]["anslutna"] == 12
    assert "svar" not in document  # aggregates only
    counted = [document["pastaenden"][0]["antal"][v] for v in ("-2", "-1", "0", "1", "2")]
    assert counted == [3, 1, 1, 1, 4]  # the first ten students' answers to statement 1


def test_fake_students_recover_no_single_students_answers(loaded):
    """The students' attack: a script joins four fakes (fresh cookie jars, all neutral) and
    waits for one real student. Nothing shows until the teacher releases the picture, and
    the teacher releases it once the class has answered; the fakes then learn the class's
    aggregate, never one student's answers."""
    code, token = make_class(loaded, FIRST_KEYS)
    fakes = [loaded.test_client() for _ in range(4)]
    for fake in fakes:
        join_class(fake, code)
        for number in range(1, 5):
            answer(fake, code, number, "0")
    victim = loaded.test_client()
    join_class(victim, code)
    for number, svar in enumerate(("2", "-2", "1", "-1"), start=1):
        answer(victim, code, number, svar)
    attacker = fakes[0]
    for page in (f"/klass/{code}/resultat", f"/klass/{code}/tavla", f"/klass/{code}/tavla/live"):
        html = attacker.get(page).get_data(as_text=True)
        assert "fordelning-" not in html and "Klassens matchning med partierna" not in html
    teacher = loaded.test_client()
    dashboard = teacher.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "<strong>5</strong> <span>anslutna" in dashboard  # the teacher sees 5 devices
    for extra in ("ddcb", "bbca", "eadc", "cdeb", "aaaa", "eeee"):  # the rest of the room
        make_student(loaded, code, extra)
    release(teacher, token)
    document = json.loads(teacher.get(f"/klassrum/{token}/export/klassrum.json").data)
    first = document["pastaenden"][0]["antal"]
    real = {value: first[value] - (4 if value == "0" else 0) for value in first}
    assert sum(real.values()) == 7  # the fakes subtract down to seven real students, not one
    assert document["elever"]["raknade"] == 11


def test_divisive_statements_and_student_view_of_the_class(loaded, client):
    code, token = make_class(loaded, FIRST_KEYS)
    release(loaded.test_client(), token)
    for answers in ("eeca", "aecb", "eecb", "aecd", "ddcb"):
        make_student(loaded, code, answers)
    join_class(client, code)
    for number, svar in ((1, "2"), (2, "1"), (3, "0"), (4, "-1")):
        answer(client, code, number, svar)
    result = client.get(f"/klass/{code}/resultat").get_data(as_text=True)
    assert "Klassbilden bygger på 5 elever." in result  # the sixth waits for four more
    assert "Klassens matchning med partierna" in result and "Ditt svar:" in result
    for _ in range(4):
        make_student(loaded, code, "aecb")
    board = client.get(f"/klass/{code}/tavla").get_data(as_text=True)
    assert "Klassbilden bygger på 10 elever." in board
    divisive = board.split("Här är klassen mest oenig")[1].split("</ol>")[0]
    # The snapshot froze the tenth student after two answers (half of four: counted).
    # Statement 1: 4 for, 6 against = 24 of 45 pairs; statement 4: 1 for, 8 against = 8 of
    # 36; statements 2 and 3 split nobody and are not listed.
    assert divisive.count("<li>") == 2
    assert divisive.index("4 för, 6 emot") < divisive.index("1 för, 8 emot")
    assert "53\u202f%" in divisive and "22\u202f%" in divisive
    assert f'href="/klass/{code}/tavla/diskussion/1"' in divisive


def test_discussion_on_the_projector_shows_positions_and_quotes(loaded, client):
    code, token = make_class(loaded)
    release(client, token)
    for _ in range(5):
        make_student(loaded, code, "e" * N)
    first = client.get(f"/klass/{code}/tavla/diskussion/1").get_data(as_text=True)
    assert "Det bör finnas fler ordningsvakter" in first and "fordelning-1" in first
    assert "Visa partiernas ståndpunkter" in first
    assert "MalmöAlliansen vill anställa 100 ordningsvakter" in first  # in a <details>
    assert "Ingen uttalad ståndpunkt" in first and token not in first
    assert client.get(f"/klass/{code}/tavla/diskussion/27").status_code == 404
    assert client.get(f"/klass/{code}/tavla/diskussion/0").status_code == 404


def test_exports_hold_aggregates_only(loaded, client):
    code, token = make_class(loaded, FIRST_KEYS)
    release(client, token)
    for answers in ("eeca", "aecb", "eecb", "aecd", "Ex-c"):
        make_student(loaded, code, answers)
    response = client.get(f"/klassrum/{token}/export/pastaenden.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="klassrum-' in response.headers["Content-Disposition"]
    statements = response.get_data(as_text=True)
    assert statements.splitlines()[1].startswith("1,fler-ordningsvakter,")
    # The picture froze when the fifth student came to count, after two of four answers:
    # statements 3 and 4 then had four answers and are left out.
    assert len(statements.splitlines()) == 3
    parties = client.get(f"/klassrum/{token}/export/partier.csv").get_data(as_text=True)
    assert "alliansen-malmo" in parties
    document = json.loads(client.get(f"/klassrum/{token}/export/klassrum.json").data)
    assert document["elever"]["raknade"] == 5 and document["elever"]["visas"] is True
    assert document["pastaenden"][0]["antal"] == {"-2": 2, "-1": 0, "0": 0, "1": 0, "2": 3}
    assert "svar" not in document and document["fragaomgang"]["version"] == 1
    assert [s["nr"] for s in document["pastaenden"]] == [1, 2]
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


def test_purge_really_deletes(loaded, runner):
    """SQLite overwrites deleted rows (secure_delete); PostgreSQL vacuums the class tables."""
    code, _token = make_class(loaded)
    device = make_student(loaded, code, "d" * N)
    stored = tokens.device_hash(code, device).encode()
    engine = loaded.extensions["db_engine"]
    with loaded.app_context():
        session = get_session()
        session.execute(update(ClassSession).values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)))
        session.commit()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        path = Path(engine.url.database)
        assert stored in path.read_bytes()  # the test can see a stored row
        assert runner.invoke(args=["purge-classes"]).exit_code == 0
        engine.dispose()
        assert stored not in path.read_bytes()
    else:
        assert runner.invoke(args=["purge-classes"]).exit_code == 0
        with engine.connect() as conn:
            vacuumed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL "
                "AND relname IN ('class_response', 'class_session', 'class_snapshot') "
                "ORDER BY relname").scalars().all()
        assert vacuumed == ["class_response", "class_session", "class_snapshot"]
    assert rows(loaded, code) == []


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
