"""Source documents of a draft, the evidence finder and proposal lists (page data + edits)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import evidence, programmes, versions
from ..models import QuestionSet, SourceDocument
from ..setview import PartyView, SetView, SourceView
from . import audit, editing, merge
from .editing import EditError, check_key
from .merge import Merge, Opened

SOURCE_TEXTS = ("title", "publisher", "year", "url", "text", "origin", "title_en")
UPLOAD_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class SourceHits:
    """The hits in one source document."""

    source: SourceView
    hits: tuple[evidence.Hit, ...]


@dataclass(frozen=True)
class PartyHits:
    """The hits in one party's own documents (party None: documents no party owns)."""

    party: PartyView | None
    sources: tuple[SourceHits, ...]

    @property
    def count(self) -> int:
        """How many sentences matched."""
        return sum(len(s.hits) for s in self.sources)


@dataclass(frozen=True)
class QuoteUse:
    """A quote that a cell takes from a source document."""

    statement: str
    statement_text: str
    party: str
    quote: str
    found: bool


def decode_upload(filename: str, payload: bytes) -> str:
    """Return the text of an uploaded programme (text, PDF, DOCX, HTML) or raise `EditError`."""
    name = filename.lower()
    if name.endswith(programmes.SUFFIXES):
        try:
            return programmes.extract(name, payload).text
        except programmes.ExtractError as exc:
            raise EditError(_extract_message(exc.reason)) from None
    if not name.endswith(UPLOAD_SUFFIXES):
        raise EditError(_("Filen måste vara en textfil (.txt eller .md), en PDF, ett "
                          "Word-dokument (.docx) eller en sparad webbsida (.html)."))
    if b"\x00" in payload:
        raise EditError(_("Filen ser inte ut att vara text."))
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditError(_("Filen måste vara sparad som UTF-8.")) from None
    if not text.strip():
        raise EditError(_("Filen är tom."))
    return programmes.markdown_text(text) if name.endswith(".md") else text


def upload_origin(filename: str) -> str:
    """How an uploaded file's text was obtained: a saved web page, or a document."""
    return "web" if filename.lower().endswith((".html", ".htm")) else "document"


def _extract_message(reason: str) -> str:
    if reason == "encrypted":
        return _("PDF-filen är lösenordsskyddad. Spara den utan lösenord och försök igen.")
    if reason == "no_text":
        return _("Filen innehåller ingen text som går att läsa ut (en inskannad PDF är bara "
                 "bilder). Klistra in texten i stället.")
    return _("Filen går inte att läsa. Kontrollera att den inte är skadad och att filändelsen "
             "stämmer.")


def find(view: SetView, query: str) -> tuple[tuple[evidence.Term, ...], list[PartyHits]]:
    """Search every source document of a version; group matching sentences by party."""
    terms = evidence.query_terms(query, view.language)
    if not terms:
        return terms, []
    hits = {s.key: tuple(evidence.search(s.text, terms, view.language)) for s in view.sources}
    groups = []
    owned: set[str] = set()
    for party in view.parties:
        owned.update(party.sources)
        docs = tuple(SourceHits(view.source(k), hits[k]) for k in party.sources
                     if view.source(k) is not None and hits.get(k))
        if docs:
            groups.append(PartyHits(party, docs))
    orphans = tuple(SourceHits(s, hits[s.key]) for s in view.sources
                    if s.key not in owned and hits[s.key])
    if orphans:
        groups.append(PartyHits(None, orphans))
    return terms, groups


def quote_uses(view: SetView, key: str) -> list[QuoteUse]:
    """Every cell that quotes source `key`, and whether its quote is found in the text."""
    document = view.source(key)
    uses = []
    for st in view.statements:
        for party, pos in zip(view.parties, st.positions, strict=True):
            if pos.source == key and pos.quote:
                uses.append(QuoteUse(st.key, st.text, party.key, pos.quote,
                                     evidence.find_quote(pos.quote, document.text) is not None))
    return uses


