"""Small URL helpers shared by blueprints."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_local_path(target: str | None, default: str) -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return default
    return target
