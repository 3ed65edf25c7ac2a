"""Teacher-paced lessons, the projector view and the lesson kit, through the pages."""

from __future__ import annotations

import re

from test_classroom import (
    FIRST_KEYS,
    answer,
    csrf_from,
    join_class,
    loaded,  # noqa: F401 - the fixture
    teacher_post,
)


def make_paced_class(client) -> tuple[str, str]:
    """Open a paced four-statement class through the pages; return (code, control token)."""
    page = client.get("/klassrum/ny").get_data(as_text=True)
    response = client.post("/klassrum/ny", data={
        "csrf_token": csrf_from(page), "omgang": "trygghet", "version": "1",
        "pastaende": FIRST_KEYS, "lage": "paced"})
    assert response.status_code == 303
    token = response.headers["Location"].split("/")[2]
    html = client.get(f"/klassrum/{token}/").get_data(as_text=True)
    return re.search(r'class="join-code">([A-Z0-9]+)<', html).group(1), token


def step(client, token: str, what: str, **data):
    """The teacher opens the next statement ("nasta") or reveals the open one ("visa")."""
    response = teacher_post(client, token, "lektion", steg=what, **data)
    assert response.status_code == 303, response.get_data(as_text=True)


def test_a_paced_lesson_moves_the_phones_and_reveals_respecting_k(loaded):  # noqa: F811
    teacher = loaded.test_client()
    code, token = make_paced_class(teacher)
    phones = [loaded.test_client() for _ in range(6)]
    for phone in phones:
        assert join_class(phone, code).headers["Location"] == f"/klass/{code}/lektion"
    waiting = phones[0].get(f"/klass/{code}/lektion").get_data(as_text=True)
    assert "Vänta på läraren" in waiting and '<meta http-equiv="refresh" content="4">' in waiting
    assert phones[0].get(f"/klass/{code}/pastaende/1").headers["Location"] == \
        f"/klass/{code}/lektion"  # nothing is open yet
    step(teacher, token, "nasta", tid="60")
    board = teacher.get(f"/klass/{code}/tavla").get_data(as_text=True)
    assert "Det bör finnas fler ordningsvakter" in board and "data-timer-ends=" in board
    for phone, svar in zip(phones, ("2", "1", "2", "-1", "0", "2"), strict=True):
        moved = phone.get(f"/klass/{code}/lektion")
        assert moved.headers["Location"] == f"/klass/{code}/pastaende/1"
        assert answer(phone, code, 1, svar).headers["Location"] == f"/klass/{code}/lektion"
    assert "Tack, ditt svar är sparat" in phones[0].get(f"/klass/{code}/lektion").get_data(
        as_text=True)
    control = teacher.get(f"/klassrum/{token}/").get_data(as_text=True)
    assert "6 elever har svarat på det." in control
    step(teacher, token, "visa")
    board = teacher.get(f"/klass/{code}/tavla/live").get_data(as_text=True)
    assert "fordelning-1" in board and "6 elever svarade" in board
    assert "MalmöAlliansen vill anställa 100 ordningsvakter" in board  # positions and quotes
    # Statement 2: only four phones answer; its reveal keeps the answers hidden.
    step(teacher, token, "nasta")
    late = phones[5]
    page = late.get(f"/klass/{code}/pastaende/2").get_data(as_text=True)
    for phone in phones[:4]:
        answer(phone, code, 2, "1")
    step(teacher, token, "visa")
    board = teacher.get(f"/klass/{code}/tavla/live").get_data(as_text=True)
    assert "fordelning-2" not in board and "Färre än 5 elever tog ställning" in board
    # An answer to a statement that is no longer open is not stored.
    step(teacher, token, "nasta")
    refused = late.post(f"/klass/{code}/svara", data={"csrf_token": csrf_from(page), "nr": "2",
                                                      "svar": "1", "vikt": "1"})
    assert refused.headers["Location"] == f"/klass/{code}/lektion?sent=sent"
    assert "Läraren har gått vidare" in late.get(refused.headers["Location"]).get_data(
        as_text=True)
    # Frozen: statement 1 keeps its six answers, the reveal cannot be taken again.
    step(teacher, token, "visa")
    assert teacher_post(teacher, token, "lektion", steg="visa").status_code == 303
    assert teacher_post(teacher, token, "lektion", steg="hoppa").status_code == 400
    step(teacher, token, "nasta")
    assert teacher_post(teacher, token, "lektion", steg="nasta").status_code == 409


def test_the_projector_view_has_no_control_and_no_secret(loaded):  # noqa: F811
    teacher = loaded.test_client()
    code, token = make_paced_class(teacher)
    step(teacher, token, "nasta")
    viewer = loaded.test_client()
    for path in (f"/klass/{code}/tavla", f"/klass/{code}/tavla/live",
                 f"/klass/{code}/tavla/diskussion/1"):
        response = viewer.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and token not in html and token not in path
        assert "<form" not in html and "/klassrum/" not in html
    assert viewer.get("/klass/ZZZZZZ/tavla").status_code == 404


def test_the_control_page_warns_about_loopback_and_uses_public_url(loaded):  # noqa: F811
    teacher = loaded.test_client()
    code, token = make_paced_class(teacher)
    local = teacher.get(f"/klassrum/{token}/", base_url="http://127.0.0.1:5000")
    assert "Elevernas telefoner kommer inte åt den här adressen" in local.get_data(as_text=True)
    lan = teacher.get(f"/klassrum/{token}/", base_url="http://192.168.1.20:5000")
    assert "kommer inte åt" not in lan.get_data(as_text=True)
    loaded.config["PUBLIC_URL"] = "https://valkompass.skolan.se/"
    board = teacher.get(f"/klass/{code}/tavla").get_data(as_text=True)
    assert f"QR-kod som leder till https://valkompass.skolan.se/klass/{code}" in board
    control = teacher.get(f"/klassrum/{token}/", base_url="http://127.0.0.1:5000")
    assert "kommer inte åt" not in control.get_data(as_text=True)


def test_lesson_kit_glossary_and_summary(loaded):  # noqa: F811
    teacher = loaded.test_client()
    code, token = make_paced_class(teacher)
    kit = teacher.get(f"/klassrum/{token}/material").get_data(as_text=True)
    for part in ("Lektionsplan, 45 minuter", "samhällskunskap", "Arbetsblad", "Påståendekort",
                 "Ordlista", "0–5", "38–45", code):
        assert part in kit, part
    assert kit.count('class="card"') == 4
    assert '<dt lang="sv">ordningsvakt</dt>' in kit
    phone = loaded.test_client()
    join_class(phone, code)
    step(teacher, token, "nasta")
    statement = phone.get(f"/klass/{code}/pastaende/1").get_data(as_text=True)
    assert "Ordlista" in statement and "ordningsvakt" in statement
    summary = teacher.get(f"/klassrum/{token}/sammanfattning").get_data(as_text=True)
    assert f"Sammanfattning av klassrum {code}" in summary
    assert "fortfarande öppet" in summary
