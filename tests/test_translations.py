"""The English catalogue is complete and consistent with the source, and the app speaks it.

No database fixtures: the catalogue checks read files only, and the smoke test builds its own
SQLite app (one backend is enough to see that the catalogue is wired in).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from compass import create_app
from compass.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "compass" / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

# %(name)s, %(n)d, %.2f, %s and the literal %% — everything Python's %-formatting reads.
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _relative(path: str) -> str:
    return str(Path(path).relative_to(ROOT)) if Path(path).is_absolute() else path


def _messages(catalog):
    return [m for m in catalog if m.id]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogue template as the source tree gives it right now (same call as the Makefile)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l",
        "-k", "lazy_gettext", "-o", str(pot), str(ROOT),
    ])
    with pot.open("rb") as fh:
        return read_po(fh)


@pytest.fixture(scope="module")
def english():
    with EN_PO.open("rb") as fh:
        return read_po(fh, locale="en")


def test_every_source_text_has_an_english_translation(extracted, english):
    """Guard: a new or changed `_()` text without English fails here, listed by msgid."""
    wanted = _messages(extracted)
    assert wanted, "extraction found no messages; is babel.cfg still right?"
    missing = []
    for message in wanted:
        found = english.get(message.id)
        if (found is None or found.fuzzy or found.id != message.id
                or not all(found.string if isinstance(found.string, tuple)
                           else [found.string])):
            where = ", ".join(f"{_relative(f)}:{n}" for f, n in message.locations[:2])
            missing.append(f"{message.id!r}  ({where})")
    assert not missing, (
        f"{len(missing)} msgid(s) lack English; run `make extract-messages`, translate them "
        "in compass/translations/en/LC_MESSAGES/messages.po and compile:\n  "
        + "\n  ".join(missing))


def test_catalogue_is_not_fuzzy(english):
    """`pybabel compile` without --use-fuzzy skips a fuzzy catalogue or entry entirely."""
    assert not english.fuzzy, "the en catalogue header is marked fuzzy"
    assert not [m.id for m in _messages(english) if m.fuzzy]


def test_placeholders_and_plurals_match(english):
    """Each translation keeps exactly the msgid's %-placeholders; plurals have every form."""
    problems = []
    for message in _messages(english):
        if message.pluralizable:
            wanted = sorted(set(_placeholders(message.id[0]) + _placeholders(message.id[1])))
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if len(forms) != english.num_plurals or not all(forms):
                problems.append(f"{message.id[0]!r}: needs {english.num_plurals} plural forms")
            for form in forms:
                if sorted(set(_placeholders(form))) != wanted:
                    problems.append(f"{message.id[0]!r}: {form!r} has "
                                    f"{_placeholders(form)}, msgid has {wanted}")
        elif message.string and _placeholders(message.string) != _placeholders(message.id):
            problems.append(f"{message.id!r}: {message.string!r} has "
                            f"{_placeholders(message.string)}, msgid has "
                            f"{_placeholders(message.id)}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def english_client(tmp_path, english):
    """An app on a fresh SQLite file, reading a catalogue compiled from the committed .po."""
    out = tmp_path / "translations" / "en" / "LC_MESSAGES"
    out.mkdir(parents=True)
    with (out / "messages.mo").open("wb") as fh:
        write_mo(fh, english)
    url = "sqlite:///" + str(tmp_path / "t.sqlite3")
    upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url,
                      "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations")})
    yield app.test_client()
    app.extensions["db_engine"].dispose()


def test_english_is_served_after_choosing_it(english_client):
    client = english_client
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in home and "Frågeomgångar" in home

    response = client.get("/sprak/en?next=/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")

    home = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in home
    assert "Question sets" in home
    assert "Find the parties that think like you" in home
    assert "Frågeomgångar" not in home

    method = client.get("/metod")
    assert method.status_code == 200
    page = method.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "How Valkompass calculates your match" in page
    assert "Distance (Euclidean)" in page
    assert "83.3\u202f%" in page  # "%%" in the msgid became a single "%"
    assert "%%" not in page