def owners(view: SetView, key: str) -> list[PartyView]:
    """The parties that count source `key` among their own."""
    return [p for p in view.parties if key in p.sources]


def _attach(row: QuestionSet, document: SourceDocument, party_keys: list[str]) -> bool:
    changed = False
    for party in row.parties:
        mine = party.key in party_keys
        has = document in party.sources
        if mine and not has:
            party.sources.append(document)
        elif has and not mine:
            party.sources.remove(document)
        changed = changed or mine != has
    return changed


def add_source(session: Session, row: QuestionSet, data: dict, party_keys: list[str],
               user_id: int) -> tuple[QuestionSet, str]:
    """Add a source document to a draft and to the given parties' own documents."""
    versions.require_draft(row)
    taken = {s.key for s in row.sources}
    wanted = (data.get("key") or "").strip()
    key = check_key(wanted, taken) if wanted else editing.unique_key(
        editing.slugify(data["title"]), taken)
    document = SourceDocument(key=key, **{f: data.get(f) for f in SOURCE_TEXTS})
    row.sources.append(document)
    session.flush()
    _attach(row, document, party_keys)
    audit.record(session, row, user_id, "source.create", f"source:{key}", None,
                 audit.source_snapshot(document) | {"parties": sorted(party_keys)})
    return versions.refresh(session, row), key


def source_base(row: QuestionSet, document: SourceDocument) -> dict:
    """The values an edit form of a source document starts from (the whole text)."""
    return {"key": document.key, "title": document.title, "publisher": document.publisher,
            "year": document.year, "url": document.url, "text": document.text,
            "title_en": document.title_en,
            "parties": sorted(p.key for p in row.parties if document in p.sources)}


def update_source(session: Session, row: QuestionSet, key: str, data: dict,
                  party_keys: list[str], opened: Opened, user_id: int
                  ) -> tuple[QuestionSet, Merge]:
    """Change a source document's details, text and owning parties, merged field by field
    with any change saved since the form was opened; raises `MergeConflict` on a clash."""
    versions.require_draft(row)
    document = editing.reload(session, editing.find(row.sources, key, opened.row_id))
    current = source_base(row, document)
    before = audit.source_snapshot(document) | {"parties": current["parties"]}
    mine = {k: v for k, v in data.items() if k != "origin"} | {"parties": sorted(party_keys)}
    result = merge.resolve(opened.start(document.id, document.row_version, current), current,
                           mine, opened.choices)
    values = dict(result.values)
    if merge.canon(values["text"]) != merge.canon(document.text):
        values["origin"] = data.get("origin")  # the text is mine: so is how it was obtained
    for field in SOURCE_TEXTS:
        if field in values and field != "key":
            setattr(document, field, values[field])
    if _attach(row, document, list(values["parties"])):
        # Owners live in the link table: bump the document's row version by hand.
        flag_modified(document, "title")
    editing.flush(session)
    after = audit.source_snapshot(document) | {"parties": sorted(values["parties"])}
    if after != before:
        audit.record(session, row, user_id, "source.update", f"source:{document.key}",
                     before, after)
    return versions.refresh(session, row), result


def delete_source(session: Session, row: QuestionSet, key: str, user_id: int) -> QuestionSet:
    """Remove a source document that no position quotes."""
    versions.require_draft(row)
    document = editing.source(row, key)
    if document is None:
        raise LookupError(key)
    used = [f"{st.key}/{pos.party.key}" for st in row.statements for pos in st.positions
            if pos.source_id == document.id]
    if used:
        raise EditError(_("Källan används som citatkälla i %(n)d rutor (%(cells)s). Byt källa "
                          "i de rutorna först.", n=len(used), cells=", ".join(used[:5])))
    audit.record(session, row, user_id, "source.delete", f"source:{key}",
                 audit.source_snapshot(document), None)
    for party in row.parties:
        if document in party.sources:
            party.sources.remove(document)
    row.sources.remove(document)
    session.flush()
    return versions.refresh(session, row)
