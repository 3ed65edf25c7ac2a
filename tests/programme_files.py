"""Small real programme files for tests: a PDF written by hand, a DOCX by python-docx."""

from __future__ import annotations

import io


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one text line per item and Helvetica in WinAnsi (Swedish letters work)."""
    objects: list[bytes] = []
    kids = []
    font_id = 3
    for lines in pages:
        ops = ["BT", "/F1 12 Tf", "72 760 Td", "14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        content_id = 4 + len(objects)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_id = 4 + len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                       % (font_id, content_id))
        kids.append(page_id)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(head + objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(offsets) + 1, xref))
    return out.getvalue()


def make_docx(pages: list[list[str]], bullets: tuple[str, ...] = ()) -> bytes:
    """A DOCX with the paragraphs of each page, a page break between pages."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for number, lines in enumerate(pages):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in lines:
            style = "List Bullet" if line in bullets else None
            document.add_paragraph(line, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
