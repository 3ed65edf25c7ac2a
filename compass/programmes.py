"""Plain text out of party programmes as parties publish them: PDF, Word (.docx), saved HTML.

Pure: no Flask, no database. Pages are kept: the text of page *n + 1* follows the *n*-th form
feed (``\\f``), which the quote check treats as whitespace, so a quote can still span a page
break and `page_at` can say which page a quote starts on ("s. 4").
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

PAGE_BREAK = "\f"
SUFFIXES = (".pdf", ".docx", ".html", ".htm")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "th",
           "dt", "dd", "figcaption")


class ExtractError(ValueError):
    """The file cannot give text; `reason` is one of the codes below, for a translated message.

    ``unreadable`` (damaged or not the format its name says), ``encrypted`` (password
    protected PDF), ``no_text`` (no text layer, e.g. a scanned PDF), ``unsupported`` (suffix).
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Extracted:
    """The text of a programme and how many pages it had (None where pages are unknown)."""

    text: str
    pages: int | None


def extract(filename: str, payload: bytes) -> Extracted:
    """Return the readable text of a PDF, DOCX or HTML file, or raise `ExtractError`."""
    name = filename.lower()
    if name.endswith(".pdf"):
        result = _pdf(payload)
    elif name.endswith(".docx"):
        result = _docx(payload)
    elif name.endswith((".html", ".htm")):
        result = _html(payload)
    else:
        raise ExtractError("unsupported")
    if not result.text.replace(PAGE_BREAK, "").strip():
        raise ExtractError("no_text")
    return result


def markdown_text(text: str) -> str:
    """Return the plain text of Markdown: markup gone, one paragraph per block, list items as
    bullets (so the proposal finder sees them), link texts kept and addresses dropped.

    >>> markdown_text("# Program\\n\\nVi **vill**:\\n\\n- fler [vakter](https://x.se)")
    'Program\\n\\nVi vill:\\n\\n• fler vakter'
    """
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    in_item = 0
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type in ("inline", "code_block", "fence"):
            if token.type == "inline":
                words = "".join(child.content if child.type in ("text", "code_inline") else
                                "\n" if child.type in ("softbreak", "hardbreak") else ""
                                for child in token.children or [])
            else:
                words = token.content.rstrip("\n")
            if words.strip():
                blocks.append(("• " if in_item else "") + words.strip())
    return "\n\n".join(blocks)


def page_at(text: str, offset: int) -> int | None:
    """Return the 1-based page that `offset` in `text` lies on, or None for a text without pages.

    >>> page_at("one\\ftwo\\fthree", 9)
    3
    >>> page_at("no pages", 3) is None
    True
    """
    if PAGE_BREAK not in text:
        return None
    return text.count(PAGE_BREAK, 0, offset) + 1


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _pdf(payload: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(payload))
        if reader.is_encrypted:
            raise ExtractError("encrypted")
        pages = [_tidy(page.extract_text() or "") for page in reader.pages]
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractError("unreadable") from exc
    return Extracted(text=f"\n{PAGE_BREAK}\n".join(pages), pages=len(pages))


def _docx(payload: bytes) -> Extracted:
    import zipfile

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(payload))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractError("unreadable") from exc
    pages: list[list[str]] = [[]]
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            for br in child.iter(qn("w:br")):
                if br.get(qn("w:type")) == "page":
                    pages.append([])
            text = "".join(node.text or "" for node in child.iter(qn("w:t"))).strip()
            style = Paragraph(child, document).style
            listed = (child.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
                      or (style is not None and (style.name or "").startswith("List")))
            if text:
                pages[-1].append(("• " if listed else "") + text)
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                text = " ".join(node.text or "" for node in cell.iter(qn("w:t"))).strip()
                if text:
                    pages[-1].append(text)
    text = f"\n{PAGE_BREAK}\n".join(_tidy("\n\n".join(page)) for page in pages)
    return Extracted(text=text, pages=len(pages) if len(pages) > 1 else None)


def _html(payload: bytes) -> Extracted:
    import lxml.html
    from lxml.etree import ParserError
    from readability import Document

    try:
        html = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        html = payload.decode("cp1252", errors="replace")
    try:
        main = Document(html).summary(html_partial=True)
        tree = lxml.html.fromstring(main)
    except (ParserError, ValueError) as exc:
        raise ExtractError("unreadable") from exc
    blocks = []
    for element in tree.iter(*_BLOCKS):
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue  # its text is part of the enclosing block
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(("• " if element.tag == "li" else "") + text)
    return Extracted(text="\n\n".join(blocks), pages=None)
