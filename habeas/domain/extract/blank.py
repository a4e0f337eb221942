"""Blank-page detection, so OCR is never spent on pages with no ink.

Two tests, cheapest first: a PDF page with no page objects at all (no text, image, path or form)
is blank without rendering; any other page without a text layer is looked at small, in grey, at
``INK_DPI``. There a pixel is ink if it is darker than ``DARK_LEVEL`` AND at least ``NEIGHBOURS``
of the 25 pixels around it are too: print is made of strokes, scanner specks and dust are
isolated dots, so noise drops out while one short word still leaves dozens of ink pixels.
When in doubt the page is NOT blank: a wasted OCR pass costs a second, a skipped page with words
on it costs a reviewer the words. Measured on the generated set in
tests/domain/extract/test_blank.py (`python -m bench.blank_pages` prints it): noise pages 0 ink
pixels, the smallest real mark (a 6 pt "OK") 18.
"""

from __future__ import annotations

from typing import Any

import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageFilter

INK_DPI = 75  # a letter page is 638 x 825 px
DARK_LEVEL = 200  # grey levels below this are dark (0 black, 255 white)
NEIGHBOURS = 5  # dark pixels needed in the 5 x 5 block around a dark pixel for it to be ink
MAX_INK_PIXELS = 8  # at most this many ink pixels and the page is blank

_DARK = [255 if v < DARK_LEVEL else 0 for v in range(256)]
_DENSE = [255 if v >= round(255 * NEIGHBOURS / 25) else 0 for v in range(256)]


def page_has_objects(page: Any) -> bool:
    """True if the pdfium page draws anything at all (text, image, path, shading or form)."""
    return int(pdfium_c.FPDFPage_CountObjects(page)) > 0


def ink_pixels(image: Image.Image, dpi: float | None = None) -> int:
    """Pixels of ink (see the module docstring) once ``image`` is scaled to INK_DPI; ``dpi`` is
    the image's resolution (default: its ``info["dpi"]``, else 300)."""
    if dpi is None:
        info = image.info.get("dpi")
        try:
            dpi = float(info[0]) if info and float(info[0]) > 0 else 300.0
        except (TypeError, ValueError, IndexError):
            dpi = 300.0
    grey = image.convert("L")
    factor = dpi / INK_DPI
    if factor > 1.0:
        size = (max(1, round(grey.width / factor)), max(1, round(grey.height / factor)))
        grey = grey.resize(size, Image.Resampling.BOX)  # a mean over each block, as a render is
    dark = grey.point(_DARK)
    dense = dark.filter(ImageFilter.BoxBlur(2)).point(_DENSE)
    return int(ImageChops.darker(dark, dense).histogram()[255])


def image_is_blank(image: Image.Image, dpi: float | None = None) -> bool:
    """True if ``image`` carries no more than MAX_INK_PIXELS of ink (scanner noise aside)."""
    return ink_pixels(image, dpi) <= MAX_INK_PIXELS
