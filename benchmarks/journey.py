"""Measure whole voter journeys against gunicorn: server CPU, requests and bytes per journey.

Usage: .venv/bin/python benchmarks/journey.py [--journeys 20] [--workers 2] [--postgresql]

A journey is what a new voter does: landing page → the set's start page → every statement
of the default set's newest version (32) → party choice → result, with random answers (so
every result URL is new and no cache helps).
It is driven in real Chromium (Playwright), once with JavaScript off and once with it on,
and without JavaScript also by an HTTP client:

- "no JS, HTTP client": the requests Chromium with JavaScript off makes (every page, the
  stylesheet once, each form sent as GET with its fields and the chosen button), sent back to
  back before Chromium starts, so the server's caches stay as warm as for the hot floor (and
  as under load, when requests follow each other);
- "no JS": every statement is a page from the server;
- "JS, first visit": a fresh browser per journey, so CSS, script and set document are fetched;
- "JS, assets cached": one browser for all journeys, so the fingerprinted static files, the
  set document and the landing and start pages (public for a minute) come from its cache, as
  they would from a CDN or for a returning visitor.
- behind the README's nginx cache (when nginx is installed; tests/proxy.py runs it): new
  browsers again, after one journey has filled the shared cache, so what reaches the app is
  what a deployment's app processes would see (nginx's own CPU is printed apart).

Server CPU is read from the gunicorn workers' own accounting (user + system time in
/proc/PID/stat) before and after, so the browser's work on the same cores does not count;
/healthz is measured the same way in the same run as the floor every request pays. Single
pages are measured the same way: an uncached result page (distinct random answers) and a
statement page reached by answering. The machine is shared: compare ratios, not times.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from proxy import NGINX, Nginx  # noqa: E402  (the README's nginx cache, as the tests run it)

VENV_BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-dev-shm-usage"]
LABELS = {2: "Helt för", 1: "För", 0: "Neutral", -1: "Emot", -2: "Helt emot", None: "Hoppa över"}
ANSWER_CHARS = "abcdeABCDEvwxyz-"
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster(folder: Path):
    """Start a private PostgreSQL cluster (as in tests/conftest.py); yield its database URL."""
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = folder / "pg"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run([*as_pg, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                    "postgres", "-E", "UTF8", "--locale=C.UTF-8"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "pg.log"),
                    "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "-w", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_pg, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                        "stop"], stdout=subprocess.DEVNULL)


def cpu_of(pids: list[int]) -> float:
    """Seconds of CPU (user + system) the processes `pids` have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / TICK


class Server:
    """gunicorn serving the app; knows its workers' CPU time."""

    def __init__(self, env: dict[str, str], workers: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", str(log), "--access-logformat", "%(s)s %(B)s %(D)s %(U)s",
             "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        for _ in range(200):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                break
            time.sleep(0.1)
        for _ in range(50):  # all workers up
            self.workers = [int(p) for p in subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True,
                text=True).stdout.split()]
            if len(self.workers) == workers:
                break
            time.sleep(0.1)

    def cpu(self) -> float:
        """Seconds of CPU the workers have used so far."""
        return cpu_of(self.workers)

    def served(self) -> list[tuple[int, int, str]]:
        """(status, body bytes, path) of every request answered so far."""
        return [(status, size, path) for status, size, _, path in self.timed()]

    def timed(self) -> list[tuple[int, int, int, str]]:
        """(status, body bytes, µs from reading the request to the response's end, path)."""
        rows = []
        for line in self.log.read_text().splitlines():
            status, size, micros, path = line.split(" ", 3)
            rows.append((int(status), 0 if size == "-" else int(size), int(micros), path))
        return rows

    def get(self, path: str) -> bytes:
        try:
            return urllib.request.urlopen(self.base + path, timeout=10).read()
        except urllib.error.HTTPError as error:  # e.g. a 303 we do not follow
            return error.read()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cpu_per_request(server: Server, paths: list[str]) -> float:
    """CPU milliseconds per request over `paths` (each fetched once, redirects not followed)."""
    opener = urllib.request.build_opener(NoRedirect)
    before = server.cpu()
    for path in paths:
        try:
            opener.open(server.base + path, timeout=10).read()
        except urllib.error.HTTPError as error:
            error.read()
    return (server.cpu() - before) * 1000 / len(paths)


