"""Raster images (PNG, JPEG, multi-page TIFF, ...) through Pillow; every frame with ink is OCR'd."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from habeas.domain.extract.blank import image_is_blank
from habeas.domain.extract.errors import BudgetExceededError, ExtractionError
from habeas.domain.extract.extracted import ExtractedPage
from habeas.domain.extract.ocr import OcrRunner
from habeas.domain.extract.textutil import normalize

# What Pillow's decoders raise on damaged files (TypeError "Missing dimensions", struct.error ...).
_DAMAGE = (
    OSError,
    ValueError,
    EOFError,
    SyntaxError,
    TypeError,
    KeyError,
    IndexError,
    struct.error,
)
MAX_VIEW_SIDE = 4000  # px; a viewer never needs more, phone photos can be far larger


@contextmanager
def open_image(path: Path) -> Iterator[Image.Image]:
    try:
        with Image.open(path) as image:
            yield image
    except Image.DecompressionBombError as err:
        raise ExtractionError("image is too large (decompression bomb guard)") from err
    except UnidentifiedImageError as err:
        raise ExtractionError("not a valid image file") from err
    except FileNotFoundError as err:
        raise ExtractionError("file not found") from err
    except _DAMAGE as err:
        # Pillow reports damage lazily (seek, n_frames) with messages like "Missing dimensions".
        raise ExtractionError("image is truncated or damaged") from err


def _frame_count(image: Image.Image) -> int:
    return int(getattr(image, "n_frames", 1))


def _frame(image: Image.Image, index: int) -> Image.Image:
    """Frame ``index`` fully decoded, upright, in a mode tesseract and PNG both accept."""
    try:
        image.seek(index)
        frame = ImageOps.exif_transpose(image)  # phone photos of documents carry a rotation tag
        if frame.mode not in ("1", "L", "RGB"):
            frame = frame.convert("RGB")
        frame.load()
        frame = frame.copy()  # detach from the file's frame pointer before the next seek
    except Image.DecompressionBombError as err:
        raise ExtractionError("image is too large (decompression bomb guard)") from err
    except _DAMAGE as err:
        # Pillow says "image file is truncated", "broken data stream", "-2" (libtiff) ...
        raise ExtractionError(f"image page {index + 1} is truncated or damaged") from err
    dpi = image.info.get("dpi")
    if dpi:
        frame.info["dpi"] = dpi
    return frame


def pages_extract_image(
    path: Path, *, ocr: OcrRunner | None, max_pages: int | None = None
) -> list[ExtractedPage]:
    with open_image(path) as image:
        count = _frame_count(image)
        if max_pages is not None and count > max_pages:
            raise BudgetExceededError(
                f"the image has {count:,} pages, more than the {max_pages:,} a document may have"
            )
        if ocr is None:
            for i in range(count):  # still decode each frame so damage is reported now
                _frame(image, i)
            return [ExtractedPage(n, "", False, None) for n in range(1, count + 1)]
        blank: set[int] = set()
        read: list[int] = []  # page numbers sent to OCR, in order

        def frames() -> Iterator[Image.Image]:
            for n in range(1, count + 1):
                frame = _frame(image, n - 1)
                if image_is_blank(frame):
                    blank.add(n)
                else:
                    read.append(n)
                    yield frame

        texts = list(ocr.ocr_iter(frames()))  # fills ``read`` and ``blank`` as it goes
        results = dict(zip(read, texts, strict=True))
        return [
            ExtractedPage(n, "", False, None, blank=True)
            if n in blank
            else ExtractedPage(n, normalize(results[n][0]), True, results[n][1])
            for n in range(1, count + 1)
        ]


def page_render_png_image(path: Path, number: int, dpi: float) -> bytes:
    with open_image(path) as image:
        count = _frame_count(image)
        if not 1 <= number <= count:
            raise ExtractionError(f"page {number} does not exist; the image has {count} pages")
        frame = _frame(image, number - 1)
    # Scale to the requested dpi when the scan says its own; never upscale.
    src_dpi = frame.info.get("dpi")
    scale = 1.0
    if src_dpi and float(src_dpi[0]) > 0:
        scale = min(1.0, dpi / float(src_dpi[0]))
    scale = min(scale, MAX_VIEW_SIDE / max(frame.size))
    if scale < 1.0:
        size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
        frame = frame.convert("L" if frame.mode == "1" else frame.mode).resize(
            size, Image.Resampling.LANCZOS
        )
    out = io.BytesIO()
    frame.save(out, format="PNG")
    return out.getvalue()
