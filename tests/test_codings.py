"""Codings and framing in the format, the database and the agreement computed from them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import QUESTIONS, VALID, make_loaded_app, table_counts

from compass import catalog
from compass.codings import agreement
from compass.db import get_session
from compass.questionsets import dump, parse_file, parse_text, validate_file

CODINGS = VALID / "codings.yaml"
V1_HASH = "1284aed8294944c71b50c69437183c4a5edcc03584729018bc056661ea2467b4"


def _text(replace: tuple[str, str] | None = None, append: str = "") -> str:
    text = CODINGS.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    return text + append


def _problems(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return [f"{p.path}: {p.message}" for p in validate_file(path)]


def test_version_1_of_the_default_set_keeps_its_content_hash():
    # v1 may live in questions/ or (frozen) in questions/archive/.
    files = [*QUESTIONS.glob("*.yaml"), *QUESTIONS.glob("archive/*.yaml")]
    v1 = [qs for qs in map(parse_file, files) if qs.slug == "trygghet" and qs.version == 1]
    assert [qs.content_hash() for qs in v1] == [V1_HASH]


def test_set_level_keys_are_read():
    qs = parse_file(CODINGS)
    assert qs.actors == "aktörer"
    assert qs.framing.startswith("Aktörerna kommer från olika kommuner")
    assert qs.framing_en.startswith("The actors come from")
    assert [c.coder for c in qs.codings] == ["Kodare A", "Kodare B"]
    assert qs.codings[1].values["skolan"] == {"a": None, "b": None}


def test_defaults_leave_the_hash_alone_and_new_keys_change_it():
    qs = parse_file(CODINGS)
    bare = dataclasses.replace(qs, actors="partier", framing=None, framing_en=None, codings=())
    assert "actors" not in dump(bare) and "codings" not in dump(bare)
    hashes = {bare.content_hash(), qs.content_hash(),
              dataclasses.replace(bare, actors="aktörer").content_hash(),
              dataclasses.replace(qs, codings=qs.codings[:1]).content_hash()}
    assert len(hashes) == 4


def test_dump_round_trips_codings_and_framing():
    qs = parse_file(CODINGS)
    text = dump(qs)
    assert "vakter: {a: 2, b: null}" in text
    assert parse_text(text, base_dir=VALID) == qs


@pytest.mark.parametrize(("change", "message"), [
    (("actors: aktörer", "actors: personer"), "actors: 'personer' is not allowed"),
    (("      skolan: {a: null, b: null}\n", ""), "no values for statement 'skolan'"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: null}"),
     "no value for party 'b' (write null"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: null, b: null, c: 1}"),
     "skolan.c: unknown party 'c'"),
    (("      skolan: {a: null, b: null}",
      "      skolan: {a: null, b: null}\n      parken: {a: 1, b: 1}"),
     "codings[1].values.parken: unknown statement 'parken'"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: 3, b: null}"),
     "3 is off the 5-level scale"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: , b: null}"),
     "blank value: write null"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: 1.5, b: null}"),
     "not float 1.5"),
    (("      skolan: {a: null, b: null}", "      skolan: {a: true, b: null}"),
     "not the yes/no value true"),
    (("  - coder: Kodare B", "  - coder: Kodare A"), "duplicate coder 'Kodare A'"),
    (("      skolan: {a: null, b: null}", "      skolan: 5"),
     "codings[1].values.skolan: must be a mapping"),
    (("      kameror: {a: 2, b: -1}\n", "      kameror: {a: 2, b: -1}\n      kameror: {a: 1}\n"),
     "duplicate key 'kameror'"),
    (("  - coder: Kodare B\n", "  - coder: Kodare B\n    comment: x\n"), "unknown key 'comment'"),
    (("en:\n  framing:", "en:\n  ramning:"), "unknown key 'ramning'"),
])
def test_bad_codings_and_framing_are_refused_precisely(tmp_path, change, message):
    problems = _problems(_text(change), tmp_path)
    assert len(problems) == 1 and message in problems[0], problems


def test_agreement_from_the_fixture():
    found = agreement(parse_file(CODINGS))
    assert found.coders == ("Kodare A", "Kodare B") and found.cells == 6
    assert found.exact == pytest.approx(4 / 6)
    assert [(d.statement, d.party, d.values, d.current) for d in found.disagreements] == [
        ("kameror", "a", (1, 2), 1), ("skolan", "b", (1, None), 1)]
    assert 0 < found.alpha < 1


def test_one_coding_gives_no_agreement():
    qs = parse_file(CODINGS)
    assert agreement(dataclasses.replace(qs, codings=qs.codings[:1])) is None


def test_codings_load_into_the_database_and_read_back(app, runner):
    make_loaded_app(app, CODINGS)
    counts = table_counts(app)
    assert counts["coding"] == 2 and counts["coding_value"] == 12
    with app.app_context():
        row = catalog.get_set(get_session(), "dubbelkodad", 1)
        assert row.actors == "aktörer" and row.framing_en.startswith("The actors")
        assert catalog.to_definition(row) == parse_file(CODINGS)
    exported = runner.invoke(args=["export", "dubbelkodad"])
    assert exported.exit_code == 0
    assert parse_text(exported.output, base_dir=VALID) == parse_file(CODINGS)
    again = runner.invoke(args=["load", str(CODINGS)])
    assert "unchanged" in again.output and table_counts(app) == counts


def test_validate_prints_the_agreement_of_a_file_with_codings(runner):
    result = runner.invoke(args=["validate", str(CODINGS)])
    assert result.exit_code == 0
    assert "2 codings of 6 cells: Krippendorff's alpha " in result.output
    assert "exact agreement 66.7 %, 2 disagreement(s)" in result.output
