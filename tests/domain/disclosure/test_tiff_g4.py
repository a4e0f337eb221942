"""The page images written by libtiff are the images Pillow used to write, pixel for pixel."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import io
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pymupdf
import pytest
from PIL import Image
from PIL.TiffImagePlugin import TiffImageFile

from habeas.domain.disclosure import (
    Mark,
    PackageFile,
    ProduceItem,
    ProductionError,
    package,
    tiff_g4,
)
from habeas.domain.disclosure.burn import tessdata_dir
from habeas.domain.disclosure.package import ProductionWriter, page_image
from habeas.domain.disclosure.raster import PageRaster
from habeas.domain.disclosure.tiff_g4 import g4_tiff_write
from tests.domain.disclosure.loadreaders import dat_read
from tests.domain.disclosure.samples import plain_pdf, report_marks_text, report_pdf


def _pillow_tiff(page: pymupdf.Page, dpi: int) -> bytes:
    """The page image as Habeas wrote it before libtiff was called directly (Pillow)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    gray = Image.frombuffer("L", (pix.width, pix.height), pix.samples_mv, "raw", "L", pix.stride, 1)
    bw = gray.convert("1", dither=Image.Dither.NONE)
    del gray
    out = io.BytesIO()
    bw.save(out, format="TIFF", compression="group4", dpi=(dpi, dpi))
    return out.getvalue()


def _decoded(data: bytes) -> tuple[npt.NDArray[np.bool_], Image.Image]:
    img = Image.open(io.BytesIO(data))
    img.load()
    return np.asarray(img.convert("L")) < 128, img


@pytest.mark.parametrize("dpi", [300, 200, 72])  # 2550, 1700 and 612 px wide: 612 is not x8
def test_pages_decode_to_the_pillow_images(tmp_path: Path, dpi: int) -> None:
    # Text, a hyphenated line, a scanned image, a rotated page and a cropped one (so the reused
    # buffers change size), and a page like one before it again.
    raster = PageRaster(dpi)
    with pymupdf.open(stream=report_pdf(), filetype="pdf") as doc:
        doc.insert_pdf(pymupdf.open(stream=plain_pdf(1), filetype="pdf"))
        for page in doc.pages():
            old, old_img = _decoded(_pillow_tiff(page, dpi))
            rel = f"IMAGES/p{page.number}.tif"
            written = page_image(tmp_path, rel, page, raster, dpi)
            data = (tmp_path / rel).read_bytes()
            assert written == PackageFile(rel, written.sha256, len(data))
            new, img = _decoded(data)
            assert new.shape == old.shape and new.any() and not new.all()
            assert np.array_equal(new, old), f"page {page.number + 1} at {dpi} dpi differs"
            assert img.mode == "1" and img.info["compression"] == "group4"
            assert img.size == old_img.size
            assert img.info["dpi"] == old_img.info["dpi"] == (dpi, dpi)
            assert isinstance(img, TiffImageFile)
            assert img.tag_v2[262] == 0  # min-is-white, the fax convention
            assert img.tag_v2[296] == 2  # resolution in inches
    assert not list(tmp_path.rglob("*.part"))


def _with_pillow(
    root: Path, rel: str, page: pymupdf.Page, raster: PageRaster, dpi: int
) -> PackageFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _pillow_tiff(page, dpi)
    path.write_bytes(data)
    return PackageFile(rel, hashlib.sha256(data).hexdigest(), len(data))


@pytest.mark.skipif(tessdata_dir() is None, reason="tesseract's English data is not installed")
def test_package_load_files_are_the_same_as_with_pillow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marks = tuple(Mark(page=p, text=t, reason="Privacy") for p, t in report_marks_text())
    items = [
        ProduceItem(title="Interview", pdf=report_pdf(), marks=marks, key="a"),
        ProduceItem(title="Supplemental", pdf=plain_pdf(2), key="b"),
    ]

    def build(parent: Path) -> dict[str, bytes]:
        writer = ProductionWriter(parent, name="P1", prefix="DA", first=7, padding=6)
        list(writer.add_documents(items))
        result = writer.finish()
        return {f.path: (result.root / f.path).read_bytes() for f in result.files}

    new = build(tmp_path / "new")
    monkeypatch.setattr(package, "page_image", _with_pillow)
    old = build(tmp_path / "old")
    assert new.keys() == old.keys()
    tifs = sorted(p for p in new if p.endswith(".tif"))
    assert tifs == [f"VOL001/IMAGES/0001/DA{n:06d}.tif" for n in range(7, 14)]
    for rel in tifs:
        assert np.array_equal(_decoded(new[rel])[0], _decoded(old[rel])[0]), rel
    # The load files point at the same images, pages and documents. The PDFs differ only in
    # their random file /ID, so their SHA-256 in the DAT is checked against each package's own.
    assert new["DATA/P1.opt"] == old["DATA/P1.opt"]
    assert new["P1_index.csv"] == old["P1_index.csv"]
    new_dat, old_dat = dat_read(new["DATA/P1.dat"]), dat_read(old["DATA/P1.dat"])
    for files, dat in ((new, new_dat), (old, old_dat)):
        assert [r["SHA256"] for r in dat] == [
            hashlib.sha256(files[r["PDFPATH"].replace("\\", "/")]).hexdigest() for r in dat
        ]
    assert [{**r, "SHA256": ""} for r in new_dat] == [{**r, "SHA256": ""} for r in old_dat]
    assert len(new_dat) == 2 and new_dat[0]["PGCOUNT"] == "5"


def test_missing_libtiff_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiff_g4, "_loaded", None)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(ProductionError, match="libtiff6"):
        ProductionWriter(tmp_path, name="P1", prefix="DA", first=1, padding=6)
    assert not (tmp_path / "P1").exists()


def _bits(width: int = 100, height: int = 40) -> npt.NDArray[np.uint8]:
    black = np.zeros((height, width), dtype=bool)
    black[10:20, 5:50] = True
    return np.packbits(black, axis=1)


def test_an_image_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProductionError, match="cannot be created"):
        g4_tiff_write(tmp_path / "no such folder" / "a.tif", _bits(), 100, 300)


def test_rows_that_do_not_match_the_width_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProductionError, match="do not match"):
        g4_tiff_write(tmp_path / "a.tif", _bits(), 120, 300)
    assert list(tmp_path.iterdir()) == []


def test_an_encoding_failure_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = tiff_g4.libtiff()
    failing = ctypes.CFUNCTYPE(
        ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_ssize_t
    )(lambda *args: -1)
    monkeypatch.setattr(lib, "write_strip", failing)
    with pytest.raises(ProductionError, match="could not be encoded"):
        g4_tiff_write(tmp_path / "a.tif", _bits(), 100, 300)
    assert list(tmp_path.iterdir()) == []


def test_written_image_reads_back(tmp_path: Path) -> None:
    written = g4_tiff_write(tmp_path / "a.tif", _bits(), 100, 150)
    data = (tmp_path / "a.tif").read_bytes()
    assert written.size == len(data)
    black, img = _decoded(data)
    assert img.info["dpi"] == (150, 150) and black.sum() == 10 * 45 and black[15, 5]
