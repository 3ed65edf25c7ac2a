"""Public pages: the landing page, language switch, error pages."""

from __future__ import annotations

import pytest
from helpers import VALID, make_loaded_app


def test_landing_page_lists_published_sets(app, client):
    make_loaded_app(app, VALID / "exempel.yaml")
    page = client.get("/").get_data(as_text=True)
    assert "Exempelomgång" in page
    assert "Exempelstad" in page and "Kommunvalet 2022" in page
    assert "2 påståenden" in page and "2 partier" in page
    assert '<html lang="sv">' in page


def test_landing_page_hides_drafts(app, client, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text((VALID / "minimal.yaml").read_text().replace("status: published",
                                                                   "status: draft"))
    make_loaded_app(app, draft)
    page = client.get("/").get_data(as_text=True)
    assert "Trasig omgång" not in page
    assert "Det finns inga publicerade frågeomgångar ännu." in page


def test_language_switch_to_english_and_back(app, client):
    make_loaded_app(app, VALID / "exempel.yaml")
    response = client.get("/sprak/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Example set" in page
    client.get("/sprak/sv?next=/")
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", ""])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/sprak/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_page_is_a_swedish_404(client):
    response = client.get("/finns/inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_pages_load_no_third_party_assets(app, client):
    make_loaded_app(app, VALID / "exempel.yaml")
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page


def test_the_site_icon_is_inline_so_no_page_asks_for_it(client):
    """Every page carries the icon as a data: URI holding the icon file's own bytes."""
    import re
    from pathlib import Path
    from urllib.parse import unquote

    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<link rel="icon" href="data:image/svg\+xml,([^"]+)" type="image/svg\+xml">',
                      page)
    assert found is not None
    assert " " not in found.group(1) and "#" not in found.group(1)
    icon = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.svg"
    assert unquote(found.group(1)) == icon.read_text(encoding="utf-8").strip()
    assert "favicon" not in page
