"""Burn-in redaction with PyMuPDF, and the check that re-reads the produced file.

``document_burn`` removes what lies under every mark from the page content for real (text from
the text layer, image pixels, vector graphics touching the box) with MuPDF's redaction, then
strips everything a reader could still find outside the page content: annotations and form
fields (baked into the page first, so a value typed in a field is redacted like page text),
links, embedded files, JavaScript, metadata, XMP, thumbnails and the outline, and saves with
garbage collection so no orphan object keeps a removed string. Text marks on pages with no text
layer are located with tesseract word boxes; without tesseract such a page is refused.
"""

from __future__ import annotations

import glob
import os
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pymupdf

from habeas.domain.disclosure.errors import Leak, ProductionError
from habeas.domain.disclosure.locate import PageText
from habeas.domain.disclosure.marks import Box, Mark

OCR_DPI = 300
# PyMuPDF defines these constants at import time, out of mypy's sight in a whole-project run.
_PYMUPDF = vars(pymupdf)
REDACT_IMAGES: int = _PYMUPDF["PDF_REDACT_IMAGE_PIXELS"]  # blank the pixels under the box
REDACT_GRAPHICS: int = _PYMUPDF["PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED"]  # whole strokes touched
REDACT_TEXT_MODE: int = _PYMUPDF["PDF_REDACT_TEXT_REMOVE"]
REDACT_FILL = (0.0, 0.0, 0.0)
REDACT_TEXT = (1.0, 1.0, 1.0)
_META_KEYS = (
    "title",
    "author",
    "subject",
    "keywords",
    "creator",
    "producer",
    "creationDate",
    "modDate",
    "trapped",
)


@dataclass(frozen=True)
class Burned:
    pdf: bytes
    page_count: int
    pages_without_text: tuple[int, ...]  # 1-based; the text check cannot apply there (OCR can)
    notes: tuple[str, ...]  # for the reviewer: "page 3: "Whitcombe" not found on the page"