def random_code(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ANSWER_CHARS) for _ in range(n))


def journey(context, base: str, rng: random.Random, n: int) -> None:
    """Walk one voter journey in `context` with random answers."""
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("Trygghet")).first.click()
    page.wait_for_load_state("domcontentloaded")  # quiz.js (deferred) has run by then
    page.get_by_role("link", name="Starta").click()
    for i in range(n):
        page.locator(".progress-text").filter(has_text=f"Påstående {i + 1} av").wait_for()
        value = rng.choice(list(LABELS))
        page.get_by_role("button", name=LABELS[value], exact=True).click()
    page.get_by_role("button", name="Visa mitt resultat").click()
    page.wait_for_selector("ol.ranking")
    page.close()


class PageForms(HTMLParser):
    """A page's forms as a browser without JavaScript submits them: the action, the fields it
    sends (hidden inputs, checked boxes and radios) and the named submit buttons."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self._open = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._open = True
            self.forms.append({"action": attributes.get("action", ""), "fields": [],
                               "buttons": [], "class": attributes.get("class") or ""})
        elif self._open and tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind == "hidden" or (kind in ("checkbox", "radio") and "checked" in attributes):
                self.forms[-1]["fields"].append((attributes["name"], attributes.get("value", "")))
        elif self._open and tag == "button" and attributes.get("name"):
            self.forms[-1]["buttons"].append((attributes["name"], attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False

    def form(self, css_class: str) -> dict:
        return next(f for f in self.forms if css_class in f["class"].split())


def client_journey(server: Server, rng: random.Random) -> None:
    """One journey without JavaScript driven by an HTTP client, back to back: the requests
    Chromium with JavaScript off makes (each page, the stylesheet once, forms sent as GET),
    without a browser's work between them on the same cores."""
    def page(path: str) -> str:
        return server.get(path).decode()

    landing = page("/")
    server.get(re.search(r'href="(/static/css/site\.css[^"]*)"', landing).group(1))
    start = page(re.search(r'href="(/omgang/trygghet/)"', landing).group(1))
    html = page(re.search(r'href="(/omgang/trygghet/v\d+/pastaende/1)"', start).group(1))
    while 'class="answer-form"' in html:
        form = PageForms(html).form("answer-form")
        fields = [*form["fields"], rng.choice(form["buttons"])]
        html = page(f"{form['action']}?{urlencode(fields)}")
    form = PageForms(html).form("party-form")
    result = page(f"{form['action']}?{urlencode(form['fields'])}")
    assert 'class="ranking"' in result, "the journey did not reach a result"


def run_client_journeys(server: Server, count: int, rng: random.Random, floor_requests: int
                        ) -> dict:
    """`count` journeys by `client_journey`: server CPU, requests and bytes per journey, the
    hot floor just before and after them, and where the journeys' time went by kind of path."""
    client_journey(server, rng)  # the same warm-up the browser modes get
    time.sleep(0.5)
    floors = [cpu_per_request(server, ["/healthz"] * floor_requests)]
    logged, before = len(server.served()), server.cpu()
    for _ in range(count):
        client_journey(server, rng)
    cpu = (server.cpu() - before) * 1000 / count
    time.sleep(0.5)
    rows = server.timed()[logged:]
    floors.append(cpu_per_request(server, ["/healthz"] * floor_requests))
    time.sleep(0.5)
    floor_times = [micros for _, _, micros, _ in server.timed()[-floor_requests:]]
    kinds: dict[str, list[int]] = {}
    for _, _, micros, path in rows:
        kinds.setdefault(re.sub(r"\d+", "N", path), []).append(micros)
    return {"cpu": cpu, "requests": len(rows) / count, "proxy_cpu": None, "floor": None,
            "hot_floors": floors, "bytes": sum(size for _, size, _, _ in rows) / count,
            "kinds": sorted(kinds), "timed": kinds, "count": count,
            "floor_micros": sum(floor_times) / len(floor_times)}


