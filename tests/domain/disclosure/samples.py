"""Test PDFs built in code, with fictional people only."""

from __future__ import annotations

import pymupdf

WITNESS = "Dolores Whitcombe"
ADDRESS = "14 Larkspur Lane"
KEPT = "Officer Marcus Bell interviewed the witness on March 3, 2019."


def text_page(doc: pymupdf.Document, lines: list[str], *, size: float = 11) -> pymupdf.Page:
    page = doc.new_page(width=612, height=792)
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + i * (size + 3)), line, fontsize=size)
    return page


def scanned_page(doc: pymupdf.Document, lines: list[str], *, dpi: int = 200) -> pymupdf.Page:
    """A page that is only an image of text (no text layer), like a scan."""
    src = pymupdf.open()
    text_page(src, lines, size=14)
    png = src[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("png")
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=png)
    return page


def report_pdf() -> bytes:
    """A police report: the witness's name and address in the text layer, split across a
    hyphenated line break, in a form field, in a note annotation, in the metadata, the XMP, the
    outline and an attachment; a scanned page; a rotated page and one with a CropBox offset."""
    doc = pymupdf.open()
    p1 = text_page(
        doc,
        [
            f"Witness {WITNESS} (DOB 04/11/1987) lives at {ADDRESS}.",
            KEPT,
            "Case No. 19-CR-004512, Penal Code section 1054.9.",
        ],
    )
    p1.add_text_annot((500, 80), f"Call {WITNESS} back")
    p1.add_freetext_annot(pymupdf.Rect(72, 300, 400, 330), f"Reviewer: {WITNESS}")
    widget = pymupdf.Widget()
    widget.field_name = "witness"
    widget.field_type = vars(pymupdf)["PDF_WIDGET_TYPE_TEXT"]
    widget.field_value = WITNESS
    widget.rect = pymupdf.Rect(72, 400, 300, 420)
    p1.add_widget(widget)
    p1.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 500, 200, 520),
            "uri": "https://example.org/whitcombe",
        }
    )
    text_page(
        doc,
        [
            "The statement was given by Dolores Whit-",
            "combe at the station on Larkspur Lane.",
            "The detective kept the notebook.",
        ],
    )
    scanned_page(doc, [f"Witness {WITNESS} signed here.", "The detective kept the notebook."])
    p4 = text_page(doc, [f"Rotated: {WITNESS} at {ADDRESS}.", "Nothing else."])
    p4.set_rotation(90)
    p5 = text_page(doc, [f"Cropped page: {WITNESS}.", "The detective kept the notebook."])
    p5.set_cropbox(pymupdf.Rect(40, 40, 560, 740))
    doc.set_metadata({"author": WITNESS, "title": f"Interview of {WITNESS}", "subject": ADDRESS})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{WITNESS}</dc></x:xmpmeta>")
    doc.set_toc([[1, f"Interview of {WITNESS}", 1]])
    doc.embfile_add("notes.txt", f"{WITNESS}, {ADDRESS}".encode())
    return bytes(doc.tobytes())


def report_marks_text() -> list[tuple[int, str]]:
    """(page, text) of what the reviewer redacts in ``report_pdf``."""
    return [
        (1, WITNESS),
        (1, ADDRESS),
        (1, "04/11/1987"),
        (2, WITNESS),
        (2, "Larkspur Lane"),
        (3, WITNESS),
        (4, WITNESS),
        (4, ADDRESS),
        (5, WITNESS),
    ]


def plain_pdf(pages: int, *, lines: int = 30, seed: int = 0) -> bytes:
    doc = pymupdf.open()
    for n in range(pages):
        text_page(
            doc,
            [f"Page {n + 1} line {i}: supplemental report {seed}-{n}-{i}." for i in range(lines)],
            size=9,
        )
    return bytes(doc.tobytes())