def tessdata_dir() -> str | None:
    """Where tesseract's language data lives (TESSDATA_PREFIX or Debian's place), or None."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and os.path.isfile(os.path.join(env, "eng.traineddata")):
        return env
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata/eng.traineddata"))
    return os.path.dirname(found[-1]) if found else None


def _ocr_textpage(page: pymupdf.Page) -> pymupdf.TextPage:
    tessdata = tessdata_dir()
    if tessdata is None:
        raise ProductionError(
            f"page {page.number + 1} has no text layer and OCR (tesseract) is not installed, "
            "so the text to redact cannot be found on it: draw boxes on that page instead"
        )
    textpage: pymupdf.TextPage = page.get_textpage_ocr(
        tessdata=tessdata, dpi=OCR_DPI, full=True, language="eng"
    )
    return textpage


def _all_layers_on(doc: pymupdf.Document) -> pymupdf.Document:
    """The document reopened with every optional layer on: a hidden layer's text is in the file
    (a reader can switch it on), but MuPDF neither extracts nor searches it while it is off."""
    doc.set_layer(-1, on=list(doc.get_ocgs()), off=[])
    data = doc.tobytes()
    doc.close()
    return pymupdf.open(stream=data, filetype="pdf")


def _needle(text: str) -> str:
    return " ".join(text.split())


def _strip_document(doc: pymupdf.Document) -> None:
    doc.set_toc([])
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=False,  # an OCR'd scan's invisible text layer is kept (and was redacted)
        javascript=True,
        metadata=True,
        redactions=False,  # applied page by page above, with our options
        remove_links=True,
        reset_fields=True,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    doc.set_metadata({})
    doc.del_xml_metadata()
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    catalog = doc.pdf_catalog()
    for key in ("OpenAction", "AA", "AcroForm", "Outlines", "PieceInfo", "Metadata"):
        doc.xref_set_key(catalog, key, "null")
    for page in doc.pages():
        for key in ("Metadata", "PieceInfo", "Thumb", "AA", "Annots"):
            doc.xref_set_key(page.xref, key, "null")


def _boxes_on(page: pymupdf.Page, mark: Mark, text: PageText) -> list[pymupdf.Rect]:
    rects: list[pymupdf.Rect] = []
    width, height = page.rect.width, page.rect.height
    for box in mark.boxes:
        # Boxes are drawn on the page as displayed; MuPDF redacts in unrotated coordinates.
        b: Box = box.clipped(width, height)
        rects.append(pymupdf.Rect(b.x0, b.y0, b.x1, b.y1) * page.derotation_matrix)
    if mark.text.strip():
        rects.extend(text.rects(mark.text))
    return rects


def _merged(rects: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """Overlapping boxes joined, so one black box (and one reason label) covers each spot."""
    out: list[pymupdf.Rect] = []
    for rect in rects:
        rect = pymupdf.Rect(rect)
        merged = True
        while merged:
            merged = False
            for other in out:
                if other.intersects(rect):
                    out.remove(other)
                    rect = rect | other
                    merged = True
                    break
        out.append(rect)
    return out


def document_burn(pdf: bytes, marks: Sequence[Mark], *, ocr_pages: bool = True) -> Burned:
    """A copy of ``pdf`` with every mark burned in and everything outside the page content
    stripped (see the module docstring). ``ocr_pages=False`` refuses text marks on pages with
    no text layer instead of OCR'ing them. Raises ProductionError for an unreadable or
    encrypted PDF, a mark on a page the document does not have, or a text mark that cannot be
    located (no text layer and no OCR)."""
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception as err:
        raise ProductionError("the PDF cannot be read") from err
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise ProductionError("the PDF is password-protected")
    notes: list[str] = []
    if doc.get_ocgs():
        doc = _all_layers_on(doc)
        notes.append("the file had optional layers: all are shown and redacted like the rest")
    with doc:
        count = doc.page_count
        by_page: dict[int, list[Mark]] = {}
        for mark in marks:
            if mark.page > count:
                raise ProductionError(
                    f"a redaction is on page {mark.page} but the document has {count} pages"
                )
            by_page.setdefault(mark.page, []).append(mark)
        # Field values and annotation appearances become page content, so marks reach them.
        doc.bake(annots=True, widgets=True)
        without_text: list[int] = []
        for page in doc.pages():
            number = page.number + 1
            for link in page.get_links():
                page.delete_link(link)
            for annot in list(page.annots()):
                page.delete_annot(annot)
            # Read once, before any redaction annotation is added, for every mark on the page.
            text = PageText(page)
            has_text = text.has_text()
            if not has_text:
                without_text.append(number)
            page_marks = by_page.get(number, [])
            if not page_marks:
                continue
            ocr = not has_text and any(m.text.strip() for m in page_marks)
            if ocr:
                if not ocr_pages:
                    raise ProductionError(
                        f"page {number} has no text layer: the text to redact can only be found "
                        "on it by OCR, which was turned off"
                    )
                text = PageText(page, ocr=_ocr_textpage(page))
            count_boxes = 0
            for mark in page_marks:
                rects = _merged(_boxes_on(page, mark, text))
                if not rects:
                    notes.append(f'page {number}: "{_needle(mark.text)}" was not found on the page')
                for rect in rects:
                    size = max(4.0, min(8.0, rect.height * 0.6))
                    page.add_redact_annot(
                        rect,
                        text=mark.reason,
                        fontname="helv",
                        fontsize=size,
                        align=pymupdf.TEXT_ALIGN_CENTER,
                        fill=REDACT_FILL,
                        text_color=REDACT_TEXT,
                        cross_out=False,
                    )
                    count_boxes += 1
            if count_boxes:
                page.apply_redactions(
                    images=REDACT_IMAGES,
                    graphics=REDACT_GRAPHICS,
                    text=REDACT_TEXT_MODE,
                )
            if ocr:
                notes.append(
                    f"page {number} has no text layer: redactions were placed by OCR and the "
                    "text check reads the page image"
                )
        _strip_document(doc)
        out = doc.tobytes(garbage=4, deflate=True, clean=True)
    return Burned(out, count, tuple(without_text), tuple(notes))


_SOFT = str.maketrans({"\u00ad": "", "\u200b": "", "\ufeff": ""})
_HYPHEN_BREAK = re.compile(r"[\-\u2010\u2011]\s*\n\s*")


def text_normal(text: str) -> str:
    """Text as the check compares it: ligatures and width variants folded (NFKC), soft hyphens
    dropped, words hyphenated across a line joined, whitespace collapsed, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_SOFT)
    text = _HYPHEN_BREAK.sub("", text)
    return " ".join(text.split()).casefold()


