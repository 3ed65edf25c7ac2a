"""The party review round: links, the party's page, objections in the editor, voter pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
import sqlalchemy as sa
from test_admin_support import definition, new_draft, post, set_row

from compass.models import AuditEntry, Position, ReviewLink

V2 = "/admin/exempel/v2"
RATIONALE = "Uttryckligt krav i partiets lista, internt."
CSRF = re.compile(r'name="[a-z0-9-]+-csrf_token"(?: type="hidden")? value="([^"]+)"')
LINK = re.compile(r'value="(http://localhost/granska/([A-Za-z0-9_-]+))"')


def _row_version(html: str) -> str:
    return re.search(r'<input[^>]*name="row_version"[^>]*value="(\d+)"', html).group(1)


def save_cell(editor, statement: str, party: str, **fields):
    """Open a cell's editor and save it with the stored values overridden by `fields`."""
    url = f"{V2}/matris/{statement}/{party}"
    page = editor.get(url).get_data(as_text=True)
    data = {"value": "2", "quote": "Vi vill ha fler ordningsvakter.", "source": "b-program",
            "note": "", "evidence": "", "rationale": "", "review_status": "not_asked",
            "review_comment": "", "review_counter_quote": "", "review_answer": "",
            "row_version": _row_version(page)}
    return post(editor, url, data | fields)


def make_link(editor, party: str = "b", days: str = "14") -> tuple[str, str]:
    """Create a review link in the admin; return (its URL path, the token)."""
    page = post(editor, f"{V2}/granskning", {"party": party, "days": days})
    assert page.status_code == 200, page.get_data(as_text=True)
    found = LINK.search(page.get_data(as_text=True))
    return f"/granska/{found.group(2)}", found.group(2)


def answer(client, path: str, statement: str, **fields):
    """Answer one position on the party's page, with the page's CSRF token."""
    html = client.get(path).get_data(as_text=True)
    found = CSRF.search(html)
    data = {f"{statement}-csrf_token": found.group(1) if found else ""}
    data |= {f"{statement}-{k}": v for k, v in fields.items()}
    return client.post(f"{path}/{statement}", data=data)


def positions(app) -> dict[str, dict]:
    """The stored review columns of version 2, by statement key for party b."""
    with app.extensions["db_engine"].connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT s.key, p.review_status, p.review_comment, p.review_counter_quote, "
            "p.review_answer FROM position p JOIN statement s ON s.id = p.statement_id "
            "JOIN party pa ON pa.id = p.party_id JOIN question_set q ON q.id = s.question_set_id "
            "WHERE pa.key = 'b' AND q.version = 2")).all()
    return {r[0]: {"status": r[1], "comment": r[2], "counter_quote": r[3], "answer": r[4]}
            for r in rows}


def audit_actions(app) -> list[str]:
    """Every audited action of the example set, oldest first."""
    with app.extensions["db_engine"].connect() as conn:
        return list(conn.execute(sa.select(AuditEntry.action).order_by(AuditEntry.id))
                    .scalars())


def test_a_link_is_shown_once_and_only_its_hash_is_stored(app, editor):
    path, token = make_link(editor)
    with app.extensions["db_engine"].connect() as conn:
        stored = conn.execute(sa.select(ReviewLink.token_hash)).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    version_page = editor.get(f"{V2}/").get_data(as_text=True)
    assert token not in version_page and "Parti B i Exempelstad" in version_page
    assert "aktiv" in version_page
    # Asking marks the party's stated positions as pending (still "not reviewed" to voters).
    assert {k: v["status"] for k, v in positions(app).items()} == {
        "ordningsvakter": "pending", "kameror-restriktivt": "pending"}
    assert "review.link" in audit_actions(app)


@pytest.mark.parametrize("data, message", [
    ({"party": "zz", "days": "14"}, "Inte ett giltigt val"),
    ({"party": "b", "days": "0"}, "Välj mellan 1 och 90 dagar."),
    ({"party": "b", "days": "x"}, "flash-error"),
    ({"party": "b", "days": "1000000000000"}, "Välj mellan 1 och 90 dagar."),
])
def test_bad_link_requests_change_nothing(app, editor, data, message):
    response = post(editor, f"{V2}/granskning", data, follow_redirects=True)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.extensions["db_engine"].connect() as conn:
        assert conn.execute(sa.select(sa.func.count(ReviewLink.id))).scalar_one() == 0


