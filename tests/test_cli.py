"""The command line: load (idempotent, all-or-nothing), validate, export, setup."""

from __future__ import annotations

from helpers import BROKEN, VALID, make_loaded_app, table_counts

from compass.questionsets import parse_file, parse_text


def test_load_twice_changes_nothing(app, runner):
    first = runner.invoke(args=["load", str(VALID / "exempel.yaml")])
    assert first.exit_code == 0 and "exempel version 1: created" in first.output
    counts = table_counts(app)
    second = runner.invoke(args=["load", str(VALID / "exempel.yaml")])
    assert second.exit_code == 0 and "exempel version 1: unchanged" in second.output
    assert table_counts(app) == counts
    assert counts["question_set"] == 1 and counts["statement"] == 2 and counts["position"] == 4


def test_load_is_all_or_nothing_across_files(app, runner):
    result = runner.invoke(args=["load", str(VALID / "exempel.yaml"),
                                 str(BROKEN / "quote_not_found.yaml")])
    assert result.exit_code == 1
    assert "quote not found in source 'a-text'" in result.output
    assert "nothing loaded" in result.output
    assert set(table_counts(app).values()) == {0}


def test_changed_published_version_is_refused_and_nothing_changes(app, runner, tmp_path):
    make_loaded_app(app, VALID / "minimal.yaml")
    before = table_counts(app)
    changed = tmp_path / "minimal.yaml"
    changed.write_text((VALID / "minimal.yaml").read_text().replace(
        "title: Trasig omgång", "title: Ny titel"))
    result = runner.invoke(args=["load", str(changed)])
    assert result.exit_code == 1 and "raise 'version'" in result.output
    assert table_counts(app) == before


def test_changed_draft_is_replaced(app, runner, tmp_path):
    draft = tmp_path / "draft.yaml"
    text = (VALID / "minimal.yaml").read_text().replace("status: published", "status: draft")
    draft.write_text(text)
    make_loaded_app(app, draft)
    draft.write_text(text.replace("title: Trasig omgång", "title: Ny titel"))
    result = runner.invoke(args=["load", str(draft)])
    assert result.exit_code == 0 and "replaced" in result.output
    assert table_counts(app)["question_set"] == 1
    exported = runner.invoke(args=["export", "trasig"])
    assert "title: Ny titel" in exported.output


def test_validate_prints_one_line_per_problem_and_exits_1(runner):
    files = sorted(str(p) for p in BROKEN.glob("*.yaml"))
    result = runner.invoke(args=["validate", *files])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == len(files)
    assert all(line.split(":", 1)[0] in files for line in lines)


def test_validate_accepts_valid_files(runner):
    result = runner.invoke(args=["validate", str(VALID / "exempel.yaml")])
    assert result.exit_code == 0 and "1 file(s) valid" in result.output


def test_export_round_trip_through_the_database(app, runner, tmp_path):
    make_loaded_app(app, VALID / "exempel.yaml")
    original = parse_file(VALID / "exempel.yaml")
    result = runner.invoke(args=["export", "exempel"])
    assert result.exit_code == 0
    assert parse_text(result.output, "stdout.yaml") == original
    folder = runner.invoke(args=["export", "exempel", "-o", str(tmp_path / "out")])
    assert folder.exit_code == 0
    assert parse_file(tmp_path / "out" / "exempel.yaml") == original


def test_export_unknown_set_fails_clearly(runner):
    result = runner.invoke(args=["export", "finns-inte"])
    assert result.exit_code == 1 and "no question set 'finns-inte'" in result.output


def test_setup_migrates_and_loads_shipped_sets_idempotently(app, runner):
    assert runner.invoke(args=["setup"]).exit_code == 0
    counts = table_counts(app)
    assert counts["question_set"] >= 1
    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert table_counts(app) == counts
