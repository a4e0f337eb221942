from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from habeas.domain.extract import ExtractionError, OcrRunner, page_render_png, pages_extract
from habeas.domain.extract.samples import REPORT_LINES, text_pdf_bytes

from .conftest import encrypted_pdf, needs_tesseract, small_scan, write


def test_text_layer_per_page(tmp_path: Path) -> None:
    pdf = write(
        tmp_path / "r.pdf", text_pdf_bytes([REPORT_LINES, ["Second page (witness list)"], []])
    )
    pages = pages_extract(pdf, "pdf")
    assert [p.number for p in pages] == [1, 2, 3]
    assert "Marjorie Tillbrook" in pages[0].text
    assert pages[0].text.splitlines()[0] == REPORT_LINES[0]
    assert pages[1].text == "Second page (witness list)"
    # the empty page draws nothing: it stays empty, is marked blank and not OCR'd
    assert pages[2] == pages[2].__class__(3, "", False, None, blank=True)
    assert not any(p.ocr for p in pages)


def test_short_text_layer_without_ocr_is_kept(tmp_path: Path) -> None:
    pdf = write(tmp_path / "r.pdf", text_pdf_bytes([["Page 3 of 9"]]))
    assert pages_extract(pdf, "pdf", min_chars=25)[0].text == "Page 3 of 9"


@needs_tesseract
def test_scanned_page_is_ocrd(tmp_path: Path, ocr_runner: OcrRunner) -> None:
    text_pdf = write(tmp_path / "t.pdf", text_pdf_bytes([REPORT_LINES]))
    scan = small_scan(["WITNESS STATEMENT", "Tillbrook"], size=(1275, 400))
    scanned = tmp_path / "scan.pdf"
    scan.save(scanned, format="PDF", resolution=150)
    pages = pages_extract(scanned, "pdf", ocr=ocr_runner)
    assert len(pages) == 1 and pages[0].ocr
    assert "WITNESS" in pages[0].text and "Tillbrook" in pages[0].text
    assert pages[0].ocr_confidence is not None and 50 < pages[0].ocr_confidence <= 100
    # a page with a good text layer never goes to OCR
    assert not pages_extract(text_pdf, "pdf", ocr=ocr_runner)[0].ocr


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a valid PDF"),
        (b"this is not a pdf at all", "not a valid PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 20, "damaged or truncated"),
    ],
)
def test_bad_pdfs(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        pages_extract(write(tmp_path / "bad.pdf", data), "pdf")


def test_truncated_pdf_never_raises_other_errors(tmp_path: Path) -> None:
    full = text_pdf_bytes([REPORT_LINES] * 3)
    for cut in range(0, len(full), max(1, len(full) // 40)):
        try:
            pages = pages_extract(write(tmp_path / "cut.pdf", full[:cut]), "pdf")
        except ExtractionError:
            continue
        assert all(isinstance(p.text, str) for p in pages)  # pdfium repaired what it could


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = write(tmp_path / "enc.pdf", encrypted_pdf(text_pdf_bytes([["secret"]])))
    with pytest.raises(ExtractionError, match="PDF is encrypted"):
        pages_extract(pdf, "pdf")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError):
        pages_extract(tmp_path / "nope.pdf", "pdf")


def test_render_png(tmp_path: Path) -> None:
    pdf = write(tmp_path / "r.pdf", text_pdf_bytes([REPORT_LINES, ["two"]]))
    png = page_render_png(pdf, "pdf", 2, dpi=72)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (612, 792)  # letter at 72 dpi
    assert Image.open(io.BytesIO(page_render_png(pdf, "pdf", 1))).size == (935, 1210)  # 110 dpi
    for bad in (0, 3):
        with pytest.raises(ExtractionError, match="does not exist"):
            page_render_png(pdf, "pdf", bad)
    with pytest.raises(ExtractionError, match="no page images"):
        page_render_png(pdf, "text", 1)