def run_journeys(browser, server: Server, mode: str, count: int, rng: random.Random,
                 n: int, proxy=None) -> dict:
    """Run `count` journeys in one mode; return server CPU, requests and bytes per journey.

    With `proxy` (tests/proxy.py's nginx with the README's cache) the browser goes through
    it: one warm-up journey fills the shared cache, then each journey's app CPU and requests
    are what reached gunicorn, and nginx's own CPU is counted apart.
    """
    base = proxy.base if proxy is not None else server.base
    # Swedish, like a voter here: a first visit follows the browser's language.
    javascript = not mode.startswith("nojs")
    shared = (browser.new_context(locale="sv-SE", java_script_enabled=True)
              if mode == "js-cached" else None)
    if shared is not None:  # one warm-up journey fills the browser cache
        journey(shared, base, rng, n)
    if proxy is not None:  # ... or the shared cache
        context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
        journey(context, base, rng, n)
        context.close()
    time.sleep(0.5)  # let the access log catch up
    logged = len(server.served())
    before = server.cpu()
    proxy_before = cpu_of(proxy.pids()) if proxy is not None else 0.0
    for _ in range(count):
        context = shared or browser.new_context(locale="sv-SE", java_script_enabled=javascript)
        journey(context, base, rng, n)
        if shared is None:
            context.close()
    cpu = (server.cpu() - before) * 1000 / count
    proxy_cpu = ((cpu_of(proxy.pids()) - proxy_before) * 1000 / count
                 if proxy is not None else None)
    if shared is not None:
        shared.close()
    time.sleep(0.5)
    rows = server.served()[logged:]
    return {"cpu": cpu, "requests": len(rows) / count, "proxy_cpu": proxy_cpu,
            "bytes": sum(size for _, size, _ in rows) / count,
            "kinds": sorted({re.sub(r"\d+", "N", path) for _, _, path in rows})}


def browser_cpu(browser, server: Server, paths: list[str]) -> float:
    """CPU ms per request of `paths`, each loaded by Chromium between other browser work.

    Requests spaced out by a busy browser on the same cores run with cold CPU caches and
    cost more than the same requests back to back, so journeys are also compared with the
    floor measured this way (`/healthz`), and each kind of page is measured this way too.
    """
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    # Every load reaches the server, as a first visit's would (public pages are cacheable).
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(server.base + "/healthz")
    time.sleep(0.5)
    logged, before = len(server.served()), server.cpu()
    for path in paths:
        page.goto(server.base + path)
        page.evaluate("document.body.textContent")
    cpu = server.cpu() - before
    time.sleep(0.5)
    served = len(server.served()) - logged
    context.close()
    return cpu * 1000 / max(served, 1)


def browser_floor(browser, server: Server, count: int) -> float:
    """CPU ms per request of /healthz loaded by Chromium (see `browser_cpu`)."""
    return browser_cpu(browser, server, ["/healthz"] * count)


