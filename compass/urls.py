"""Small URL helpers shared by blueprints."""

from __future__ import annotations

from urllib.parse import urlsplit

from .questionsets.definitions import is_web_url


def web_url(url: str | None) -> str | None:
    """Return `url` if it is an http(s) address, else None: no other link is ever emitted."""
    return url if is_web_url(url) else None


def safe_local_path(target: str | None, default: str) -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return default
    return target
