"""Coding lints: one file per lint triggers exactly it; `validate --strict` makes them errors."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from helpers import VALID, table_counts

from compass.questionsets import lint, lint_file, parse_file
from compass.questionsets.lints import lix

LINTS = Path(__file__).resolve().parent / "questionsets" / "lints"

# One file per lint; each must give exactly this one warning (line, path, message).
EXPECTED = {
    "negation": (40, "statements[0].text", "worded with a negation ('inte')"),
    "shared_quote": (53, "statements[1].positions.a",
                     "the same quote already backs the position of 'a' on 'vakter'"),
    "strong_without_marker": (44, "statements[0].positions.a",
                              "+2 but the quote has no proposal marker"),
    "strength_only": (37, "statements[0]", "differ only in strength"),
    "lix_above_40": (41, "statements[0].easy_read", "LIX 103; easy-read text should be at most 40"),
    "everyone_agrees": (37, "statements[0]", "every stated actor takes the same position (+2)"),
}


def test_every_lint_file_has_an_expectation():
    assert sorted(p.stem for p in LINTS.glob("*.yaml")) == sorted([*EXPECTED, "clean"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lint_file_triggers_exactly_its_lint(name):
    found = lint_file(LINTS / f"{name}.yaml")
    line, path, message = EXPECTED[name]
    assert len(found) == 1, [str(p) for p in found]
    assert (found[0].line, found[0].path) == (line, path)
    assert message in found[0].message


def test_the_clean_file_has_no_lints_and_a_vill_list_item_counts_as_a_proposal():
    qs = parse_file(LINTS / "clean.yaml")
    assert qs.statements[1].positions["a"].value == 2  # quoted from a list under "Parti A vill:"
    assert lint(qs) == []


@pytest.mark.parametrize("text", ["Kommunen bör satsa på intensiv utbildning.",
                                  "Utanför skolan behövs fler vuxna.", "Ejder ska skyddas."])
def test_negation_is_whole_words_only(text):
    qs = parse_file(LINTS / "clean.yaml")
    changed = dataclasses.replace(qs, statements=(
        dataclasses.replace(qs.statements[0], text=text), *qs.statements[1:]))
    assert not [p for p in lint(changed) if "negation" in p.message]


def test_lix_of_known_texts():
    # 7 words, 1 sentence, 2 long words ("Kommunen", "gatorna"): 7 + 200/7.
    assert lix("Kommunen ska ha fler vakter på gatorna.") == pytest.approx(7 + 200 / 7)
    # 4 words in 2 sentences, 3 long words (Polisen, patrullerar, hjälper): 2 + 75.
    assert lix("Polisen patrullerar. Det hjälper.") == pytest.approx(2 + 75)
    assert lix("") == 0.0


def test_doctests():
    import doctest

    from compass.questionsets import lints

    outcome = doctest.testmod(lints)
    assert outcome.attempted >= 1 and outcome.failed == 0


def test_validate_warns_without_strict_and_fails_with_it(runner):
    path = str(LINTS / "negation.yaml")
    relaxed = runner.invoke(args=["validate", path])
    assert relaxed.exit_code == 0 and "warning: " in relaxed.output
    strict = runner.invoke(args=["validate", "--strict", path])
    assert strict.exit_code == 1 and "worded with a negation" in strict.output
    assert "warning" not in strict.output


def test_validate_strict_runs_every_lint_over_all_files(runner):
    files = [str(p) for p in sorted(LINTS.glob("*.yaml"))]
    result = runner.invoke(args=["validate", "--strict", *files])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(LINTS))]
    assert len(lines) == len(EXPECTED)
    clean = runner.invoke(args=["validate", "--strict", str(LINTS / "clean.yaml")])
    assert clean.exit_code == 0 and "1 file(s) valid" in clean.output


def test_archived_files_are_frozen_history_exempt_from_strict(runner, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(LINTS / "negation.yaml", archive / "negation.yaml")
    result = runner.invoke(args=["validate", "--strict", str(archive / "negation.yaml")])
    assert result.exit_code == 0 and "lints skipped" in result.output


def test_setup_loads_the_folder_then_its_archive(app, runner, tmp_path):
    folder = tmp_path / "questions"
    (folder / "archive").mkdir(parents=True)
    shutil.copy(VALID / "minimal.yaml", folder / "minimal.yaml")
    shutil.copy(LINTS / "negation.yaml", folder / "archive" / "negation.yaml")
    app.config["QUESTIONS_DIR"] = str(folder)
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert result.output.index("trasig version 1") < result.output.index("negation version 1")
    assert table_counts(app)["question_set"] == 2


def test_an_archived_set_reads_its_sources_from_the_folder_above(app, runner, tmp_path):
    folder = tmp_path / "questions"
    shutil.copytree(VALID / "sources", folder / "sources")
    text = (VALID / "exempel.yaml").read_text(encoding="utf-8").replace(
        "file: sources/", "file: ../sources/")
    (folder / "archive").mkdir()
    (folder / "archive" / "exempel-v1.yaml").write_text(text, encoding="utf-8")
    archived = parse_file(folder / "archive" / "exempel-v1.yaml")
    assert archived.content_hash() == parse_file(VALID / "exempel.yaml").content_hash()
    # Anywhere else a path out of the set's own folder is still refused.
    (folder / "other").mkdir()
    (folder / "other" / "exempel.yaml").write_text(text, encoding="utf-8")
    problems = [p.message for p in lint_file(folder / "other" / "exempel.yaml")]
    assert problems == ["'../sources/a-program.txt' must be a path inside the folder of the "
                        "set file"]
    app.config["QUESTIONS_DIR"] = str(folder)
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0 and "exempel version 1: created" in result.output


@pytest.mark.parametrize(("heading", "flagged"), [
    ("Parti A vill:", False), ("Förslag på lokal nivå:", False), ("Våra förslag:", False),
    ("Parti A anser:", True), ("Parti A vill att staden växer.", True)])
def test_a_list_item_counts_as_a_proposal_only_under_a_proposal_heading(heading, flagged):
    qs = parse_file(LINTS / "clean.yaml")
    source = qs.sources[0]
    changed = dataclasses.replace(qs, sources=(
        dataclasses.replace(source, text=source.text.replace("Parti A vill:", heading)),
        *qs.sources[1:]))
    found = [p.path for p in lint(changed) if "proposal marker" in p.message]
    assert found == (["statements[1].positions.a"] if flagged else [])


def test_skall_is_a_proposal_marker_and_must_is_not():
    qs = parse_file(LINTS / "strong_without_marker.yaml")
    st = qs.statements[0]

    def with_quote(quote: str):
        source = dataclasses.replace(qs.sources[0], text=qs.sources[0].text + "\n" + quote)
        position = dataclasses.replace(st.positions["a"], quote=quote)
        statement = dataclasses.replace(st, positions={**st.positions, "a": position})
        return lint(dataclasses.replace(qs, sources=(source, *qs.sources[1:]),
                                        statements=(statement, *qs.statements[1:])))

    assert with_quote("Fler ordningsvakter skall anställas.") == []
    assert len(with_quote("Fler ordningsvakter måste anställas.")) == 1
