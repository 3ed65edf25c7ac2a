"""Addresses a class is reached by: behind a proxy, PUBLIC_URL decides; loopback is warned."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import current_app, url_for


def public_url(endpoint: str, **values: object) -> str:
    """The absolute URL of `endpoint` as phones must open it (PUBLIC_URL when configured)."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def is_loopback(url: str) -> bool:
    """Whether `url` points at this machine only (no phone in the classroom can open it)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