def print_breakdown(client: dict) -> None:
    """Where the HTTP client's journeys went, by kind of path: gunicorn's request time (from
    reading the request to the end of the response; wall time, which on a quiet machine is
    close to CPU for a sync worker; accepting, closing and logging come on top)."""
    count, timed = client["count"], client["timed"]
    total = sum(sum(times) for times in timed.values()) / count
    print(f"\n{'no JS, HTTP client: by path':<44}{'per journey':>12}{'µs each':>10}"
          f"{'ms per journey':>16}{'share':>8}")
    for path, times in sorted(timed.items(), key=lambda item: -sum(item[1])):
        spent = sum(times) / count / 1000
        print(f"{path:<44}{len(times) / count:>12.1f}{sum(times) / len(times):>10.0f}"
              f"{spent:>16.2f}{spent * 1000 / total:>8.0%}")
    print(f"{'(request time, all paths)':<44}{'':>12}{'':>10}{total / 1000:>16.2f}")
    print(f"{'/healthz, the floor (the same measure)':<44}{'':>12}{client['floor_micros']:>10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgresql", action="store_true",
                        help="serve from a private PostgreSQL cluster instead of SQLite")
    parser.add_argument("--pages", type=int, default=400, help="requests per single-page figure")
    parser.add_argument("--client-journeys", type=int, default=60,
                        help="journeys sent by the HTTP client (quick: more ticks, less noise)")
    parser.add_argument("--floor-requests", type=int, default=2000,
                        help="/healthz requests for each hot floor beside the client journeys")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="valkompass-journey-"))
    rng = random.Random(15)
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        url = (stack.enter_context(postgres_cluster(folder)) if args.postgresql
               else f"sqlite:///{folder}/journey.sqlite3")
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark"}
        subprocess.run([str(VENV_BIN / "valkompass"), "setup"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        server = Server(env, args.workers, folder / "access.log")
        stack.callback(server.stop)
        # The set's newest version, as the landing page's link leads there.
        base = re.search(rb'href="(/omgang/trygghet/v\d+)/pastaende/1"',
                         server.get("/omgang/trygghet/")).group(1).decode()
        n = int(re.search(rb"1 av (\d+)", server.get(f"{base}/pastaende/1")).group(1))
        for path in ("/", "/omgang/trygghet/", f"{base}/resultat?s=" + "c" * n):
            for _ in range(10):
                server.get(path)  # warm every worker's caches

        healthz = cpu_per_request(server, ["/healthz"] * args.pages)
        page_paths = {
            "statement page (answering)": [
                f"{base}/pastaende/{k + 1}?s={code[:k - 1]}{'.' * (n - k + 1)}&nr={k - 1}"
                f"&svar={rng.choice(['-2', '-1', '0', '1', '2', 'hoppa'])}&vikt=1"
                for code, k in ((random_code(rng, n), rng.randrange(2, n))
                                for _ in range(args.pages))],
            "party choice (answering)": [
                f"{base}/partier?s={random_code(rng, n - 1)}.&nr={n}&svar=1&vikt=1"
                for _ in range(args.pages)],
            "result page, uncached": [f"{base}/resultat?s={random_code(rng, n)}"
                                      for _ in range(args.pages)],
        }
        statements = cpu_per_request(server, page_paths["statement page (answering)"])
        choices = cpu_per_request(server, page_paths["party choice (answering)"])
        results = cpu_per_request(server, page_paths["result page, uncached"])
        pages = {"/healthz (floor)": healthz, "statement page (answering)": statements,
                 "party choice (answering)": choices, "result page, uncached": results}
        for name, path in (("landing page", "/"), ("set start page", "/omgang/trygghet/")):
            pages[name] = cpu_per_request(server, [path] * args.pages)
            page_paths[name] = [path] * args.pages
        css = re.search(rb'href="(/static/css/site.css[^"]*)"', server.get("/")).group(1).decode()
        pages["stylesheet (static file)"] = cpu_per_request(server, [css] * args.pages)
        page_paths["stylesheet (static file)"] = [css] * args.pages

        # Without a browser on the cores first: the no-JS journey back to back, like the hot floor.
        client = run_client_journeys(server, args.client_journeys, rng, args.floor_requests)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            floor = browser_floor(browser, server, 100)
            # Dynamic pages only: Chromium keeps the public ones (landing, start, CSS) cached.
            kinds = {name: browser_cpu(browser, server, page_paths[name][:100])
                     for name in ("statement page (answering)", "party choice (answering)",
                                  "result page, uncached")}
            # The floor from Chromium drifts with the machine: it is measured again after each
            # mode, and each journey is compared with the floors just before and after it.
            floors, journeys, proxy = [floor], {"nojs-client": client}, None
            modes = ["nojs", "js-first", "js-cached"]
            if Path(NGINX).exists():  # behind the README's shared cache
                proxy = Nginx([server.port], folder / "nginx")
                stack.callback(proxy.stop)
                modes += ["nojs-proxy", "js-first-proxy"]
            for mode in modes:
                journeys[mode] = run_journeys(browser, server, mode, args.journeys, rng, n,
                                              proxy=proxy if mode.endswith("-proxy") else None)
                floors.append(browser_floor(browser, server, 100))
                journeys[mode]["floor"] = (floors[-2] + floors[-1]) / 2
            browser.close()
        healthz_after = cpu_per_request(server, ["/healthz"] * args.pages)

    database = "PostgreSQL" if args.postgresql else "SQLite"
    print(f"gunicorn -w {args.workers} (sync), {database}, {os.cpu_count()} cores shared with "
          f"Chromium; {args.journeys} journeys per mode, {n} statements; load average "
          f"{os.getloadavg()[0]:.1f}")
    targets = {"statement page (answering)": f"≤ {healthz + 1:.2f} (floor + 1 ms)",
               "result page, uncached": "≤ 5 ms"}
    browser_healthz = sum(floors) / len(floors)
    print(f"\n{'page':<30}{'CPU ms/request':>16}{'× /healthz':>12}"
          f"{'from Chromium':>15}{'×':>6}   target")
    for name, ms in pages.items():
        cold = browser_healthz if name.startswith("/healthz") else kinds.get(name)
        cold_text = f"{cold:>15.2f}{cold / browser_healthz:>6.1f}" if cold else " " * 21
        print(f"{name:<30}{ms:>16.2f}{ms / healthz:>12.1f}{cold_text}   {targets.get(name, '')}")
    print(f"{'/healthz again, after':<30}{healthz_after:>16.2f}{healthz_after / healthz:>12.1f}"
          f"   (from Chromium: {', '.join(f'{f:.2f}' for f in floors)})")
    names = {"nojs-client": "no JS, HTTP client", "nojs": "no JavaScript",
             "js-first": "JS, first visit",
             "js-cached": "JS, assets cached", "nojs-proxy": "no JS, nginx cache",
             "js-first-proxy": "JS first, nginx cache"}
    goals = {"nojs-client": "≤ 60× /healthz", "nojs": "≤ 60× /healthz",
             "js-first": "≤ 10 ms, ≤ 15×",
             "js-cached": "≤ 10 ms, ≤ 15×", "nojs-proxy": "≤ 60× /healthz",
             "js-first-proxy": "≤ 10 ms, ≤ 15×"}
    print(f"\n{'journey':<20}{'requests':>10}{'KB':>8}{'CPU ms':>9}{'× /healthz':>12}"
          f"{'× from Chromium':>17}{'voters/s/core':>15}   target")
    for mode, r in journeys.items():
        cold = f"{r['cpu'] / r['floor']:>17.1f}" if r["floor"] else f"{'—':>17}"
        # The HTTP client's journeys against the hot floors measured just before and after them.
        hot = sum(r["hot_floors"]) / 2 if "hot_floors" in r else healthz
        print(f"{names[mode]:<20}{r['requests']:>10.1f}{r['bytes'] / 1024:>8.0f}{r['cpu']:>9.1f}"
              f"{r['cpu'] / hot:>12.1f}{cold}"
              f"{1000 / max(r['cpu'], 1e-9):>15.0f}   {goals[mode]}")
    for mode, r in journeys.items():
        if r["proxy_cpu"] is not None:
            print(f"  {names[mode]}: nginx's own CPU {r['proxy_cpu']:.1f} ms per journey "
                  "(not in the figures above: they are the app's)")
    print(f"\n\"no JS, HTTP client\": {client['count']} journeys sent back to back from this "
          "script (each page, the\nstylesheet once, the forms as a browser without JavaScript "
          "sends them), before Chromium starts:\nhot, like a server's requests under load, and "
          "compared with the hot floors just before and after\nthem ("
          f"{' and '.join(f'{f:.3f}' for f in client['hot_floors'])} ms, "
          f"{args.floor_requests} requests each).")
    print_breakdown(client)
    print("\n× /healthz: against the floor measured back to back from this script (hot), and "
          "loaded by Chromium\nbetween its other work (cold caches, like the journeys' own "
          "requests) just before and after\nthat mode's journeys. Load average at the end: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\nRequests the server answered per journey, by path:")
    for mode, r in journeys.items():
        print(f"  {names[mode]}: {', '.join(r['kinds'])}")


if __name__ == "__main__":
    main()
