"""Producing one document: to PDF, redactions burned in (PyMuPDF's apply_redactions removes the
text under a box from the text layer and the pixels from images), metadata and annotations
stripped, every page re-extracted and checked, then Bates labels stamped. Plain Python, no Django.

This is the app's own adapter over PyMuPDF while the Django-free engine (``domain/disclosure``)
is written; it keeps one document in memory at a time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import pymupdf


class ProduceError(ValueError):
    """The document cannot be produced safely; the message says which page and why."""


@dataclass(frozen=True)
class Mark:
    """One redaction to burn: rectangles on a page, or words on a page (``page`` None: every page)."""

    page: int | None
    boxes: tuple[tuple[float, float, float, float], ...] = ()
    text: str = ""


@dataclass
class Produced:
    pdf: bytes
    pages: int
    note: str = ""
    unchecked_pages: list[int] = field(default_factory=list)  # no text layer: box-only


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def source_to_pdf(data: bytes, kind: str, page_texts: Sequence[str]) -> tuple[bytes, str]:
    """A PDF of the source, and a note when it had to be converted. PDFs are used as they are
    (encrypted or broken ones are refused); images become one page each; anything else is
    typeset from the text Habeas extracted from it."""
    if kind == "pdf":
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:
            raise ProduceError("The PDF could not be opened (damaged file).") from exc
        if doc.needs_pass:
            raise ProduceError("The PDF is password-protected: unlock it and add it again.")
        return data, ""
    if kind == "image":
        try:
            img = pymupdf.open(stream=data)
            return img.convert_to_pdf(), "Converted from an image to PDF."
        except Exception as exc:
            raise ProduceError("The image could not be read.") from exc
    out = pymupdf.open()
    for text in page_texts or [""]:
        page = out.new_page(width=612, height=792)
        page.insert_textbox(pymupdf.Rect(54, 54, 558, 738), text, fontsize=10, fontname="cour")
    return out.tobytes(), "Converted to PDF from the text extracted from the original file."


def burn(
    pdf: bytes, marks: Sequence[Mark], ocr_texts: Sequence[str] = ()
) -> tuple[pymupdf.Document, list[int]]:
    """Apply the redactions for real. Words a page's text layer does not hold but its OCR text
    does cannot be located: refused (draw a box instead), never passed over."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    unchecked: list[int] = []
    for index in range(doc.page_count):
        page = doc[index]
        number = index + 1
        layer = page.get_text("text")
        if not layer.strip():
            unchecked.append(number)
        for mark in marks:
            if mark.page not in (None, number):
                continue
            for box in mark.boxes:
                page.add_redact_annot(pymupdf.Rect(*box), fill=(0, 0, 0))
            if mark.text:
                hits = page.search_for(mark.text)
                for quad in hits:
                    page.add_redact_annot(quad, fill=(0, 0, 0))
                ocr = ocr_texts[index] if index < len(ocr_texts) else ""
                in_ocr = _norm(mark.text) in _norm(ocr)
                if (
                    not hits
                    and (mark.page == number or in_ocr)
                    and _norm(mark.text) not in _norm(layer)
                ):
                    raise ProduceError(
                        f"Page {number}: the words to redact are not in the page's text layer "
                        "(a scanned page), so they cannot be found on it. Draw a box over them instead."
                    )
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
    return doc, unchecked


def strip(doc: pymupdf.Document) -> None:
    """No metadata, no annotations, links, attachments, forms or scripts in what is produced."""
    for index in range(doc.page_count):
        page = doc[index]
        for annot in list(page.annots() or []):
            page.delete_annot(annot)
        for link in page.get_links():
            page.delete_link(link)
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    doc.set_metadata({})
    doc.del_xml_metadata()
    doc.scrub(metadata=True, xml_metadata=True, javascript=True, attached_files=True)


def leaks(doc: pymupdf.Document, marks: Sequence[Mark]) -> list[tuple[int, str]]:
    """(page, words) for every redacted text still readable on a page or in the metadata."""
    found: list[tuple[int, str]] = []
    meta = _norm(" ".join(str(v) for v in (doc.metadata or {}).values() if v))
    for index in range(doc.page_count):
        number = index + 1
        text = _norm(doc[index].get_text("text"))
        for mark in marks:
            if mark.text and mark.page in (None, number):
                words = _norm(mark.text)
                if words in text or (words and words in meta):
                    found.append((number, mark.text))
    return found


def stamp(doc: pymupdf.Document, labels: Sequence[str], legend: str) -> None:
    for index, label in enumerate(labels):
        page = doc[index]
        rect = page.rect
        page.insert_text((rect.width - 150, rect.height - 18), label, fontsize=9, fontname="helv")
        if legend:
            page.insert_text((36, rect.height - 18), legend[:80], fontsize=9, fontname="helv")


def produce(
    pdf: bytes,
    marks: Sequence[Mark],
    labels_for: Sequence[str] | None,
    legend: str = "",
    ocr_texts: Sequence[str] = (),
) -> Produced:
    """Burn, strip, check, stamp; any readable redacted words -> ProduceError naming the page."""
    doc, unchecked = burn(pdf, marks, ocr_texts)
    strip(doc)
    found = leaks(doc, marks)
    if found:
        page, words = found[0]
        raise ProduceError(
            f"Page {page}: a redacted passage ({len(words)} characters) could still be read after "
            "burning in; nothing was produced."
        )
    if labels_for is not None:
        stamp(doc, labels_for, legend)
    buffer = io.BytesIO()
    doc.save(buffer, garbage=4, deflate=True, clean=True)
    pages = doc.page_count
    doc.close()
    return Produced(pdf=buffer.getvalue(), pages=pages, unchecked_pages=unchecked)


def page_count(pdf: bytes) -> int:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return int(doc.page_count)