def _forms(text: str) -> tuple[str, str]:
    # Both with and without the hyphenation join: "Whit-\ncombe" and "Smith-\nJones".
    nfkc = unicodedata.normalize("NFKC", text).translate(_SOFT)
    joined = " ".join(_HYPHEN_BREAK.sub("", nfkc).split()).casefold()
    kept = " ".join(nfkc.split()).casefold()
    return joined, kept


def _found(forbidden: Sequence[str], text: str) -> list[str]:
    joined, kept = _forms(text)
    return [f for f in forbidden if (n := text_normal(f)) and (n in joined or n in kept)]


def document_leaks(doc: pymupdf.Document, forbidden: Sequence[str]) -> list[Leak]:
    """The checks of ``burned_check`` that are not a page's text: metadata, XMP, attachments,
    annotations and form fields, forbidden strings in the file's objects."""
    leaks: list[Leak] = []
    needles = [f for f in forbidden if text_normal(f)]
    meta = doc.metadata or {}
    leaks.extend(
        Leak(0, "metadata", f"{key}: {meta[key]}")
        for key in _META_KEYS
        if (meta.get(key) or "").strip()
    )
    if (doc.get_xml_metadata() or "").strip():
        leaks.append(Leak(0, "metadata", "XMP metadata"))
    if doc.embfile_count():
        leaks.append(Leak(0, "attachment", f"{doc.embfile_count()} embedded file(s)"))
    leaks.extend(
        Leak(page.number + 1, "annotation", "an annotation or form field")
        for page in doc.pages()
        if page.first_annot is not None or page.first_widget is not None
    )
    if needles:
        leaks.extend(_object_leaks(doc, needles))
    return leaks


def text_leaks(page: int, text: str, forbidden: Sequence[str]) -> list[Leak]:
    """The forbidden strings found in one page's extracted ``text``."""
    return [Leak(page, "text layer", f) for f in _found(forbidden, text)]


def burned_check(
    pdf: bytes, forbidden: Sequence[str], *, image_ocr_pages: Collection[int] = ()
) -> list[Leak]:
    """Everything in the produced ``pdf`` that must not be there: a forbidden string in a page's
    text layer (or, for the 1-based pages in ``image_ocr_pages``, in the OCR of the rendered
    page), in any string or stream object of the file (outline, field values, orphans), any
    metadata or XMP, any annotation or form field, any embedded file. Empty means clean."""
    needles = [f for f in forbidden if text_normal(f)]
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    if doc.get_ocgs():
        doc = _all_layers_on(doc)
    with doc:
        leaks = document_leaks(doc, needles)
        for page in doc.pages():
            number = page.number + 1
            leaks.extend(text_leaks(number, page.get_text(), needles))
            if number in image_ocr_pages:
                tessdata = tessdata_dir()
                if tessdata is None:
                    raise ProductionError(
                        f"page {number} can only be checked by OCR and tesseract is not installed"
                    )
                tp = page.get_textpage_ocr(
                    tessdata=tessdata, dpi=OCR_DPI, full=True, language="eng"
                )
                leaks.extend(
                    Leak(number, "image (OCR)", f)
                    for f in _found(needles, page.get_text(textpage=tp))
                )
    leaks.sort(key=lambda leak: leak.page)
    return leaks


def _object_leaks(doc: pymupdf.Document, needles: Sequence[str]) -> list[Leak]:
    """Forbidden strings spelled out in the file's objects (not page content, whose text is
    glyph codes the text-layer check reads): outline titles, field values, orphan objects."""
    leaks: list[Leak] = []
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=False)
        except Exception:  # noqa: S112 - a free or broken entry has nothing to read
            continue
        texts = [obj]
        if (
            doc.xref_is_stream(xref)
            and "/Image" not in obj
            and "/FontFile" not in obj
            and "/Length1" not in obj
        ):
            try:
                raw = doc.xref_stream(xref) or b""
            except Exception:  # noqa: S112
                raw = b""
            texts.append(raw[:2_000_000].decode("latin-1"))
        for text in texts:
            leaks.extend(Leak(0, "file object", f) for f in _found(needles, text))
    return leaks
