"""Fixtures: an app per test on SQLite *and* on a real PostgreSQL server the suite starts itself.

Every test that asks for `app` (or `database_url`) runs twice, ids `[sqlite]` and
`[postgresql]`. The PostgreSQL cluster is private to the test session (initdb in a temporary
folder, a free TCP port on 127.0.0.1) and stopped at the end. When its binaries are missing the
PostgreSQL variants are skipped — except with `CI=true`, where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from helpers import fresh_database

from compass import create_app
from compass.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root; the image's `postgres` user owns the cluster then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def missing_tool(message: str) -> None:
    """Skip the test for want of a system tool, or fail it under CI=true (.ci/run installs it)."""
    if IN_CI:
        pytest.fail(message + " and CI=true", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server():
    """Start a disposable PostgreSQL cluster; yield its server URL (without database)."""
    bindir = _pg_bin()
    if bindir is None:
        missing_tool("PostgreSQL binaries (initdb, pg_ctl) not found: install the postgresql "
                     "package")
    folder = Path(tempfile.mkdtemp(prefix="valkompass-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                 str(folder / "log"), "-o", options, "-w", "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "-w", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    """A PostgreSQL database migrated once; each test clones it with CREATE DATABASE … TEMPLATE."""
    admin = sa.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("CREATE DATABASE valkompass_template"))
    admin.dispose()
    upgrade(f"{postgres_server}/valkompass_template")
    return "valkompass_template"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A freshly migrated, empty database on each backend."""
    with fresh_database(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture
def app(database_url):
    """An app on a fresh database of each backend."""
    application = create_app({"TESTING": True, "DATABASE_URL": database_url,
                              "SECRET_KEY": "test-secret-key"})
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def editor(app):
    """A signed-in editor and the example set with a draft version 2."""
    from test_admin_support import editor_client, load_exempel, new_draft

    load_exempel(app)
    client = editor_client(app)
    assert new_draft(client, "exempel") == 2
    return client


@pytest.fixture
def runner(app):
    """A CLI runner of `app`."""
    return app.test_cli_runner()


# ---------------------------------------------------------------------------- browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium (Playwright cannot download browsers here)."""
    if not Path(CHROMIUM).exists():
        missing_tool("Chromium not found (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROME_ARGS}


@pytest.fixture
def live_server(app):
    """Serve `app` on a free local port in a thread; yield its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Contexts bypass the CSP so axe-core can be injected; test_security checks the CSP."""
    return {**browser_context_args, "bypass_csp": True, "locale": "sv-SE"}
