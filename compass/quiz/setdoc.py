"""The set document: everything the in-browser quiz needs for one set version and language.

With JavaScript the statement pages are drawn in the browser from this one JSON document
(statements, easy-read texts, backgrounds, themes, the parties to choose from and the pages'
UI strings), so a voter's answers and party choice cost the server nothing; the result page
is still computed on the server. A
published version never changes, so the document is built once per process and its URL is
fingerprinted with a hash of its bytes: shared caches may keep it for a year. The bytes are a
pure function of the set content and the translations, so every app process serves the same
document under the same fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from cachetools import LRUCache
from flask import url_for
from flask_babel import gettext

from .. import labels
from ..results import MIN_ANSWERS
from ..setview import SetView

FORMAT = 2  # 2: the party choice (parties, choice texts)
_documents: LRUCache = LRUCache(maxsize=64)
_lock = threading.Lock()


@dataclass(frozen=True)
class SetDocument:
    """A set document's bytes and the fingerprint in its URL."""

    body: bytes
    fingerprint: str


def _template(message: str) -> str:
    """A translated UI string with its %(name)d placeholders written as {name} for the JS."""
    text = gettext(message)
    for name in ("n", "total", "answer"):
        text = text.replace(f"%({name})d", f"{{{name}}}").replace(f"%({name})s", f"{{{name}}}")
    return text


def _ui(view: SetView) -> dict:
    """The statement page's UI strings in the request's language."""
    return {
        "progress": _template("Påstående %(n)d av %(total)d"),
        "onlySwedish": gettext("Det här påståendet finns bara på svenska."),
        "easyOn": gettext("Visa lättläst text i hela testet"),
        "easyOff": gettext("Visa vanlig text i hela testet"),
        "easy": gettext("Lättläst"),
        "plain": gettext("Vanlig text"),
        "background": gettext("Bakgrund"),
        "weightLegend": gettext("Hur viktigt är påståendet för dig?"),
        "answerLegend": gettext("Vad tycker du?"),
        "yours": gettext("(ditt svar)"),
        "pager": gettext("Bläddra mellan påståenden"),
        "prev": gettext("Föregående"),
        "next": gettext("Nästa"),
        "toResult": gettext("Till resultatet"),
        "resultNow": gettext("Visa resultat nu"),
        "reweigh": _template("Ditt svar på påstående %(n)s: %(answer)s. "
                             "Hur viktigt är det för dig?"),
        "answers": [[value, str(label)]
                    for value, label in labels.ANSWER_LABELS[view.levels].items()],
        "skip": str(labels.SKIP_LABEL),
        "weights": [[f"{w:g}", str(label)] for w, label in labels.WEIGHT_LABELS.items()],
        "title": " – Valkompass",
    }


def _choice(view: SetView, locale: str) -> dict:
    """The party choice page's texts (the same as templates/quiz/parties.html)."""
    total = len(view.parties)
    return {
        "title": labels.actor_text(view, "choose_title"),
        "heading": labels.actor_text(view, "choose_heading"),
        "error": labels.actor_text(view, "choose_error"),
        "framingLabel": labels.actor_text(view, "framing_label"),
        "framing": view.localised_framing(locale) or "",
        "all": gettext("Välj alla"),
        "none": gettext("Välj inga"),
        "search": gettext("Sök parti"),
        "legend": gettext("Markera de partier du vill jämföra med"),
        "count": gettext("%(num)s av %(total)s partier är valda.", num="{n}", total=total),
        "submit": gettext("Visa mitt resultat"),
        "back": gettext("Tillbaka till påståendena"),
    }


def _build(view: SetView, locale: str) -> dict:
    first = url_for("quiz.statement", slug=view.slug, version=view.version, number=1)
    statements = []
    for st in view.statements:
        text, easy, background, fell_back = st.localised(locale)
        statements.append({
            "theme": st.theme, "text": text, "easy": easy, "background": background,
            "direction": str(labels.DIRECTION_LABELS[st.direction]) if st.direction else "",
            "onlySwedish": fell_back and locale != "sv"})
    return {
        "format": FORMAT, "slug": view.slug, "version": view.version, "lang": locale,
        "levels": view.levels, "minAnswers": MIN_ANSWERS,
        "urls": {"statement": first[:-1],
                 "parties": url_for("quiz.parties", slug=view.slug, version=view.version),
                 "result": url_for("quiz.result", slug=view.slug, version=view.version),
                 "answer": url_for("quiz.answer", slug=view.slug, version=view.version)},
        "statements": statements,
        "parties": [{"key": p.key, "short": p.short_name, "name": p.name, "colour": p.colour}
                    for p in view.parties],
        "ui": _ui(view),
        "choice": _choice(view, locale),
    }


def set_document(view: SetView, locale: str) -> SetDocument:
    """Return the set document of `view` in `locale`, built once per process."""
    key = (view.slug, view.version, view.content_hash, locale)
    with _lock:
        found = _documents.get(key)
    if found is not None:
        return found
    body = json.dumps(_build(view, locale), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()
    document = SetDocument(body=body, fingerprint=hashlib.sha256(body).hexdigest()[:16])
    with _lock:
        _documents[key] = document
    return document


def set_document_url(view: SetView, locale: str) -> str:
    """The fingerprinted URL of the set document in `locale`."""
    return url_for("quiz.set_document", slug=view.slug, version=view.version, lang=locale,
                   v=set_document(view, locale).fingerprint)
