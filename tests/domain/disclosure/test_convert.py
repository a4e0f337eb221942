from __future__ import annotations

import io
from email.message import EmailMessage

import docx
import pymupdf
import pytest
from PIL import Image, ImageDraw

from habeas.domain.disclosure import ProductionError, source_to_pdf
from tests.domain.disclosure.samples import WITNESS, plain_pdf, text_page


def _pages(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [p.get_text() for p in doc.pages()]


def test_pdf_as_received() -> None:
    pdf = plain_pdf(2)
    out = source_to_pdf("pdf", pdf, name="report.pdf")
    assert out.pdf == pdf and out.note == ""


def test_encrypted_corrupt_and_empty_pdfs() -> None:
    doc = pymupdf.open()
    text_page(doc, [WITNESS])
    locked = doc.tobytes(encryption=vars(pymupdf)["PDF_ENCRYPT_AES_256"], user_pw="u", owner_pw="o")
    with pytest.raises(ProductionError, match="report.pdf is password-protected"):
        source_to_pdf("pdf", locked, name="report.pdf")
    with pytest.raises(ProductionError, match="not a readable PDF"):
        source_to_pdf("pdf", b"\x00\x01garbage" * 50, name="report.pdf")
    with pytest.raises(ProductionError, match="empty"):
        source_to_pdf("pdf", b"", name="report.pdf")


def test_damaged_pdf_is_repaired_with_a_note() -> None:
    pdf = plain_pdf(2)
    broken = pdf[: pdf.rindex(b"xref")]  # no cross-reference table or trailer
    out = source_to_pdf("pdf", broken, name="report.pdf")
    assert "repaired" in out.note
    assert len(_pages(out.pdf)) == 2


def test_images_one_page_per_frame() -> None:
    frames = []
    for n in range(3):
        img = Image.new("L", (850, 1100), 255)
        ImageDraw.Draw(img).text((50, 50), f"Frame {n}", fill=0)
        frames.append(img)
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(100, 100))
    out = source_to_pdf("image", buf.getvalue(), name="scan.tif")
    with pymupdf.open(stream=out.pdf, filetype="pdf") as doc:
        assert doc.page_count == 3
        assert round(doc[0].rect.width) == 612  # 850 px at 100 dpi = 8.5 in
    assert "TIFF image" in out.note and "3 pages" in out.note
    png = io.BytesIO()
    frames[0].save(png, format="PNG")
    assert "PNG" in source_to_pdf("image", png.getvalue(), name="p.png").note
    with pytest.raises(ProductionError, match="not a readable image"):
        source_to_pdf("image", b"nope", name="p.png")


def test_text_docx_and_email() -> None:
    out = source_to_pdf("text", ("Line one\n" * 100 + "\fSecond part").encode(), name="notes.txt")
    pages = _pages(out.pdf)
    assert len(pages) == 3 and "Second part" in pages[2]
    assert out.note == "Converted from a plain-text file to PDF for production"

    document = docx.Document()
    document.add_paragraph(f"Interview of {WITNESS}")
    buf = io.BytesIO()
    document.save(buf)
    out = source_to_pdf("docx", buf.getvalue(), name="memo.docx")
    assert WITNESS in _pages(out.pdf)[0]
    assert out.note.startswith("Converted from a Word file to PDF for production")

    msg = EmailMessage()
    msg["From"] = "det.bell@example.org"
    msg["To"] = "ciu@example.org"
    msg["Subject"] = "Witness"
    msg.set_content(f"{WITNESS} called back.")
    out = source_to_pdf("email", bytes(msg), name="mail.eml")
    text = _pages(out.pdf)[0]
    assert "Subject: Witness" in text and WITNESS in text
    assert "attachments are not included" in out.note
    with pytest.raises(ProductionError, match="convert it to PDF first"):
        source_to_pdf("docx", b"PK\x03\x04 not a docx", name="memo.docx")
    with pytest.raises(ProductionError, match="convert it to PDF first"):
        source_to_pdf("spreadsheet", b"x", name="a.xlsx")
