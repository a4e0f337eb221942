"""Sources to PDF before production: PDFs are checked (and repaired where MuPDF can), images
become one page per frame, plain text, Word files and e-mails are laid out as monospaced text.
``note`` says what was done, for the production's record."""

from __future__ import annotations

import io
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image, UnidentifiedImageError

from habeas.domain.disclosure.errors import ProductionError
from habeas.domain.extract.docx import pages_extract_docx
from habeas.domain.extract.email import pages_extract_email
from habeas.domain.extract.errors import ExtractionError

KINDS = ("pdf", "image", "text", "docx", "email")
PAGE_W, PAGE_H = 612.0, 792.0  # US Letter
TEXT_MARGIN = 54.0
TEXT_SIZE = 9.5
TEXT_COLS = 92
TEXT_LINES = 62
MAX_FRAMES = 2000


@dataclass(frozen=True)
class Converted:
    pdf: bytes
    note: str  # "" when the PDF was produced as received


def _pdf(data: bytes, name: str) -> Converted:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as err:  # MuPDF raises FileDataError / RuntimeError on unreadable files
        raise ProductionError(f"{name} is not a readable PDF (damaged beyond repair)") from err
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise ProductionError(
                f"{name} is password-protected: remove the password and upload it again"
            )
        if doc.page_count == 0:
            raise ProductionError(f"{name} has no pages")
        if doc.is_repaired:
            try:
                out = doc.tobytes(garbage=3, deflate=True)
            except Exception as err:
                raise ProductionError(
                    f"{name} is a damaged PDF that could not be repaired"
                ) from err
            return Converted(out, "The PDF was damaged and was repaired before production")
        return Converted(data, "")


def _image(data: bytes, name: str) -> Converted:
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError) as err:
        raise ProductionError(f"{name} is not a readable image") from err
    out = pymupdf.open()
    frames = getattr(img, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ProductionError(f"{name} has more than {MAX_FRAMES} frames")
    for i in range(frames):
        img.seek(i)
        frame = img.convert("L") if img.mode in ("1", "L", "I;16", "I") else img.convert("RGB")
        dpi = img.info.get("dpi", (200, 200))
        xdpi = float(dpi[0]) if dpi and float(dpi[0]) >= 50 else 200.0
        ydpi = float(dpi[1]) if dpi and float(dpi[1]) >= 50 else xdpi
        buf = io.BytesIO()
        frame.save(buf, format="PNG")
        w, h = frame.width * 72.0 / xdpi, frame.height * 72.0 / ydpi
        page = out.new_page(width=w, height=h)
        page.insert_image(page.rect, stream=buf.getvalue())
    pdf = out.tobytes(garbage=3, deflate=True)
    out.close()
    fmt = img.format or "image"
    many = f", one page per frame ({frames} pages)" if frames > 1 else ""
    return Converted(pdf, f"Converted from a {fmt} image to PDF for production{many}")


def text_pdf(pages: list[str]) -> bytes:
    """Plain text laid out in Courier on Letter pages; a form feed or a new entry of ``pages``
    starts a new page, long lines wrap."""
    out = pymupdf.open()
    for chunk in pages:
        lines: list[str] = []
        for raw in chunk.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            raw = raw.expandtabs(4)
            lines.extend(textwrap.wrap(raw, TEXT_COLS, break_long_words=True) or [""])
        for start in range(0, max(len(lines), 1), TEXT_LINES):
            page = out.new_page(width=PAGE_W, height=PAGE_H)
            body = "\n".join(lines[start : start + TEXT_LINES])
            page.insert_text(
                (TEXT_MARGIN, TEXT_MARGIN + TEXT_SIZE),
                body,
                fontname="cour",
                fontsize=TEXT_SIZE,
                lineheight=1.18,
            )
    pdf = bytes(out.tobytes(garbage=3, deflate=True))
    out.close()
    return pdf


def _text(data: bytes, name: str) -> Converted:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return Converted(
        text_pdf(text.split("\f")), "Converted from a plain-text file to PDF for production"
    )


def _via_extract(kind: str, data: bytes, name: str) -> Converted:
    suffix = ".docx" if kind == "docx" else ".eml"
    with tempfile.TemporaryDirectory(prefix="habeas-convert-") as tmp:
        path = Path(tmp) / f"source{suffix}"
        path.write_bytes(data)
        try:
            pages = (pages_extract_docx if kind == "docx" else pages_extract_email)(path)
        except ExtractionError as err:
            raise ProductionError(f"{name}: {err}; convert it to PDF first") from err
    if kind == "docx":
        note = (
            "Converted from a Word file to PDF for production (its text only: layout, images, "
            "comments and tracked changes are not carried over)"
        )
    else:
        note = (
            "Converted from an e-mail to PDF for production (headers and message text; "
            "attachments are not included and must be produced separately)"
        )
    return Converted(text_pdf([p.text for p in pages]), note)


def source_to_pdf(kind: str, data: bytes, *, name: str) -> Converted:
    """A PDF to produce from a source of ``kind`` ("pdf", "image", "text", "docx", "email").
    Raises ProductionError (encrypted, damaged, unreadable, unknown kind) with ``name`` in the
    message."""
    if not data:
        raise ProductionError(f"{name} is empty")
    if kind == "pdf":
        return _pdf(data, name)
    if kind == "image":
        return _image(data, name)
    if kind == "text":
        return _text(data, name)
    if kind in ("docx", "email"):
        return _via_extract(kind, data, name)
    raise ProductionError(f"{name}: this kind of file cannot be produced; convert it to PDF first")
