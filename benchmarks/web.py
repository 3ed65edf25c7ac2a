"""Measure the voter pages: bytes on the wire (gzip) and result-page throughput under gunicorn.

Usage: .venv/bin/python benchmarks/web.py [--duration 10] [--connections 32] [--workers 2]

1. Page weight: every voter page fetched through the app, gzip level 6, plus the CSS and JS
   it links (no fonts, no images); budget 30 KB per page.
2. Load: gunicorn serving a fresh SQLite database with the shipped sets; wrk (-t2) against
   /healthz (the trivial baseline), a shared result link (one URL, as when a link spreads),
   and distinct result links (random answers per request: no cache can help).
   Everything shares this machine's cores, so compare with the baseline of the same run.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BUDGET = 30 * 1024
ANSWERS = "ebdaecdbaecdabecdbeacdbeab"

RANDOM_RESULT_LUA = """
local chars = {"a","b","c","d","e","A","E","v","-"}
request = function()
  local s = {}
  for i = 1, %d do s[i] = chars[math.random(#chars)] end
  return wrk.format("GET", "%s" .. table.concat(s))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_weights(env: dict[str, str]) -> list[tuple[str, int, int, int]]:
    """Return (page, html bytes, html gzip, total gzip incl. linked CSS/JS) for voter pages."""
    os.environ.update(env)
    from compass import create_app

    app = create_app()
    client = app.test_client()
    base = "/omgang/trygghet/v1"
    pages = {
        "landing /": "/",
        "set start": "/omgang/trygghet/",
        "statement": f"{base}/pastaende/5?s=ebdaE" + "." * 21,
        "party choice": f"{base}/partier?s={ANSWERS}",
        "result": f"{base}/resultat?s={ANSWERS}",
        "party page": f"{base}/parti/c-malmo?s={ANSWERS}",
        "source document": f"{base}/kalla/alliansen-malmo",
        "method": "/metod",
        "privacy": "/integritet",
    }
    rows = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.data
        total = len(gzip.compress(html, 6))
        for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
            total += len(gzip.compress(client.get(asset.decode()).data, 6))
        rows.append((name, len(html), len(gzip.compress(html, 6)), total))
    return rows


def wrk(url: str, duration: int, connections: int, script: str | None = None) -> dict:
    """Run wrk and return requests/s, p50, p99 (ms), errors."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        value = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency("50"), "p99": latency("99"),
            "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else "none"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="valkompass-bench-"))
    env = {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "benchmark"}
    full_env = {**os.environ, **env}
    subprocess.run([str(VENV_BIN / "valkompass"), "setup"], env=full_env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)

    print("Page weight (gzip -6; total includes the linked CSS/JS; budget 30 KB)")
    print(f"{'page':<18}{'HTML':>10}{'HTML gz':>10}{'total gz':>10}")
    for name, raw, html_gz, total in page_weights(env):
        flag = "" if total <= BUDGET else "  OVER BUDGET"
        print(f"{name:<18}{raw:>10,}{html_gz:>10,}{total:>10,}{flag}")

    if not shutil.which("wrk"):
        print("\nwrk not installed (apt-get install wrk): load test skipped")
        return
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        result_path = f"/omgang/trygghet/v1/resultat?s={ANSWERS}"
        urllib.request.urlopen(base + result_path).read()  # warm the worker caches
        script = folder / "random.lua"
        script.write_text(RANDOM_RESULT_LUA % (len(ANSWERS), "/omgang/trygghet/v1/resultat?s="))
        runs = {
            "/healthz (baseline)": wrk(base + "/healthz", args.duration, args.connections),
            "result, shared link": wrk(base + result_path, args.duration, args.connections),
            "result, distinct links": wrk(base, args.duration, args.connections, str(script)),
        }
        print(f"\nLoad: gunicorn -w {args.workers} (sync), wrk -t2 -c{args.connections} "
              f"-d{args.duration}s, {os.cpu_count()} cores shared by server and client")
        print(f"{'route':<26}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
              f"{'vs baseline':>13}")
        baseline = runs["/healthz (baseline)"]["rps"]
        for name, r in runs.items():
            print(f"{name:<26}{r['rps']:>10,.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
                  f"{r['errors']:>8}{r['rps'] / baseline:>12.0%}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
