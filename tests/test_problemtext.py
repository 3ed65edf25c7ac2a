"""Validator problems for people: every problem of a file at once, in Swedish and English,
placed in words counted from 1; and the database's own limits known to the validator."""

from __future__ import annotations

import dataclasses

import pytest
from flask_babel import force_locale
from helpers import BROKEN, VALID, table_counts

from compass import catalog, problemtext
from compass.db import get_session
from compass.questionsets import QuestionSetError, limits, parse_file, parse_text, validate
from compass.questionsets.messages import EN

BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def test_every_code_has_a_swedish_text():
    assert set(problemtext.TEXTS) == set(EN)


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_every_broken_file_gives_one_line_per_problem_in_both_languages(runner, path):
    english = runner.invoke(args=["validate", "--lang", "en", str(path)])
    swedish = runner.invoke(args=["validate", "--lang", "sv", str(path)])
    plain = runner.invoke(args=["validate", str(path)])
    assert english.exit_code == swedish.exit_code == plain.exit_code == 1
    lines = {name: r.output.strip().splitlines() for name, r in
             (("en", english), ("sv", swedish), ("plain", plain))}
    assert len(lines["en"]) == len(lines["sv"]) == len(lines["plain"]) >= 1
    for en, sv in zip(lines["en"], lines["sv"], strict=True):
        assert en.startswith(f"{path}: line ") and sv.startswith(f"{path}: rad ")
        assert "statements[" not in en + sv and "parties[" not in en + sv  # words, from 1
        assert en != sv


def test_places_are_counted_from_one(app):
    with app.test_request_context(), force_locale("sv"):
        assert problemtext.location("statements[2].positions.c.quote") == \
            "påstående 3, parti c, citat"
        assert problemtext.location("parties[0].sources[1]") == "parti 1, källor 2"
        assert problemtext.location("statements[0].en.text") == "påstående 1, engelska, text"
        assert problemtext.location("kommun") == "kommun"
    with app.test_request_context(), force_locale("en"):
        assert problemtext.location("statements[2].positions.c.quote") == \
            "statement 3, party c, quote"


def test_one_pass_reports_keys_colours_lengths_and_quotes_together():
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8")
    qs = parse_file(VALID / "minimal.yaml")
    broken = (text.replace(f"key: {qs.statements[0].key}\n", "key: Vakter_2\n", 1)
                  .replace(qs.parties[1].colour, "#12345", 1)
                  .replace(qs.statements[0].text, "x" * 201, 1))
    assert broken.count("Vakter_2") == 1
    with pytest.raises(QuestionSetError) as caught:
        parse_text(broken, "many.yaml", base_dir=VALID)
    codes = sorted(p.code for p in caught.value.problems)
    assert codes == ["bad_colour", "bad_key", "too_long"], [str(p) for p in caught.value.problems]


def _at_limits(qs, extra: int = 0, filled: list | None = None):
    """The set with every limited text at its maximum (+ extra characters)."""
    filled = [] if filled is None else filled

    def fill(item, fields):
        changes = {}
        for name, limit in fields.items():
            if getattr(item, name, None) is None and not name.endswith("_en"):
                continue
            if name == "url":
                changes[name] = "https://example.org/" + "u" * (limit - 20 + extra)
            elif name == "language":
                changes[name] = "sv-" + "x" * (limit - 3 + extra)
            else:
                changes[name] = "T" * (limit + extra)
        filled.extend(changes)
        return dataclasses.replace(item, **changes)

    parties = tuple(fill(p, {k: v for k, v in limits.PARTY_FIELDS.items() if k != "key"})
                    for p in qs.parties)
    sources = tuple(fill(s, {k: v for k, v in limits.SOURCE_FIELDS.items() if k != "key"})
                    for s in qs.sources)
    statements = tuple(fill(s, {k: v for k, v in limits.STATEMENT_FIELDS.items() if k != "key"})
                       for s in qs.statements)
    top = fill(qs, {k: v for k, v in limits.SET_FIELDS.items() if k != "slug"})
    return dataclasses.replace(top, parties=parties, sources=sources, statements=statements)


def test_a_set_at_every_limit_loads_and_one_over_is_refused_on_both_databases(app):
    qs = parse_file(VALID / "exempel.yaml")
    at_limit = _at_limits(qs)
    assert validate(at_limit) == []
    filled: list[str] = []
    over = validate(_at_limits(qs, extra=1, filled=filled))
    assert len(filled) >= 12  # every kind of limited field, in every part of the set
    assert [p.code for p in over] == ["too_long"] * len(filled), [str(p) for p in over]
    with app.app_context():
        session = get_session()
        catalog.load_definition(session, at_limit)
        session.commit()
        assert table_counts(app)["statement"] == len(qs.statements)
