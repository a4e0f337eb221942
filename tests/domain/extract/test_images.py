from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from habeas.domain.extract import ExtractionError, OcrRunner, page_render_png, pages_extract

from .conftest import needs_tesseract, small_scan, write


def _tiff(path: Path, frames: list[Image.Image], compression: str = "tiff_deflate") -> Path:
    frames[0].save(
        path,
        format="TIFF",
        save_all=True,
        append_images=frames[1:],
        compression=compression,
        dpi=(300, 300),
    )
    return path


@needs_tesseract
def test_png_ocr(tmp_path: Path, ocr_runner: OcrRunner) -> None:
    png = tmp_path / "scan.png"
    small_scan(["ALIBI WITNESS"]).save(png, dpi=(300, 300))
    [page] = pages_extract(png, "image", ocr=ocr_runner)
    assert page.number == 1 and page.ocr
    assert "ALIBI" in page.text
    assert page.ocr_confidence is not None


@needs_tesseract
def test_multipage_tiff_ocr_keeps_order(tmp_path: Path, ocr_runner: OcrRunner) -> None:
    tif = _tiff(tmp_path / "fax.tif", [small_scan(["FIRST"]).convert("1"), small_scan(["SECOND"])])
    pages = pages_extract(tif, "image", ocr=ocr_runner)
    assert [p.number for p in pages] == [1, 2]
    assert "FIRST" in pages[0].text and "SECOND" in pages[1].text


def test_tiff_without_ocr_has_empty_pages(tmp_path: Path) -> None:
    tif = _tiff(tmp_path / "fax.tif", [small_scan(["a"]), small_scan(["b"]), small_scan(["c"])])
    pages = pages_extract(tif, "image")
    assert [(p.number, p.text, p.ocr) for p in pages] == [
        (1, "", False),
        (2, "", False),
        (3, "", False),
    ]


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns on the corrupt EXIF
def test_truncated_tiff(tmp_path: Path) -> None:
    tif = _tiff(tmp_path / "fax.tif", [small_scan(["a"]), small_scan(["b"])], compression="raw")
    data = tif.read_bytes()
    with pytest.raises(ExtractionError, match="truncated or damaged|not a valid image"):
        pages_extract(write(tmp_path / "cut.tif", data[: len(data) // 3]), "image")


def test_garbage_image(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="not a valid image"):
        pages_extract(write(tmp_path / "x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "image")


def test_render_image_frames(tmp_path: Path) -> None:
    big = small_scan(["a"], size=(3000, 600))  # 300 dpi
    tif = _tiff(tmp_path / "fax.tif", [small_scan(["a"]), big])
    image = Image.open(io.BytesIO(page_render_png(tif, "image", 2, dpi=150)))
    assert image.size == (1500, 300)  # scaled from the scan's 300 dpi to 150
    with pytest.raises(ExtractionError, match="page 3 does not exist"):
        page_render_png(tif, "image", 3)
