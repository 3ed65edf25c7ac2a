"""Pages rendered once per shape with holes, filled per voter (`templating.hole`).

The no-JavaScript quiz's pages are the same for every voter on one set version, language
and shape of state except for a few strings: the answer code in links and hidden fields,
and the language link, which carries the page's own address. Such a page is rendered once
per key with holes for those strings and filled per request in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote_plus

from flask import request, url_for
from markupsafe import Markup, escape

from ..pagecache import PageCache
from ..templating import fill_holes, hole

# The characters werkzeug's url_for leaves unquoted in query values.
URL_SAFE = "!$'()*,/:;?@"
# A page address of the quiz's own: nothing in it to quote but "=", "&" (and "%", "+"), which
# four replaces do in C; quote_plus goes character by character in Python once one needs it.
_PLAIN = re.compile(r"[A-Za-z0-9_.~/?=&%+-]*")


def quoted(text: str) -> str:
    """`quote_plus(text, safe=URL_SAFE)`: how urlencode and url_for write a query value."""
    if _PLAIN.fullmatch(text):
        return (text.replace("%", "%25").replace("+", "%2B").replace("&", "%26")
                .replace("=", "%3D"))
    return quote_plus(text, safe=URL_SAFE)


def language_link(locale: str) -> str:
    """The href of base.html's language link on this page (it carries the page's address):
    what `url_for("public.set_language", lang=…, next=…)` gives, joined without a url_for."""
    other = "en" if locale == "sv" else "sv"
    here = quoted(request.full_path.rstrip("?"))
    return str(escape(f"{_language_path(request.script_root, other)}?next={here}"))


@lru_cache(maxsize=64)
def _language_path(script_root: str, other: str) -> str:
    return url_for("public.set_language", lang=other)


def skeleton(cache: PageCache, key: str, render: Callable[[], str], language: str) -> str:
    """The page `render()` gives with its language link (`language`, its exact text) as the
    hole `lang`, rendered once per `key`. A page on which that text occurs more than once
    keeps the link as it is (right for this request) and is rendered again next time."""
    found = cache.get(key)
    if found is not None:
        return found.decode()
    page = render()
    if page.count(language) != 1:
        return page
    page = page.replace(language, hole("lang"))
    cache.put(key, page.encode())
    return page


def skeleton_page(cache: PageCache, key: str, render: Callable[[], str],
                  values: dict[str, str], locale: str) -> Markup:
    """The page `render()` gives (with holes for `values`, already escaped), filled in.

    `render` runs once per `key`, which must name everything the page shows but `values`
    and the language link (see `skeleton`).
    """
    language = language_link(locale)
    return fill_holes(skeleton(cache, key, render, language), {**values, "lang": language})
