"""PDF text layers with pypdfium2, OCR for pages whose text layer is (nearly) empty."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image

from habeas.domain.extract.blank import INK_DPI, image_is_blank, page_has_objects
from habeas.domain.extract.errors import BudgetExceededError, ExtractionError
from habeas.domain.extract.extracted import ExtractedPage
from habeas.domain.extract.ocr import OcrRunner
from habeas.domain.extract.textutil import normalize, visible_chars

OCR_DPI = 300
MAX_RENDER_PIXELS = 40_000_000  # a letter page at 600 dpi is 34 Mpx; posters get scaled down

_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_ERR_SECURITY = 5  # FPDF_ERR_SECURITY


@contextmanager
def open_pdf(path: Path) -> Iterator[Any]:
    """pypdfium2 document opened from the path (pdfium reads it lazily; nothing is slurped)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as err:
        raise ExtractionError(f"cannot read file: {err.strerror or err}") from err
    if b"%PDF-" not in head:
        raise ExtractionError("not a valid PDF file (no PDF header)")
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == _ERR_PASSWORD:
            raise ExtractionError("PDF is encrypted (password required)") from err
        if code == _ERR_SECURITY:
            raise ExtractionError("PDF uses an unsupported encryption scheme") from err
        raise ExtractionError("not a valid PDF file (damaged or truncated)") from err
    try:
        yield doc
    finally:
        doc.close()


def _page_text(doc: Any, index: int) -> tuple[str, bool]:
    """The page's text layer, and whether the page draws anything at all."""
    try:
        page = doc[index]
    except Exception as err:  # pdfium raises PdfiumError or ValueError for broken page trees
        raise ExtractionError(f"PDF page {index + 1} is damaged") from err
    try:
        drawn = page_has_objects(page)
        if not drawn:
            return "", False
        textpage = page.get_textpage()
        try:
            return normalize(textpage.get_text_range()), True
        finally:
            textpage.close()
    finally:
        page.close()


def _page_is_blank(doc: Any, index: int, drawn: bool) -> bool:
    # A page with no objects is blank without rendering (the 5,000-blank-page PDF case).
    return not drawn or image_is_blank(render_page(doc, index, INK_DPI, grayscale=True), INK_DPI)


def render_page(doc: Any, index: int, dpi: float, *, grayscale: bool = False) -> Image.Image:
    """One page as a PIL image at ``dpi`` (scaled down if it would exceed MAX_RENDER_PIXELS)."""
    try:
        page = doc[index]
    except Exception as err:
        raise ExtractionError(f"PDF page {index + 1} is damaged") from err
    try:
        width, height = page.get_size()  # PDF points, 1/72 inch
        scale = dpi / 72
        pixels = width * scale * height * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        bitmap = page.render(scale=scale, grayscale=grayscale)
        image: Image.Image = bitmap.to_pil()
        # to_pil may share the bitmap's buffer; copy so the page can be closed safely.
        image = image.copy()
        bitmap.close()
        image.info["dpi"] = (round(72 * scale), round(72 * scale))
        return image
    except ExtractionError:
        raise
    except Exception as err:
        raise ExtractionError(f"PDF page {index + 1} could not be rendered") from err
    finally:
        page.close()


def pages_extract_pdf(
    path: Path, *, ocr: OcrRunner | None, min_chars: int, max_pages: int | None = None
) -> list[ExtractedPage]:
    """Text-layer pages; pages with less than ``min_chars`` of text are checked for ink, and
    blank ones are marked (never OCR'd); the rest go to ``ocr`` when it is given."""
    with open_pdf(path) as doc:
        count = len(doc)
        if max_pages is not None and count > max_pages:
            raise BudgetExceededError(
                f"the PDF has {count:,} pages, more than the {max_pages:,} a document may have"
            )
        read = [_page_text(doc, i) for i in range(count)]
        texts = [t for t, _ in read]
        pages = [ExtractedPage(i + 1, t, False, None) for i, t in enumerate(texts)]
        scanned: list[int] = []
        for i, (text, drawn) in enumerate(read):
            if visible_chars(text) >= min_chars:
                continue
            if not text and _page_is_blank(doc, i, drawn):
                pages[i] = ExtractedPage(i + 1, "", False, None, blank=True)
            else:
                scanned.append(i)
        if ocr is None or not scanned:
            return pages
        # Render lazily in this thread (pdfium is not thread-safe); OcrRunner keeps only a few
        # rendered pages alive at a time.
        images = (render_page(doc, i, OCR_DPI, grayscale=True) for i in scanned)
        for i, (text, conf) in zip(scanned, ocr.ocr_iter(images), strict=True):
            text = normalize(text)
            # A short real text layer ("Page 3 of 9") beats an OCR pass that found less.
            if visible_chars(text) >= visible_chars(texts[i]):
                pages[i] = ExtractedPage(i + 1, text, True, conf)
        return pages


def page_count_pdf(path: Path) -> int:
    with open_pdf(path) as doc:
        return len(doc)


def page_render_png_pdf(path: Path, number: int, dpi: float) -> bytes:
    with open_pdf(path) as doc:
        if not 1 <= number <= len(doc):
            raise ExtractionError(f"page {number} does not exist; the PDF has {len(doc)} pages")
        image = render_page(doc, number - 1, dpi)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