def test_published_versions_get_no_new_links(app, editor):
    assert post(editor, "/admin/exempel/v1/granskning",
                {"party": "b", "days": "14"}).status_code == 409


def test_party_page_shows_positions_privately_and_takes_answers(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE)
    path, _token = make_link(editor)
    party = app.test_client()
    page = party.get(path)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert RATIONALE in html and "Vi vill ha fler ordningsvakter." in html
    assert "Förslag: texten föreslår eller kräver åtgärden" in html
    assert "Helt för" in html
    # No CSRF token: refused, nothing stored.
    bare = party.post(f"{path}/ordningsvakter", data={"ordningsvakter-verdict": "confirm"})
    assert bare.status_code == 400
    # An objection without a comment is refused with a clear message.
    empty = answer(party, path, "kameror-restriktivt", verdict="object", comment=" ")
    assert empty.status_code == 400 and "Skriv vad ni invänder mot." in empty.get_data(
        as_text=True)
    assert positions(app)["kameror-restriktivt"]["status"] == "pending"
    assert answer(party, path, "ordningsvakter", verdict="confirm").status_code == 303
    objected = answer(party, path, "kameror-restriktivt", verdict="object",
                      comment="Vi vill ha kameror där brotten är många.",
                      counter_quote="Kameror ska användas restriktivt.")
    assert objected.status_code == 303
    stored = positions(app)
    assert stored["ordningsvakter"]["status"] == "confirmed"
    assert stored["kameror-restriktivt"] == {
        "status": "objected", "comment": "Vi vill ha kameror där brotten är många.",
        "counter_quote": "Kameror ska användas restriktivt.", "answer": None}
    assert audit_actions(app)[-2:] == ["review.confirm", "review.object"]
    assert party.get(path + "/ordningsvakter").status_code == 405
    assert answer(party, path, "finns-inte", verdict="confirm").status_code == 404
    # The answers change the draft's content hash, like any edit.
    assert set_row(app, "exempel", 2)["content_hash"] != set_row(app, "exempel", 1)[
        "content_hash"]


