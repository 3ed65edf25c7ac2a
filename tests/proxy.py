"""nginx with the README's shared-cache configuration, on loopback.

The configuration is read from the README's deployment section ("A shared cache in front of
the app processes") and changed only where a test box differs: a local port instead of TLS,
these app processes as the upstream, this checkout's static folder and a private cache and
temp folder. Each change is checked, so a README that drifts from what is tested fails.
Used by tests/test_proxy_cache.py and benchmarks/journey.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "### A shared cache in front of the app processes (nginx)"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_config() -> str:
    """The nginx server configuration the README shows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index(SECTION):].split("```nginx\n", 1)[1].split("```", 1)[0]


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"the README's nginx configuration no longer has {old!r}")
    return text.replace(old, new)


def local_config(upstreams: list[int], port: int, folder: Path) -> str:
    """A whole nginx.conf: the README's configuration adapted to loopback and `folder`."""
    conf = readme_config()
    conf = _replace(conf, "/run/nginx-valkompass", str(folder / "cache"))
    conf = _replace(conf, "listen 443 ssl;", f"listen 127.0.0.1:{port};")
    conf = _replace(conf, "/srv/valkompass/static/", f"{ROOT / 'static'}/")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in upstreams)
    conf, found = re.subn(r"(upstream valkompass \{\n)(?:\s*server [^\n]*\n)+",
                          lambda m: m.group(1) + servers, conf)
    if found != 1:
        raise AssertionError("the README's nginx configuration no longer has one upstream block")
    temp = "".join(f"{name}_temp_path {folder / name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'};\nevents {{ worker_connections 512; }}\n"
            f"http {{\ninclude /etc/nginx/mime.types;\n{temp}{conf}}}\n")


class Nginx:
    """nginx in front of `upstreams` (ports), with the README's cache; knows its CPU time."""

    def __init__(self, upstreams: list[int], folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        conf = folder / "nginx.conf"
        conf.write_text(local_config(upstreams, self.port, folder), encoding="utf-8")
        self.process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port),
                                                                        timeout=0.2):
                break
            if self.process.poll() is not None:
                raise RuntimeError((folder / "error.log").read_text(errors="replace"))
            time.sleep(0.05)

    def pids(self) -> list[int]:
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                  text=True).stdout.split()
        return [self.process.pid, *map(int, children)]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(10)
