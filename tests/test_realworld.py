"""Real-world shapes in, on both databases: validate, load, render and score a 40 x 38 set."""

from __future__ import annotations

from realworld import LONG_TEXT, N_PARTIES, N_STATEMENTS, realworld_set

from compass.questionsets import lint, parse_text


def test_a_real_world_set_validates_with_warnings_only():
    qs = parse_text(realworld_set(), "riktiga.yaml")
    assert len(qs.parties) == N_PARTIES and len(qs.statements) == N_STATEMENTS
    codes = {p.code for p in lint(qs)}
    assert "lint_long_statement" in codes  # 180 characters: a warning, not an error


def test_a_real_world_set_loads_renders_and_scores(app, tmp_path):
    (tmp_path / "riktiga.yaml").write_text(realworld_set(), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load", str(tmp_path / "riktiga.yaml")])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    statement = client.get("/omgang/riktiga-data/v1/pastaende/1").get_data(as_text=True)
    assert LONG_TEXT in statement
    qs = parse_text(realworld_set(), "riktiga.yaml")
    quoting = next(key for key, pos in qs.statements[0].positions.items() if pos and pos.quote)
    source = client.get(f"/omgang/riktiga-data/v1/kalla/{quoting}-program").get_data(as_text=True)
    # the quote, typed composed, is marked in the source's own (decomposed) form
    assert "<mark>Vi vill att kommunen fo\u0308rbättrar trygghet</mark>" in source
    answers = {f"s{j:02d}": (j % 5) - 2 for j in range(N_STATEMENTS)}
    match = client.post("/api/v1/sets/riktiga-data/match", json={"answers": answers})
    assert match.status_code == 200
    results = match.get_json()["results"]
    assert len(results) == N_PARTIES
    assert all(r["score"] is None or 0 <= r["score"] <= 100 for r in results)
    party = client.get("/omgang/riktiga-data/v1/parti/p05")
    assert party.status_code == 200 and "Partiets eget svar" in party.get_data(as_text=True)
