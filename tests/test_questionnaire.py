"""Questionnaire answers as positions: the party's own answer, no quote, shown as its own words."""

from __future__ import annotations

import pytest
from helpers import make_loaded_app

from compass.questionsets import QuestionSetError, dump, parse_text

SET = """\
slug: enkat
version: 1
status: published
title: Enkätomgång
description: Partiernas egna svar på redaktionens enkät.
municipality: Exempelstad
year: 2026
language: sv
levels: 5
missing: exclude
coded_by: Redaktionen
sources:
  - key: enkat-2026
    title: Redaktionens enkät 2026
    publisher: Exempeltidningen
    text: Partierna svarade på påståendena i maj 2026.
  - key: a-program
    title: Program
    publisher: Parti A
    text: Vi vill ha fler ordningsvakter.
parties:
  - key: a
    name: Parti A
    short_name: A
    colour: "#ffd700"
    sources: [a-program]
  - key: b
    name: Parti B
    short_name: B
    colour: "#0b5cad"
    sources: []
statements:
  - key: vakter
    theme: Ordning
    text: Kommunen bör anställa fler ordningsvakter.
    positions:
      a: {value: 2, quote: Vi vill ha fler ordningsvakter., source: a-program, evidence: proposal}
      b:
        value: -2
        source: enkat-2026
        evidence: questionnaire
        justification: Pengarna gör mer nytta i skolan.
        answered: 2026-05-04
  - key: kameror
    theme: Kameror
    text: Kommunen bör sätta upp fler kameror.
    positions:
      a: null
      b: {value: 1, source: enkat-2026, evidence: questionnaire}
"""


def test_a_questionnaire_answer_needs_no_quote_and_round_trips():
    qs = parse_text(SET, "enkat.yaml")
    answer = qs.statements[0].positions["b"]
    assert (answer.value, answer.quote, answer.evidence) == (-2, None, "questionnaire")
    assert (answer.justification, answer.answered) == ("Pengarna gör mer nytta i skolan.",
                                                       "2026-05-04")
    assert parse_text(dump(qs), "again.yaml") == qs


@pytest.mark.parametrize(("change", "code"), [
    (("evidence: questionnaire\n        justification", "evidence: goal\n        justification"),
     "questionnaire_only"),
    (("answered: 2026-05-04", "answered: 4 maj"), "bad_date"),
    (("{value: 1, source: enkat-2026, evidence: questionnaire}", "{value: 1, source: enkat-2026}"),
     "quote_missing"),
])
def test_what_only_a_questionnaire_answer_may_do_is_checked(change, code):
    with pytest.raises(QuestionSetError) as caught:
        parse_text(SET.replace(*change), "enkat.yaml")
    assert code in [p.code for p in caught.value.problems]


def test_voters_see_the_partys_own_answer_apart_from_quotes(app, tmp_path):
    (tmp_path / "enkat.yaml").write_text(SET, encoding="utf-8")
    make_loaded_app(app, tmp_path / "enkat.yaml")
    client = app.test_client()
    page = client.get("/omgang/enkat/v1/parti/b").get_data(as_text=True)
    assert "Partiets eget svar" in page and "Pengarna gör mer nytta i skolan." in page
    assert "Partiet svarade utan motivering." in page
    quoted = client.get("/omgang/enkat/v1/parti/a").get_data(as_text=True)
    assert "Citat ur partiets program" in quoted and "Partiets eget svar" not in quoted
    api = client.get("/api/v1/sets/enkat").get_json()
    cell = api["positions"]["b"]["vakter"]
    assert cell["evidence"] == "questionnaire" and cell["quote"] is None
    assert cell["justification"] == "Pengarna gör mer nytta i skolan."
    assert cell["answered"] == "2026-05-04"
    match = client.post("/api/v1/sets/enkat/match", json={"answers": {"vakter": -2,
                                                                      "kameror": 1}})
    assert match.status_code == 200
    ranking = match.get_json()["results"]
    assert ranking[0]["party"] == "b"


def test_a_newsroom_brings_a_questionnaire_round_as_a_spreadsheet(app):
    import io

    from helpers import table_counts
    from test_admin_support import definition, editor_client, load_exempel, new_draft, post

    load_exempel(app)
    editor = editor_client(app)
    new_draft(editor, "exempel")
    url = "/admin/exempel/v2/importera-enkat"
    rows = ("pastaende;parti;svar;motivering;datum\r\n"
            "ordningsvakter;B;helt emot;Vi satsar hellre på fritidsgårdar.;2026-05-04\r\n"
            "Kommunen bör ha fler trygghetsvärdar.;Parti C;2;;2026-05-05\r\n"
            "Kommunen bör ha fler trygghetsvärdar.;a;;;\r\n")

    def upload(text):
        return post(editor, url, {"title": "Exempeltidningens enkät 2026",
                                  "file": (io.BytesIO(text.encode()), "enkat.csv")},
                    content_type="multipart/form-data")

    counts = table_counts(app)
    bad = upload("pastaende;parti;svar\r\nordningsvakter;b;kanske\r\nordningsvakter;;1\r\n")
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "rad 2: svaret &#39;kanske&#39; går inte att läsa" in html
    assert "rad 3: påstående och parti måste anges" in html
    assert table_counts(app) == counts
    done = upload(rows)
    assert done.status_code == 303, done.get_data(as_text=True)[-1500:]
    qs = definition(app, "exempel", 2)
    answer = qs.statements[0].positions["b"]
    assert (answer.value, answer.evidence, answer.quote) == (-2, "questionnaire", None)
    assert answer.justification == "Vi satsar hellre på fritidsgårdar."
    assert [p.name for p in qs.parties][-1] == "Parti C"
    new = qs.statements[-1]
    assert new.text == "Kommunen bör ha fler trygghetsvärdar."
    assert new.positions["parti-c"].value == 2 and new.positions["a"].value is None
    overview = editor.get("/admin/exempel/v2/").get_data(as_text=True)
    assert "Validatorn hittar inga problem" in overview
