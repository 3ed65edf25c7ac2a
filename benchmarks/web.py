"""Measure the voter pages: bytes on the wire (gzip), server CPU per page and throughput.

Usage: .venv/bin/python benchmarks/web.py [--duration 10] [--connections 32] [--workers 2]
                                          [--cpu-requests 200]

1. Page weight: every voter page fetched through the app, gzip level 6, plus the CSS and JS
   it links (no fonts, no images); budget 30 KB per page. For the default set (5 parties ×
   32 statements, its newest version) and a generated one of 40 parties × 38 statements
   (benchmarks/bigset.py).
2. Server CPU: one gunicorn worker's own CPU time (user + system from /proc) over N
   requests, each a new random result link (no cache can help), for both sets, beside
   /healthz measured the same way in the same run; budget 5 ms per result page of the
   default set, 20 ms at 40 × 38.
3. Load: gunicorn serving a fresh SQLite database with the shipped sets; wrk (-t2) against
   /healthz (the trivial baseline), a shared result link (one URL, as when a link spreads),
   and distinct result links (random answers per request: no cache can help).
   Everything shares this machine's cores, so compare with the baseline of the same run.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bigset import write_big_set  # noqa: E402  (a sibling script, not a package)

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BUDGET = 30 * 1024
CPU_BUDGET_MS = 20.0
ANSWERS = "ebdaecdbaecdabecdbeacdbeabvdbeac"  # the default set: 32 statements
DEFAULT = "/omgang/trygghet/v2"  # its newest version
DEFAULT_BUDGET_MS = 5.0
BIG = "stor-40x38"
BIG_ANSWERS = "ebdaecdbaecdabecdbeacdbeabvdbeacdbeabe"
ANSWER_CHARS = "abcdeAEv-"

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
    base = DEFAULT
    pages = {
        "landing /": "/",
        "set start": "/omgang/trygghet/",
        "statement": f"{base}/pastaende/5?s=ebdaE" + "." * 27,
        "party choice": f"{base}/partier?s={ANSWERS}",
        "result": f"{base}/resultat?s={ANSWERS}",
        "party page": f"{base}/parti/c-malmo?s={ANSWERS}",
        "source document": f"{base}/kalla/alliansen-malmo",
        "method": "/metod",
        "privacy": "/integritet",
        "40×38 party choice": f"/omgang/{BIG}/v1/partier?s={BIG_ANSWERS}",
        "40×38 result": f"/omgang/{BIG}/v1/resultat?s={BIG_ANSWERS}",
        "40×38 statement detail": f"/omgang/{BIG}/v1/jamfor/1?s={BIG_ANSWERS}",
        "40×38 party page": f"/omgang/{BIG}/v1/parti/parti-01?s={BIG_ANSWERS}",
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


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_request(base: str, worker: int, paths: list[str]) -> float:
    """Return the worker's CPU milliseconds per request over `paths`, fetched one by one."""
    before = _cpu_seconds(worker)
    for path in paths:
        with urllib.request.urlopen(base + path) as response:
            response.read()
    return (_cpu_seconds(worker) - before) * 1000 / len(paths)


def random_results(base: str, statements: int, count: int, seed: int = 7) -> list[str]:
    """Distinct result links with random answers (each one misses every cache)."""
    rng = random.Random(seed)
    return [f"{base}/resultat?s=" + "".join(rng.choice(ANSWER_CHARS) for _ in range(statements))
            for _ in range(count)]


def measure_cpu(env: dict[str, str], requests: int) -> dict[str, float]:
    """Serve with one gunicorn worker and measure its CPU per request on each route."""
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        worker = _children(server.pid)[0]
        # Warm up: set views built, templates compiled, numpy paths loaded.
        for path in (random_results(DEFAULT, len(ANSWERS), 20, 1)
                     + random_results(f"/omgang/{BIG}/v1", 38, 20, 1)):
            urllib.request.urlopen(base + path).read()
        return {
            "/healthz (baseline)": cpu_per_request(base, worker, ["/healthz"] * requests),
            f"result 5×{len(ANSWERS)}, new link each": cpu_per_request(
                base, worker, random_results(DEFAULT, len(ANSWERS), requests)),
            "result 40×38, new link each": cpu_per_request(
                base, worker, random_results(f"/omgang/{BIG}/v1", 38, requests)),
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.1)


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
    parser.add_argument("--cpu-requests", type=int, default=200)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="valkompass-bench-"))
    env = {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "benchmark"}
    full_env = {**os.environ, **env}
    subprocess.run([str(VENV_BIN / "valkompass"), "setup"], env=full_env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    big = write_big_set(folder / f"{BIG}.yaml")
    subprocess.run([str(VENV_BIN / "valkompass"), "load", str(big)], env=full_env,
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

    print("Page weight (gzip -6; total includes the linked CSS/JS; budget 30 KB)")
    print(f"{'page':<24}{'HTML':>10}{'HTML gz':>10}{'total gz':>10}")
    for name, raw, html_gz, total in page_weights(env):
        flag = "" if total <= BUDGET else "  OVER BUDGET"
        print(f"{name:<24}{raw:>10,}{html_gz:>10,}{total:>10,}{flag}")

    print(f"\nServer CPU per request (one gunicorn worker, {args.cpu_requests} requests each, "
          f"user + system from /proc; load average {os.getloadavg()[0]:.1f})")
    figures = measure_cpu(env, args.cpu_requests)
    healthz = figures["/healthz (baseline)"]
    for name, ms in figures.items():
        budget = (None if name.startswith("/healthz")
                  else CPU_BUDGET_MS if "40×38" in name else DEFAULT_BUDGET_MS)
        verdict = "" if budget is None else (
            f"   target ≤ {budget:.0f} ms: {'met' if ms <= budget else 'NOT met'}")
        print(f"{name:<30}{ms:>8.2f} ms{ms / healthz:>7.1f}× /healthz{verdict}")

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
        _wait_for(base)
        result_path = f"{DEFAULT}/resultat?s={ANSWERS}"
        urllib.request.urlopen(base + result_path).read()  # warm the worker caches
        script = folder / "random.lua"
        script.write_text(RANDOM_RESULT_LUA % (len(ANSWERS), f"{DEFAULT}/resultat?s="))
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
