"""A small in-memory cache for pages that are pure functions of their URL.

A shared result link (e.g. posted during a TV debate) is requested by many people at once;
its page depends only on the URL, the language and the set version, so each app process
keeps the rendered bytes for a few minutes. Entries live only in this process's memory,
are never written anywhere, expire after `ttl` seconds and the cache is bounded in bytes.
"""

from __future__ import annotations

import hashlib
import threading

from cachetools import TTLCache


class PageCache:
    """Rendered pages keyed by a string, bounded by total size and age."""

    def __init__(self, max_bytes: int = 16 * 1024 * 1024, ttl: float = 300.0):
        self._cache: TTLCache = TTLCache(maxsize=max_bytes, ttl=ttl, getsizeof=len)
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        """Return the cached page for `key`, or None."""
        with self._lock:
            return self._cache.get(key)

    def put(self, key: str, body: bytes) -> None:
        """Remember a rendered page (pages larger than the whole cache are skipped)."""
        if len(body) > self._cache.maxsize:
            return
        with self._lock:
            self._cache[key] = body

    def clear(self) -> None:
        """Forget everything (tests use this)."""
        with self._lock:
            self._cache.clear()


def etag_for(*parts: str) -> str:
    """A strong validator for a page that is a pure function of `parts`."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
