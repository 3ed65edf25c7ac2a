"""The question-set file format: parser, validator, exporter."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import BROKEN, VALID

from compass.questionsets import (
    PositionDef,
    QuestionSetError,
    dump,
    export_to_folder,
    parse_file,
    parse_text,
    quote_in_text,
    validate,
    validate_file,
)

# One broken file per rule; each must give exactly this one problem (line, path, message).
EXPECTED = {
    "blank_position": (44, "statements[0].positions.b", "blank position: write null"),
    "blank_value": (41, "statements[0].positions.a.value", "blank value: write null"),
    "colour_not_rrggbb": (30, "parties[1].colour", "'#ffd70' must be a colour written #rrggbb"),
    "duplicate_mapping_key": (38, "statements[0].easy_read", "duplicate key 'easy_read'"),
    "duplicate_party_key": (27, "parties[1].key", "duplicate key 'a'"),
    "levels_not_3_or_5": (9, "levels", "4 is not allowed (allowed: 3, 5)"),
    "missing_party": (40, "statements[0].positions", "no entry for party 'b'"),
    "position_not_mapping": (44, "statements[0].positions.b", "must be null (no stated position)"),
    "quote_from_other_party": (43, "statements[0].positions.a.source",
                               "'b-text' is not among the sources of party 'a'"),
    "quote_missing": (41, "statements[0].positions.a.quote", "needs a verbatim quote"),
    "quote_not_found": (41, "statements[0].positions.a", "quote not found in source 'a-text'"),
    "required_key_missing": (1, "title", "required key is missing"),
    "source_file_not_found": (20, "sources[1].file", "'sources/finns-inte.txt' not found"),
    "source_url_not_web": (16, "sources[0].url", "must be a web address starting with"),
    "statement_too_long": (36, "statements[0].text", "203 characters; at most 200"),
    "unknown_key": (7, "kommun", "unknown key 'kommun'"),
    "unknown_missing_policy": (10, "missing", "'ignore' is not allowed"),
    "unknown_party": (45, "statements[0].positions.c", "unknown party 'c'"),
    "unknown_source": (31, "parties[1].sources[0]", "unknown source 'b-txt'"),
    "value_boolean": (41, "statements[0].positions.a.value", "not the yes/no value true"),
    "value_not_integer": (41, "statements[0].positions.a.value", "not float 1.5"),
    "value_off_scale": (41, "statements[0].positions.a.value", "3 is off the 5-level scale"),
    "yaml_syntax_error": (38, "", "YAML syntax error"),
}


def test_every_broken_file_has_an_expectation():
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_one_precise_problem(name):
    path = BROKEN / f"{name}.yaml"
    problems = validate_file(path)
    line, where, message = EXPECTED[name]
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.file, problem.line, problem.path) == (str(path), line, where)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}: ")


def test_the_broken_files_differ_from_a_valid_base_only_in_their_fault():
    assert validate_file(VALID / "minimal.yaml") == []


def test_readme_example_is_valid_and_complete():
    qs = parse_file(VALID / "exempel.yaml")
    assert [s.key for s in qs.statements] == ["ordningsvakter", "kameror-restriktivt"]
    assert qs.statements[0].positions["a"] == PositionDef()
    assert qs.statements[0].positions["b"].value == 2
    assert qs.statements[0].text_en == "The municipality should employ more security guards."


def test_explicit_null_spellings_mean_no_stated_position():
    text = (VALID / "minimal.yaml").read_text()
    for spelling in ("null", "~", "Null"):
        qs = parse_text(text.replace("      b: null\n", f"      b: {spelling}\n"))
        assert qs.statements[0].positions["b"] == PositionDef()


def test_value_null_with_a_note_is_kept():
    explained = "      b:\n        value: null\n        note: Texten nämner inte vakter.\n"
    text = (VALID / "minimal.yaml").read_text().replace("      b: null\n", explained)
    qs = parse_text(text)
    assert qs.statements[0].positions["b"] == PositionDef(note="Texten nämner inte vakter.")


def test_quote_matching_ignores_only_whitespace():
    source = "Vi vill   ha fler\n  ordningsvakter."
    assert quote_in_text("Vi vill ha fler ordningsvakter.", source)
    assert quote_in_text("ha  fler\tordningsvakter", source)
    assert not quote_in_text("vi vill ha fler ordningsvakter.", source)  # case matters
    assert not quote_in_text("Vi vill ha fler poliser.", source)
    assert not quote_in_text("   ", source)


def test_several_problems_are_all_reported_in_line_order():
    text = (VALID / "minimal.yaml").read_text()
    text = text.replace("levels: 5\n", "levels: 7\n")
    text = text.replace("    direction: more\n", "    direction: mer\n")
    with pytest.raises(QuestionSetError) as info:
        parse_text(text, "f.yaml")
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines) and len(lines) == 2
    assert "f.yaml:9: levels:" in str(info.value)


def test_round_trip_through_yaml_text_is_identical():
    original = parse_file(VALID / "exempel.yaml")
    again = parse_text(dump(original), "exported.yaml")
    assert again == original
    assert again.content_hash() == original.content_hash()


def test_round_trip_through_folder_is_identical(tmp_path):
    original = parse_file(VALID / "exempel.yaml")
    path = export_to_folder(original, tmp_path)
    assert (tmp_path / "sources" / "a-program.txt").read_text() == original.sources[0].text
    assert parse_file(path) == original


def test_validate_works_on_a_definition_without_a_file():
    qs = parse_file(VALID / "exempel.yaml")
    st = qs.statements[0]
    bad = dataclasses.replace(st, positions={**st.positions, "b": PositionDef(
        value=2, quote="Vi vill ha fler poliser.", source="b-program")})
    problems = validate(dataclasses.replace(qs, statements=(bad, *qs.statements[1:])))
    assert [(p.line, p.path, p.code, dict(p.params)) for p in problems] == [
        (1, "statements[0].positions.b", "quote_not_found", {"source": "b-program"})]
    assert str(problems[0]).startswith(
        "<draft>:1: statements[0].positions.b: quote not found in source 'b-program'")


def test_source_files_outside_the_set_folder_are_refused(tmp_path):
    text = (VALID / "minimal.yaml").read_text().replace(
        "    text: Kameror ska användas restriktivt.\n", "    file: ../../etc/passwd\n")
    (tmp_path / "set.yaml").write_text(text)
    problems = validate_file(tmp_path / "set.yaml")
    assert len(problems) == 1 and "must be a path inside the folder" in problems[0].message


def _set_reading_source_file(tmp_path, folder: str, rel: str):
    """Write minimal.yaml into tmp_path/folder with its second source read from `rel`."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "b.txt").write_text("Kameror ska användas restriktivt.\n")
    text = (VALID / "minimal.yaml").read_text().replace(
        "    text: Kameror ska användas restriktivt.\n", f"    file: {rel}\n")
    (tmp_path / folder).mkdir(exist_ok=True)
    (tmp_path / folder / "set.yaml").write_text(text)
    return tmp_path / folder / "set.yaml"


