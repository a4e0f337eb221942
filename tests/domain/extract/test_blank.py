"""Blank pages are never sent to OCR; pages with even one short word always are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from habeas.domain.extract import BudgetExceededError, OcrRunner, pages_extract
from habeas.domain.extract.blank import image_is_blank
from habeas.domain.extract.samples import blank_check_set, blank_pdf_bytes, text_pdf_bytes

from .conftest import write


class CountingOcr(OcrRunner):
    """Stands in for tesseract: records every image it is given, answers "read"."""

    def __init__(self) -> None:
        super().__init__(workers=1)
        self.seen = 0

    def ocr_iter(self, images: Iterable[Image.Image | bytes]) -> Iterator[tuple[str, float | None]]:
        for _ in images:
            self.seen += 1
            yield "words read by OCR on this page", 90.0


def test_false_skip_and_noise_on_the_generated_set() -> None:
    pages = blank_check_set()
    skipped_words = [name for name, (img, words) in pages.items() if words and image_is_blank(img)]
    read_noise = [
        name for name, (img, words) in pages.items() if not words and not image_is_blank(img)
    ]
    assert skipped_words == []  # no page with print on it is ever skipped
    assert read_noise == []  # scanner specks and dust do not count as ink


def test_scanned_pdf_sends_only_pages_with_ink_to_ocr(tmp_path: Path) -> None:
    pages = blank_check_set()
    images = [img for img, _ in pages.values()]
    path = tmp_path / "scans.pdf"
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=300)
    ocr = CountingOcr()
    out = pages_extract(path, "pdf", ocr=ocr)
    expect = [not words for _, words in pages.values()]
    assert [p.blank for p in out] == expect
    assert ocr.seen == sum(1 for _, words in pages.values() if words)
    assert all(p.ocr and p.text for p in out if not p.blank)
    assert all(p.text == "" and not p.ocr for p in out if p.blank)


def test_5000_blank_pages_never_reach_ocr(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.pdf", blank_pdf_bytes(5000))
    ocr = CountingOcr()
    out = pages_extract(path, "pdf", ocr=ocr)
    assert len(out) == 5000 and all(p.blank for p in out) and ocr.seen == 0


def test_a_page_with_a_short_text_layer_is_not_blank(tmp_path: Path) -> None:
    path = write(tmp_path / "t.pdf", text_pdf_bytes([["Page 3"], []]))
    out = pages_extract(path, "pdf", ocr=None)
    assert [p.blank for p in out] == [False, True] and out[0].text == "Page 3"


def test_blank_image_frames_skip_ocr(tmp_path: Path) -> None:
    pages = blank_check_set()
    frames = [pages["blank paper"][0], pages['"OK" at 6 pt'][0], pages["3,000 specks"][0]]
    path = tmp_path / "scan.tif"
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    ocr = CountingOcr()
    out = pages_extract(path, "image", ocr=ocr)
    assert [p.blank for p in out] == [True, False, True] and ocr.seen == 1
    assert out[1].ocr and out[1].text


def test_page_budget_is_checked_before_any_work(tmp_path: Path) -> None:
    path = write(tmp_path / "t.pdf", text_pdf_bytes([["one"], ["two"], ["three"]]))
    with pytest.raises(BudgetExceededError, match="3 pages, more than the 2"):
        pages_extract(path, "pdf", ocr=CountingOcr(), max_pages=2)
    assert len(pages_extract(path, "pdf", max_pages=3)) == 3


def test_ocr_time_budget_stops_the_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from habeas.domain.extract import ocr as ocr_module

    monkeypatch.setattr(ocr_module, "_tesseract_path", lambda: "/bin/true")
    monkeypatch.setattr(OcrRunner, "_run", lambda self, exe, image, stem: ("text", 90.0))
    runner = OcrRunner(workers=1, budget_s=0.0)
    images = [Image.new("L", (10, 10), 255) for _ in range(5)]
    done = 0
    with pytest.raises(BudgetExceededError, match="longer than"):
        for _ in runner.ocr_iter(images):
            done += 1
    assert done < 5
    assert len(OcrRunner(workers=1, budget_s=60).ocr_images(images)) == 5
