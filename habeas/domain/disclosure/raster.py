"""Pages rendered to grey and thresholded to bilevel for the page images, into buffers that are
reused from page to page.

A 300 dpi letter page is an 8.4 MB grey pixmap plus an 8.4 MB black/white mask. Allocated
afresh for every page, that memory comes from the kernel page by page (~4,000 page faults per
page), which cost as much as the rendering itself; reused, it is already mapped. The rendering
is MuPDF's own ``Page.get_pixmap`` done by hand (same bounds, matrix and draw device, white
background, annotations included) so that it can draw into an existing pixmap.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pymupdf
from pymupdf import mupdf

BLACK_BELOW = 128  # grey levels under mid-grey become black (no dithering: text stays crisp)


class PageRaster:
    """Renders pages at ``dpi`` and returns them packed 8 pixels a byte, 1 = black, rows padded
    to a whole byte with white (what a min-is-white Group 4 strip holds). Keep one per document
    or per worker: it holds the last page size's buffers (~17 MB at 300 dpi)."""

    def __init__(self, dpi: int) -> None:
        zoom = dpi / 72
        self.matrix = mupdf.FzMatrix(zoom, 0, 0, zoom, 0, 0)
        self._pixmap: mupdf.FzPixmap | None = None
        self._bbox: tuple[int, int, int, int] | None = None
        self._mask: npt.NDArray[np.bool_] | None = None

    def _render(self, page: pymupdf.Page) -> mupdf.FzPixmap:
        bbox = mupdf.fz_round_rect(
            mupdf.fz_transform_rect(mupdf.fz_bound_page(page.this), self.matrix)
        )
        key = (bbox.x0, bbox.y0, bbox.x1, bbox.y1)
        if self._pixmap is None or key != self._bbox:
            self._pixmap = None  # the old size's buffer goes before the new one is made
            self._pixmap = mupdf.fz_new_pixmap_with_bbox(
                mupdf.fz_device_gray(), bbox, mupdf.FzSeparations(), 0
            )
            self._bbox = key
        pixmap = self._pixmap
        mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
        device = mupdf.fz_new_draw_device(self.matrix, pixmap)
        try:
            mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        finally:
            mupdf.fz_close_device(device)
        return pixmap

    def bits(self, page: pymupdf.Page) -> tuple[npt.NDArray[np.uint8], int]:
        """The page's packed bilevel rows and its width in pixels."""
        pixmap = self._render(page)
        width, height, stride = pixmap.w(), pixmap.h(), pixmap.stride()
        rows = np.frombuffer(mupdf.fz_pixmap_samples_memoryview(pixmap), dtype=np.uint8)
        rows = rows.reshape(height, stride)[:, :width]
        if self._mask is None or self._mask.shape != (height, width):
            self._mask = None
            self._mask = np.empty((height, width), dtype=np.bool_)
        np.less(rows, BLACK_BELOW, out=self._mask)
        return np.packbits(self._mask, axis=1), width
