"""A database outage: 503 with Retry-After and a Swedish page, published sets and cached
results served from memory, /healthz alive and /readyz not, then recovery without a restart
and no acknowledged answer lost.

The test stops and restarts its own private PostgreSQL cluster (the suite's shared one keeps
running for the other tests); SQLite cannot go away, so this test is PostgreSQL only.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from conftest import IN_CI, _as_postgres, _free_port, _pg_bin
from helpers import DEFAULT_SET, make_loaded_app
from test_classroom import answer, csrf_from, join_class, make_class, rows

from compass import create_app, setview
from compass.migrate import upgrade

ANSWERS = "ebdaecdbaecdabecdbeacdbeab"


class Cluster:
    """A PostgreSQL cluster of this module alone, which the test may stop and start."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="valkompass-outage-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if self.folder.owner() != "postgres" and _as_postgres(["x"])[0] == "runuser":
            shutil.chown(self.folder, "postgres")
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(self.data), "-A",
                                     "trust", "-U", "postgres", "-E", "UTF8",
                                     "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _ctl(self, *args: str) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off")
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                                     str(self.folder / "log"), "-o", options, "-w", *args]),
                       check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._ctl("start")

    def stop(self) -> None:
        """Stop the server at once, as a crash or a failover would."""
        self._ctl("-m", "immediate", "stop")


@pytest.fixture(scope="module")
def cluster():
    bindir = _pg_bin()
    if bindir is None:
        if IN_CI:
            pytest.fail("PostgreSQL binaries not found and CI=true", pytrace=False)
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    server = Cluster(bindir)
    server.start()
    try:
        yield server
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(server.data), "-m",
                                     "immediate", "stop"]), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        shutil.rmtree(server.folder, ignore_errors=True)


def test_outage_gives_503s_serves_memory_and_recovers(cluster):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/postgres"
    upgrade(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "outage",
                      "RATELIMIT_ENABLED": False})
    make_loaded_app(app, DEFAULT_SET)
    code, _token = make_class(app)
    voter, student = app.test_client(), app.test_client()
    assert join_class(student, code).status_code == 303
    acknowledged = 0
    for number in range(1, 6):
        if answer(student, code, number, "1").status_code == 303:
            acknowledged += 1
    result = f"/omgang/trygghet/v1/resultat?s={ANSWERS}"
    warm = {path: voter.get(path).get_data() for path in
            ("/omgang/trygghet/v1/pastaende/1", result, "/embed/trygghet")}
    assert voter.get("/readyz").status_code == 200
    form = student.get(f"/klass/{code}/pastaende/6").get_data(as_text=True)
    token = csrf_from(form)

    cluster.stop()
    try:
        setview.forget_heads()  # the short head cache expired: the lookup meets the outage
        ready = voter.get("/readyz")
        assert ready.status_code == 503 and ready.headers["Retry-After"].isdigit()
        assert voter.get("/healthz").status_code == 200  # liveness: the process is fine
        for path, body in warm.items():  # published sets and cached results from memory
            response = voter.get(path)
            assert response.status_code == 200, path
            assert response.get_data() == body, path
        other = voter.get("/omgang/trygghet/v1/resultat?s=" + ANSWERS[::-1])
        assert other.status_code == 200  # an uncached result, computed from memory
        refused = student.post(f"/klass/{code}/svara", data={
            "csrf_token": token, "nr": "6", "svar": "1", "vikt": "1"})
        assert refused.status_code == 503  # not acknowledged, so not counted below
        needs_database = [voter.get("/"), voter.get(f"/klass/{code}"),
                          voter.get("/api/v1/sets"), student.get(f"/klass/{code}/pastaende/6")]
        for response in needs_database:
            assert response.status_code == 503, response.request.path
            assert response.headers["Retry-After"] == "5"
        page = needs_database[0].get_data(as_text=True)
        assert "Tjänsten når inte sin databas just nu" in page
        assert "Retry-After" in needs_database[2].headers and needs_database[2].is_json
    finally:
        cluster.start()
    started = time.monotonic()
    while voter.get("/readyz").status_code != 200:
        assert time.monotonic() - started < 10, "no recovery within 10 s"
        time.sleep(0.05)
    recovery = time.monotonic() - started
    assert voter.get("/").status_code == 200
    assert answer(student, code, 6, "1").status_code == 303
    acknowledged += 1
    stored = rows(app, code)
    assert len(stored) == 1
    assert sum(c != "." for c in stored[0][0]) == acknowledged  # no acknowledged answer lost
    print(f"recovered {recovery:.2f} s after the restart")
    app.extensions["db_engine"].dispose()
