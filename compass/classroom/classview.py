"""The statement list of a class: its pinned set version, optionally narrowed, cached."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from sqlalchemy.orm import Session

from ..setview import SetView, get_view, localised_view

CACHE_SIZE = 128
_cache: OrderedDict[tuple, SetView] = OrderedDict()
_lock = threading.Lock()


def class_view(session: Session, slug: str, version: int, content_hash: str,
               statement_keys: tuple[str, ...] | None, locale: str = "sv") -> SetView:
    """The pinned set version in `locale`, narrowed to the class's statements (renumbered
    from 0). English party names, themes and notes replace the Swedish where the set has them.

    A pinned published version never changes, so the narrowed view is built once per
    process, not on every student request; the content hash in the key guards the rest.
    """
    key = (slug, version, content_hash, statement_keys, locale)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    view = get_view(session, slug, version, published_only=False)
    if view is None or view.content_hash != content_hash:
        raise LookupError(f"{slug} version {version} is gone or changed")
    view = subset(localised_view(view, locale), statement_keys)
    with _lock:
        _cache[key] = view
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return view


def subset(view: SetView, keys: tuple[str, ...] | None) -> SetView:
    """`view` with only the statements named by `keys` (set order); all when None."""
    if not keys:
        return view
    wanted = set(keys)
    index = [j for j, st in enumerate(view.statements) if st.key in wanted]
    positions = view.positions[:, index]
    positions.setflags(write=False)
    statements = tuple(replace(view.statements[j], index=k) for k, j in enumerate(index))
    return replace(view, statements=statements, positions=positions)
