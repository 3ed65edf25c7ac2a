"""Fingerprinted static files: `url_for('static', ...)` adds `?v=<hash of the file>`.

A URL that names the file's exact bytes may be cached for good by browsers and shared
caches (a CDN or the reverse proxy in front of the app processes), so a voter's browser asks
for the stylesheet, script and icon once, not on every page. A request with an old or no
fingerprint still gets the file, with a short lifetime.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from urllib.parse import quote

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
ICON = "img/favicon.svg"
_hashes: dict[tuple[str, float], str] = {}
_lock = threading.Lock()
# A page links three or four static files: each file is looked at (stat) at most once per
# RECHECK seconds, so a changed file still gets a new fingerprint soon after.
RECHECK = 1.0
_seen: dict[str, tuple[float, str | None]] = {}


def fingerprint(folder: str, filename: str) -> str | None:
    """A short hash of a static file's bytes (None if it does not exist)."""
    path = os.path.join(folder, filename)
    now = time.monotonic()
    seen = _seen.get(path)
    if seen is not None and now - seen[0] < RECHECK:
        return seen[1]
    found = _fingerprint(path)
    if found is not None:  # only real files: the names come from URLs too
        _seen[path] = (now, found)
    return found


def _fingerprint(path: str) -> str | None:
    try:
        key = (path, os.stat(path).st_mtime)
    except OSError:
        return None
    with _lock:
        found = _hashes.get(key)
    if found is None:
        with open(path, "rb") as file:
            found = hashlib.sha256(file.read()).hexdigest()[:12]
        with _lock:
            _hashes[key] = found
    return found


def icon_uri(folder: str) -> str | None:
    """The site icon as a `data:` URI: every page carries its 160 bytes, so no browser
    (and no first visit) asks the server for it. None without the file (an install that
    serves its static files elsewhere): base.html links the static file then."""
    try:
        with open(os.path.join(folder, ICON), encoding="utf-8") as file:
            return "data:image/svg+xml," + quote(file.read().strip(), safe="=")
    except OSError:
        return None


def init_app(app: Flask) -> None:
    """Fingerprint static URLs, give fingerprinted responses a year's lifetime and inline
    the site icon."""
    folder = app.static_folder or ""
    app.jinja_env.globals["icon_uri"] = icon_uri(folder)

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = fingerprint(folder, values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            fresh = request.args.get("v") == fingerprint(folder, filename)
            response.headers["Cache-Control"] = IMMUTABLE if fresh else SHORT
        return response
