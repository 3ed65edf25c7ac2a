"""Load a lesson's worth of classes: students answering while dashboards poll.

Usage: .venv/bin/python benchmarks/classroom.py [--classes 30] [--students 30]
       [--statements 10] [--think 10 30] [--join-spread 30] [--poll 2] [--workers 4]
       [--threads 4]

Starts a private PostgreSQL cluster (initdb in a temporary folder, as the `postgres` user when
run as root), runs `valkompass setup` against it, serves the app with
`gunicorn -k gthread`, then:

* a teacher opens each class through the pages (CSRF token from the form) and releases its
  class picture at once, so snapshots are taken all through the run;
* every student, in its own thread with its own cookie jar, opens the class page, takes its
  CSRF token from the HTML, presses "Börja" and answers every statement the way a browser
  does: POST the answer (303), GET the next page, think for a random time, repeat, and at
  last GET its result page;
* one projector per class GETs the projector view's live fragment every `--poll` seconds and
  one control page per class its own every `--control-poll` seconds, while students work;
* each class sits behind its own school address (X-Forwarded-For, TRUSTED_PROXIES=1), so the
  per-address join limit sees 30 students per address, as in a real lesson;
* a baseline probe GETs the static join form (no database) twice a second.

Defaults: a 10-statement lesson; a student spends 10–30 s on a statement (reading it, the
easy-read text, choosing) — the fast end of a real class — and the 900 students join over
30 s. That offers about 90 student requests/s plus 15 projector and 7.5 control-page polls/s.

Prints requests, errors and p50/p95/p99 latency per kind, then stops everything. Client and
server share this machine's cores; compare with the baseline of the same run.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
CODE = re.compile(r'class="join-code">([A-Z0-9]+)<')
KEY = re.compile(r'name="pastaende" value="([^"]+)"')
TIMEOUT = 30.0
CHOICES = ("-2", "-1", "0", "1", "2", "hoppa")


# ------------------------------------------------------------------------------ servers

def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_postgres(folder: Path) -> tuple[str, Callable[[], None]]:
    """Start a private cluster under `folder`; return its URL and a stop function."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    bindir = Path(found[-1]).parent if found else Path(shutil.which("initdb")).parent
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                                 "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                 str(folder / "pg.log"), "-o", options, "-w", "start"]),
                   check=True, stdout=subprocess.DEVNULL)

    def stop() -> None:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "-w", "stop"]), stdout=subprocess.DEVNULL)

    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int,
                   log: Path) -> subprocess.Popen:
    """Serve wsgi:app with gthread workers; return once it answers."""
    command = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-k", "gthread", "--threads",
               str(threads), "-b", f"127.0.0.1:{port}", "--backlog", "2048",
               "--keep-alive", "5", "--error-logfile", str(log), "wsgi:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _, _ = Client(port).request("GET", "/klass")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start; see {log}")


# ------------------------------------------------------------------------------ clients

