"""The README's shared cache (nginx) in front of two app processes, as deployed.

nginx runs the configuration shown in the README (tests/proxy.py adapts only the port, the
upstreams and the folders) in front of two gunicorn processes on one database: what may be
shared is computed once, what is personal or unstored always reaches an app process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import missing_tool
from proxy import NGINX, ROOT, Nginx, free_port

VENV_BIN = Path(sys.executable).parent


class App:
    """One gunicorn process group with its own access log."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", str(log), "--access-logformat", "%(r)s %(s)s",
             "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def paths(self) -> list[str]:
        time.sleep(0.2)  # the access log is written after the response
        return [line.split(" ")[1] for line in self.log.read_text().splitlines()]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not Path(NGINX).exists():
        missing_tool("nginx not found (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("proxy")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/site.sqlite3",
           "SECRET_KEY": "proxy-test", "TRUSTED_PROXIES": "1"}
    subprocess.run([str(VENV_BIN / "valkompass"), "setup"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    apps = [App(env, folder / f"app{i}.log") for i in range(2)]
    nginx = Nginx([app.port for app in apps], folder / "nginx")
    yield nginx.base, apps
    nginx.stop()
    for app in apps:
        app.process.terminate()
        app.process.wait(10)


def get(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": "sv", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def served(apps, path: str) -> int:
    """Requests for `path` the app processes answered (their logs mask query values)."""
    return sum(p.split("?")[0] == path.split("?")[0] for app in apps for p in app.paths())


def version_path(base: str) -> str:
    _, _, page = get(base + "/omgang/trygghet/")
    return re.search(rb'href="(/omgang/trygghet/v\d+)/pastaende/1"', page).group(1).decode()


def test_a_result_page_is_computed_once_and_then_comes_from_the_cache(site):
    base, apps = site
    path = f"{version_path(base)}/resultat?s=" + "dD-bAe" + "c" * 26
    before = served(apps, path)
    first = get(base + path)
    second = get(base + path)
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache"] == "MISS" and second[1]["X-Cache"] == "HIT"
    assert first[2] == second[2]
    assert served(apps, path) == before + 1


def test_static_files_and_the_set_document_never_reach_the_app(site):
    base, apps = site
    _, _, start = get(base + "/omgang/trygghet/")
    css = re.search(rb'href="(/static/css/site\.css\?v=[^"]+)"', start).group(1).decode()
    document = re.search(rb'data-set="([^"]+)"', start).group(1).decode().replace("&amp;", "&")
    status, headers, body = get(base + css)
    assert status == 200 and "immutable" in headers["Cache-Control"] and b"{" in body
    assert served(apps, css) == 0
    before = served(apps, document)
    first, second = get(base + document), get(base + document)
    assert second[1]["X-Cache"] == "HIT" and "immutable" in second[1]["Cache-Control"]
    assert first[2] == second[2] and served(apps, document) == before + 1


def test_statement_pages_are_never_stored(site):
    base, apps = site
    path = f"{version_path(base)}/pastaende/3?s=ee" + "." * 30
    before = served(apps, path)
    first, second = get(base + path), get(base + path)
    assert first[2] == second[2]
    assert "HIT" not in (first[1].get("X-Cache"), second[1].get("X-Cache"))
    assert served(apps, path) == before + 2


def test_a_session_cookie_bypasses_the_cache(site):
    base, apps = site
    path = f"{version_path(base)}/resultat?s=" + "e" * 32
    get(base + path)
    before = served(apps, path)
    status, headers, _ = get(base + path, Cookie="session=someone")
    assert status == 200 and headers["X-Cache"] == "BYPASS"
    assert served(apps, path) == before + 1


def test_the_cache_keeps_the_languages_apart(site):
    base, _ = site
    english = get(base + "/", **{"Accept-Language": "en"})
    swedish = get(base + "/", **{"Accept-Language": "sv"})
    again = get(base + "/", **{"Accept-Language": "en"})
    assert b'<html lang="en"' in english[2] and b'<html lang="sv"' in swedish[2]
    assert again[2] == english[2] and again[1]["X-Cache"] == "HIT"


def test_both_app_processes_take_requests(site):
    base, apps = site
    for i in range(12):
        get(f"{base}{version_path(base)}/pastaende/1?s={'e' * (i + 1)}{'.' * (31 - i)}")
    assert all(any("/pastaende/1" in p for p in app.paths()) for app in apps)
