"""The embeddable card: compact, Swedish, framable by any site, linking to the quiz."""

from __future__ import annotations

import pytest
from helpers import DEFAULT_SET, VALID, make_loaded_app

from compass.embed.views import short_description


@pytest.fixture
def embed(app, client):
    """A client of an app with the small example set loaded."""
    make_loaded_app(app, VALID / "exempel.yaml")
    return client


def test_card_shows_the_set_and_links_to_the_quiz(embed):
    response = embed.get("/embed/exempel")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "<h1>Exempelomgång</h1>" in page
    assert "Exempelstad" in page and "2 påståenden" in page
    assert "Två påståenden om trygghet, för att visa formatet." in page
    assert ('<a class="button primary" href="/omgang/exempel/" target="_blank" '
            'rel="noopener">Starta') in page
    assert "/static/css/site.css" in page
    # No site chrome: the card sits inside someone else's page.
    assert "site-header" not in page and "site-footer" not in page
    assert "<header" not in page and "<footer" not in page and "<nav" not in page


def test_card_may_be_framed_by_any_site_and_other_pages_not(embed):
    response = embed.get("/embed/exempel")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src 'self'" in csp  # strict, framable
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" not in embed.get("/metod").headers["Content-Security-Policy"]
    assert embed.get("/embed/finns-inte").status_code == 404


def test_card_in_english_when_asked(embed):
    page = embed.get("/embed/exempel?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Example set</h1>" in page


def test_card_shortens_a_long_description(app, client):
    make_loaded_app(app, DEFAULT_SET)
    page = client.get("/embed/trygghet").get_data(as_text=True)
    assert "Trygghet i kommunen" in page and "26 påståenden" in page
    assert "Påståenden om trygghet i kommunen, kodade från fem offentliga texter" in page
    assert "har inte ställts mot varandra i något val" not in page  # the end is cut off
    assert "…" in page


@pytest.mark.parametrize("text, expected", [
    ("Kort text.", "Kort text."),
    ("  mellanrum\n  och  radbrytningar ", "mellanrum och radbrytningar"),
    ("ord " * 100, ("ord " * 100)[:179].rsplit(" ", 1)[0] + "…"),
])
def test_short_description(text, expected):
    shortened = short_description(text)
    assert shortened == expected and len(shortened) <= 180