def test_unknown_revoked_and_expired_links(app, editor):
    party = app.test_client()
    assert party.get("/granska/" + "x" * 43).status_code == 404
    assert party.get("/granska/" + "x" * 300).status_code == 404
    path, _token = make_link(editor)
    version_page = editor.get(f"{V2}/").get_data(as_text=True)
    link_id = re.search(r"/granskning/(\d+)/sparra", version_page).group(1)
    assert post(editor, f"/admin/andra/granskning/{link_id}/sparra").status_code == 404
    assert post(editor, f"/admin/exempel/granskning/{link_id}/sparra").status_code == 303
    assert post(editor, "/admin/exempel/granskning/999/sparra").status_code == 404
    revoked = party.get(path)
    assert revoked.status_code == 410 and "spärrad" in revoked.get_data(as_text=True)
    assert "review.revoke" in audit_actions(app)
    path, _token = make_link(editor)
    form_token = CSRF.search(party.get(path).get_data(as_text=True)).group(1)  # page still open
    with app.extensions["db_engine"].begin() as conn:
        conn.execute(sa.update(ReviewLink).where(ReviewLink.revoked_at.is_(None)).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    expired = party.get(path)
    assert expired.status_code == 410 and "har gått ut" in expired.get_data(as_text=True)
    late = party.post(f"{path}/ordningsvakter", data={
        "ordningsvakter-csrf_token": form_token, "ordningsvakter-verdict": "confirm"},
        follow_redirects=True)
    assert "Granskningen är stängd för den här länken." in late.get_data(as_text=True)
    assert positions(app)["ordningsvakter"]["status"] == "pending"


def test_objection_resolved_by_editor_and_carried_into_the_published_version(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE)
    path, _token = make_link(editor)
    party = app.test_client()
    answer(party, path, "ordningsvakter", verdict="confirm")
    answer(party, path, "kameror-restriktivt", verdict="object", comment="Fel tolkning.")
    matrix = editor.get(f"{V2}/matris").get_data(as_text=True)
    assert 'cell-objected' in matrix and "Partiet invänder" in matrix
    assert "1 invändning från ett parti är obesvarad." in editor.get(f"{V2}/").get_data(
        as_text=True)
    cell = editor.get(f"{V2}/matris/kameror-restriktivt/b").get_data(as_text=True)
    assert "Partiet invänder mot kodningen" in cell and "Fel tolkning." in cell
    resolve_url = f"{V2}/matris/kameror-restriktivt/b/besvara"
    blank = post(editor, resolve_url, {"answer": "", "row_version": _row_version(cell)},
                 follow_redirects=True)
    assert "Fyll i fältet." in blank.get_data(as_text=True)
    assert positions(app)["kameror-restriktivt"]["status"] == "objected"
    done = post(editor, resolve_url, {"answer": "Citatet säger restriktivt.",
                                      "row_version": _row_version(cell)})
    assert done.status_code == 303
    again = post(editor, resolve_url, {"answer": "Igen.", "row_version": _row_version(cell)},
                 follow_redirects=True)
    assert "ingen obesvarad invändning" in again.get_data(as_text=True)
    assert positions(app)["kameror-restriktivt"]["answer"] == "Citatet säger restriktivt."
    assert "review.resolve" in audit_actions(app)
    log = editor.get("/admin/exempel/logg").get_data(as_text=True)
    for action in ("Granskningslänk skapad", "Partiet bekräftade", "Partiet invände",
                   "Invändning besvarad"):
        assert action in log, action
    # The party can no longer answer a resolved position; it sees the answer.
    page = party.get(path).get_data(as_text=True)
    assert "Citatet säger restriktivt." in page
    assert answer(party, path, "kameror-restriktivt", verdict="confirm").status_code == 303
    assert positions(app)["kameror-restriktivt"]["status"] == "resolved"
    assert post(editor, f"{V2}/publicera").status_code == 303
    # After publishing, the link opens read-only.
    closed = party.get(path).get_data(as_text=True)
    assert "Granskningen är avslutad" in closed and "Skicka svaret" not in closed
    assert answer(party, path, "ordningsvakter", verdict="object",
                  comment="För sent.").status_code == 400  # no form on the page: no token
    # Links can still be revoked after publishing (a link is not version content).
    version_page = editor.get(f"{V2}/").get_data(as_text=True)
    link_id = re.search(r"/granskning/(\d+)/sparra", version_page).group(1)
    assert post(editor, f"/admin/exempel/granskning/{link_id}/sparra").status_code == 303
    assert party.get(path).status_code == 410
    voter = app.test_client()
    html = voter.get("/omgang/exempel/v2/parti/b").get_data(as_text=True)
    assert "Bekräftad av partiet" in html
    assert "Partiet invänder:" in html and "Fel tolkning." in html
    assert "Redaktionens svar:" in html and "Citatet säger restriktivt." in html
    assert RATIONALE not in html
    api = json.loads(voter.get("/api/v1/sets/exempel").get_data(as_text=True))
    assert api["version"] == 2
    assert api["positions"]["b"]["ordningsvakter"]["party_review"]["status"] == "confirmed"
    assert api["positions"]["b"]["ordningsvakter"]["evidence"] == "proposal"
    assert api["positions"]["b"]["kameror-restriktivt"]["party_review"] == {
        "status": "resolved", "comment": "Fel tolkning.", "counter_quote": None,
        "answer": "Citatet säger restriktivt."}
    assert RATIONALE not in json.dumps(api, ensure_ascii=False)
    source = voter.get("/omgang/exempel/v2/kalla/b-program?citat=kameror-restriktivt:b")
    html = source.get_data(as_text=True)
    assert 'class="focused-quote"' in html and "Citatet säger restriktivt." in html
    for junk in ("x:y", "kameror-restriktivt:a", "ordningsvakter", ":", "\x00"):
        page = voter.get("/omgang/exempel/v2/kalla/b-program", query_string={"citat": junk})
        assert page.status_code == 200 and 'class="focused-quote"' not in page.get_data(
            as_text=True), junk
    old = voter.get("/omgang/exempel/v1/parti/b").get_data(as_text=True)
    assert "Inte granskad av partiet" in old and "Bekräftad av partiet" not in old
    # The next draft starts from the published review states.
    assert new_draft(editor, "exempel") == 3
    carried = definition(app, "exempel", 3).statements
    assert [st.positions["b"].review_status for st in carried] == ["confirmed", "resolved"]
    english = app.test_client()
    english.get("/sprak/en?next=/")
    html = english.get("/omgang/exempel/v2/parti/b").get_data(as_text=True)
    assert "Confirmed by the party" in html and "The editors' answer:" in html


def test_rationale_never_reaches_voter_pages(app, editor):
    save_cell(editor, "ordningsvakter", "b", evidence="proposal", rationale=RATIONALE)
    # The editors (and the party review) do see it.
    assert RATIONALE in editor.get(f"{V2}/matris/ordningsvakter/b").get_data(as_text=True)
    assert post(editor, f"{V2}/publicera").status_code == 303
    voter = app.test_client()
    answers = "?s=ee"
    pages = ["/omgang/exempel/v2/", "/omgang/exempel/v2/pastaende/1",
             "/omgang/exempel/v2/parti/b", "/omgang/exempel/v2/kalla/b-program",
             "/omgang/exempel/v2/resultat" + answers, "/api/v1/sets/exempel",
             "/omgang/exempel/v2/partier"]
    for url in pages:
        response = voter.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert RATIONALE not in response.get_data(as_text=True), url


def test_cell_editor_checks_evidence_and_review_fields(app, editor):
    refused = save_cell(editor, "ordningsvakter", "b", evidence="goal")
    assert refused.status_code == 400
    assert "+2 kräver att belägget är ett förslag eller ett enkätsvar" in refused.get_data(
        as_text=True)
    bogus = save_cell(editor, "ordningsvakter", "b", evidence="rykte")
    assert bogus.status_code == 400
    no_answer = save_cell(editor, "ordningsvakter", "b", review_status="resolved",
                          review_comment="Fel.")
    assert no_answer.status_code == 400
    assert "En besvarad invändning behöver redaktionens offentliga svar." in \
        no_answer.get_data(as_text=True)
    assert positions(app)["ordningsvakter"]["status"] == "not_asked"
    ok = save_cell(editor, "ordningsvakter", "b", value="1", evidence="goal",
                   rationale=RATIONALE, review_status="confirmed")
    assert ok.status_code == 303
    # Changing the coding after the party confirmed sends the review back to pending.
    changed = save_cell(editor, "ordningsvakter", "b", value="2", evidence="proposal",
                        rationale=RATIONALE, review_status="confirmed")
    assert changed.status_code == 303
    assert positions(app)["ordningsvakter"]["status"] == "pending"
    with app.extensions["db_engine"].connect() as conn:
        kinds = conn.execute(sa.select(Position.evidence_kind, Position.rationale)
                             .where(Position.evidence_kind.is_not(None))).all()
    assert kinds == [("proposal", RATIONALE)]


@pytest.mark.parametrize("fields", [
    {"verdict": "maybe"}, {"verdict": "object", "comment": "\x00"},
    {"verdict": "object", "comment": "x" * 5000}, {"verdict": ["confirm", "object"]},
    {"verdict": "object", "comment": "Fel\x00 tolkning.", "counter_quote": "\x00"}, {},
])
def test_junk_answers_get_a_clear_refusal_not_a_server_error(app, editor, fields):
    path, _token = make_link(editor)
    party = app.test_client()
    response = answer(party, path, "kameror-restriktivt", **fields)
    assert response.status_code in (303, 400)
    stored = positions(app)["kameror-restriktivt"]
    if stored["status"] == "objected":
        assert stored == {"status": "objected", "comment": "Fel tolkning.",
                          "counter_quote": None, "answer": None}
    else:  # two verdicts at once: the form reads the first one
        assert stored["status"] == ("confirmed" if "verdict" in fields and isinstance(
            fields["verdict"], list) else "pending")
    for junk in ("/granska/%00", "/granska/" + "é" * 50, "/granska/x/y/z"):
        assert party.get(junk).status_code == 404