def test_an_archived_set_reads_the_sources_of_the_folder_above(tmp_path):
    path = _set_reading_source_file(tmp_path, "archive", "../sources/b.txt")
    assert validate_file(path) == []


@pytest.mark.parametrize("folder, rel", [
    ("older", "../sources/b.txt"),          # only archive/ shares the folder above
    ("archive", "../../etc/passwd"),        # and not beyond it
])
def test_source_files_outside_the_allowed_folder_are_refused(tmp_path, folder, rel):
    problems = validate_file(_set_reading_source_file(tmp_path, folder, rel))
    assert len(problems) == 1 and "must be a path inside the folder" in problems[0].message


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("- just\n- a list\n", "must be a mapping"),
    ("slug: [unclosed\n", "YAML syntax error"),
])
def test_degenerate_documents(text, message):
    with pytest.raises(QuestionSetError) as info:
        parse_text(text, "x.yaml")
    assert message in str(info.value)


@pytest.mark.parametrize(("target", "field", "limit", "path"), [
    ("parties", "name_en", 200, "parties[1].en.name"),
    ("parties", "short_name_en", 80, "parties[1].en.short_name"),
    ("sources", "title_en", 300, "sources[1].en.title"),
    ("statements", "theme_en", 120, "statements[1].en.theme"),
])
def test_english_names_titles_and_themes_have_the_limit_of_their_swedish_field(
        target, field, limit, path):
    qs = parse_file(VALID / "exempel.yaml")
    items = list(getattr(qs, target))
    items[1] = dataclasses.replace(items[1], **{field: "x" * limit})
    assert validate(dataclasses.replace(qs, **{target: tuple(items)})) == []
    items[1] = dataclasses.replace(items[1], **{field: "x" * (limit + 1)})
    problems = validate(dataclasses.replace(qs, **{target: tuple(items)}))
    assert [(p.path, p.code) for p in problems] == [(path, "too_long")]
    # Written and read back, the English field sits under `en:` where the path says.
    text = dump(dataclasses.replace(qs, **{target: tuple(items)}))
    with pytest.raises(QuestionSetError) as caught:
        parse_text(text)
    assert [p.path for p in caught.value.problems] == [path]