class Client:
    """A browser-like client: its own cookie jar, one keep-alive connection, no redirects."""

    def __init__(self, port: int, address: str | None = None):
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict | None = None):
        """Send one request; return (status, headers, body text)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # the server may have closed an idle keep-alive connection
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.headers, text


class Recorder:
    """Latencies per kind of request, and errors."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def timed(self, kind: str, client: Client, method: str, path: str, expect: int,
              form: dict | None = None):
        """Make a request, record its latency, and its status if unexpected."""
        start = time.perf_counter()
        try:
            status, headers, text = client.request(method, path, form)
        except Exception as exc:  # noqa: BLE001 - every failure is a counted error
            with self.lock:
                self.errors[kind].append(f"{type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latency[kind].append(elapsed)
            if status != expect:
                self.errors[kind].append(f"{method} {path}: {status}")
        return (status, headers, text) if status == expect else None


def open_class(port: int, statements: int, address: str) -> tuple[str, str]:
    """Open a class as a teacher through the pages, release its picture; return (code, token)."""
    teacher = Client(port, address)
    _, _, page = teacher.request("GET", "/klassrum/ny")
    keys = KEY.findall(page)[:statements]
    status, headers, _ = teacher.request("POST", "/klassrum/ny", {
        "csrf_token": CSRF.search(page).group(1), "omgang": "trygghet", "version": "2",
        "pastaende": keys if statements < len(KEY.findall(page)) else []})
    if status != 303:
        raise RuntimeError(f"opening a class failed: {status}")
    token = headers["Location"].split("/")[2]
    _, _, dashboard = teacher.request("GET", f"/klassrum/{token}/")
    status, _, _ = teacher.request("POST", f"/klassrum/{token}/klassbild", {
        "csrf_token": CSRF.search(dashboard).group(1)})
    if status != 303:
        raise RuntimeError(f"releasing the class picture failed: {status}")
    return CODE.search(dashboard).group(1), token


def student(port: int, code: str, address: str, statements: int, think: tuple[float, float],
            record: Recorder, start_delay: float) -> None:
    """One student's lesson: join, answer every statement with pauses, see the result."""
    time.sleep(start_delay)
    client = Client(port, address)
    page = record.timed("join: class page", client, "GET", f"/klass/{code}", 200)
    if page is None:
        return
    token = CSRF.search(page[2]).group(1)
    if record.timed("join: start (POST)", client, "POST", f"/klass/{code}/borja", 303,
                    {"csrf_token": token}) is None:
        return
    page = record.timed("statement page", client, "GET", f"/klass/{code}/pastaende/1", 200)
    for number in range(1, statements + 1):
        if page is None:
            return
        time.sleep(random.uniform(*think))
        token = CSRF.search(page[2]).group(1)
        moved = record.timed("answer (POST)", client, "POST", f"/klass/{code}/svara", 303, {
            "csrf_token": token, "nr": str(number), "svar": random.choice(CHOICES),
            "vikt": random.choice(("0.5", "1", "1", "2"))})
        if moved is None:
            return
        kind = "statement page" if number < statements else "own result page"
        page = record.timed(kind, client, "GET", moved[1]["Location"], 200)


def poller(port: int, kind: str, path: str, address: str, every: float, record: Recorder,
           stop: threading.Event) -> None:
    """A projector or control page polling its live fragment until the lesson ends."""
    client = Client(port, address)
    time.sleep(random.uniform(0, every))
    while not stop.is_set():
        started = time.monotonic()
        record.timed(kind, client, "GET", path, 200)
        stop.wait(max(0.0, every - (time.monotonic() - started)))


def baseline(port: int, record: Recorder, stop: threading.Event) -> None:
    """The static join form (no database), twice a second: what the server costs anyway."""
    client = Client(port)
    while not stop.is_set():
        record.timed("baseline: join form", client, "GET", "/klass", 200)
        stop.wait(0.5)


# ------------------------------------------------------------------------------ report

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (seconds) in milliseconds."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return 1000 * ordered[index]


def report(record: Recorder, seconds: float) -> bool:
    """Print the table; return whether the target (0 errors, p99 ≤ 200 ms) was met."""
    total = sum(len(v) for v in record.latency.values())
    errors = sum(len(v) for v in record.errors.values())
    print(f"\n{total} requests in {seconds:.1f} s ({total / seconds:.0f}/s), {errors} errors")
    print(f"{'kind':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'max ms':>9}")
    met = errors == 0
    for kind in sorted(record.latency):
        values = record.latency[kind]
        p99 = percentile(values, 0.99)
        print(f"{kind:<22}{len(values):>9}{len(record.errors.get(kind, [])):>8}"
              f"{percentile(values, 0.50):>9.1f}{percentile(values, 0.95):>9.1f}{p99:>9.1f}"
              f"{1000 * max(values):>9.1f}")
        if kind in ("answer (POST)", "projector poll", "control-page poll") and p99 > 200:
            met = False
    for kind, messages in record.errors.items():
        for message in sorted(set(messages))[:5]:
            print(f"  error in {kind}: {message} (×{messages.count(message)})")
    print("target 0 errors and p99 <= 200 ms for answers, projector and control-page polls:",
          "met" if met else "NOT met")
    return met


def worker_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers of `master`."""
    total = 0.0
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    for pid in children.stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--statements", type=int, default=10)
    parser.add_argument("--think", type=float, nargs=2, default=(10.0, 30.0),
                        metavar=("MIN", "MAX"), help="seconds a student spends per statement")
    parser.add_argument("--poll", type=float, default=2.0, help="projector poll, seconds")
    parser.add_argument("--control-poll", type=float, default=4.0,
                        help="control-page poll, seconds (its script's own pace)")
    parser.add_argument("--join-spread", type=float, default=30.0,
                        help="students join over this many seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="valkompass-bench-"))
    stop_postgres = None
    server = None
    try:
        database_url, stop_postgres = start_postgres(folder)
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark-secret",
               "CLASS_RETENTION_DAYS": "30", "TRUSTED_PROXIES": "1"}
        subprocess.run([str(VENV_BIN / "valkompass"), "setup"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = start_gunicorn(env, port, args.workers, args.threads, folder / "gunicorn.log")
        print(f"gunicorn -w {args.workers} -k gthread --threads {args.threads} on PostgreSQL "
              f"(private cluster, default settings); {os.cpu_count()} CPU cores shared with "
              f"the client")
        print(f"load average before: {_load()}")
        print(f"{args.classes} classes × {args.students} students × {args.statements} "
              f"statements, think {args.think[0]:g}–{args.think[1]:g} s per statement, "
              f"joins spread over {args.join_spread:g} s; {args.classes} projectors polling "
              f"every {args.poll:g} s, {args.classes} control pages every "
              f"{args.control_poll:g} s; class pictures released (snapshots on)")
        addresses = [f"10.{i // 250}.{i % 250}.1" for i in range(args.classes)]
        classes = [open_class(port, args.statements, address) for address in addresses]
        threading.stack_size(512 * 1024)
        record, stop = Recorder(), threading.Event()
        watchers = [threading.Thread(target=poller, args=(
            port, "projector poll", f"/klass/{code}/tavla/live", address, args.poll, record, stop))
            for (code, _token), address in zip(classes, addresses, strict=True)]
        watchers += [threading.Thread(target=poller, args=(
            port, "control-page poll", f"/klassrum/{token}/live", address, args.control_poll,
            record, stop))
            for (_code, token), address in zip(classes, addresses, strict=True)]
        watchers.append(threading.Thread(target=baseline, args=(port, record, stop)))
        students = [threading.Thread(target=student, args=(
            port, code, address, args.statements, tuple(args.think), record,
            random.uniform(0, args.join_spread)))
            for (code, _token), address in zip(classes, addresses, strict=True)
            for _ in range(args.students)]
        cpu_before = worker_cpu(server.pid)
        started = time.monotonic()
        for thread in watchers + students:
            thread.start()
        for thread in students:
            thread.join()
        stop.set()
        for thread in watchers:
            thread.join()
        met = report(record, time.monotonic() - started)
        cpu = worker_cpu(server.pid) - cpu_before
        requests = sum(len(v) for v in record.latency.values())
        print(f"gunicorn workers' CPU: {cpu:.1f} s for {requests} requests = "
              f"{1000 * cpu / max(requests, 1):.2f} ms per request (PostgreSQL not included)")
        print(f"load average after: {_load()}")
        check = Client(port)
        _, _, fragment = check.request("GET", f"/klassrum/{classes[0][1]}/live")
        joined = re.search(r'data-live-summary="([^"]+)"', fragment)
        step = re.search(r"Klassbilden bygger på (\d+) elever", fragment)
        print(f"class 1 dashboard after the run: {joined.group(1) if joined else '?'}; "
              f"class picture of {step.group(1) if step else 'no'} students")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if stop_postgres is not None:
            stop_postgres()
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
