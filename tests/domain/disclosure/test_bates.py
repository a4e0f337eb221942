from __future__ import annotations

import re

import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.disclosure import (
    BatesRange,
    ProductionError,
    bates_label,
    bates_ranges_overlap,
    bates_stamp,
)
from tests.domain.disclosure.samples import plain_pdf, report_pdf

prefixes = st.text(alphabet="ABCXYZ019_-", max_size=20)


@given(prefix=prefixes, number=st.integers(1, 10**12 - 1), suffix=st.text("AB_-", max_size=3))
def test_label_round_trips(prefix: str, number: int, suffix: str) -> None:
    padding = max(len(str(number)), 6)
    label = bates_label(prefix, number, padding, suffix)
    assert label.startswith(prefix) and label.endswith(suffix)
    digits = label[len(prefix) : len(label) - len(suffix)]
    assert len(digits) == padding and int(digits) == number


def test_label_checks() -> None:
    assert bates_label("DA", 42, 6) == "DA000042"
    assert bates_label("CIU-", 7, 4, "-A") == "CIU-0007-A"
    for prefix, number, padding in [
        ("D A", 1, 6),
        ("X" * 21, 1, 6),
        ("DA", 0, 6),
        ("DA", 1, 0),
        ("DA", 1, 13),
        ("DA", 1000, 3),
    ]:
        with pytest.raises(ProductionError):
            bates_label(prefix, number, padding)


def test_overlap_is_by_number_whatever_the_padding() -> None:
    used = [BatesRange("DA", 1, 100), BatesRange("DA", 101, 150, "-A"), BatesRange("PD", 1, 500)]
    assert bates_ranges_overlap(BatesRange("da", 90, 120), used) == [used[0]]
    assert bates_ranges_overlap(BatesRange("DA", 101, 400), used) == []
    assert bates_ranges_overlap(BatesRange("DA", 120, 130, "-a"), used) == [used[1]]
    with pytest.raises(ProductionError):
        BatesRange("DA", 5, 4)


def _labels(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        out = []
        for page in doc.pages():
            found = re.findall(r"DA\d{6}", page.get_text())
            assert len(found) == 1
            out.append(found[0])
        return out


def _ink(page: pymupdf.Page, corner: str) -> bool:
    """Dark pixels in the bottom-left or bottom-right strip of the page as displayed."""
    pix = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY)
    y0 = pix.height - 24
    xs = range(pix.width - 160, pix.width) if corner == "right" else range(0, 160)
    return any(pix.pixel(x, y)[0] < 128 for x in xs for y in range(y0, pix.height))


def test_stamp_every_page_in_order_upright_in_the_corner() -> None:
    pdf = report_pdf()  # page 4 is rotated, page 5 has a CropBox offset
    stamped = bates_stamp(
        pdf, 41, prefix="DA", padding=6, legend="CONFIDENTIAL — PRODUCED TO DEFENSE COUNSEL"
    )
    assert _labels(stamped) == [f"DA0000{n}" for n in range(41, 46)]
    with (
        pymupdf.open(stream=pdf, filetype="pdf") as before,
        pymupdf.open(stream=stamped, filetype="pdf") as doc,
    ):
        for original, page in zip(before.pages(), doc.pages(), strict=True):
            assert not _ink(original, "right") and not _ink(original, "left")
            assert _ink(page, "right") and _ink(page, "left"), f"page {page.number + 1}"
        # Upright on the rotated page: the label's characters run left to right as displayed.
        rotated = doc[3]
        line = next(
            ln
            for b in rotated.get_text("dict")["blocks"]
            for ln in b.get("lines", [])
            if "DA0000" in "".join(s["text"] for s in ln["spans"])
        )
        direction = pymupdf.Point(line["dir"]) * rotated.rotation_matrix
        assert direction.x > 0.99
        assert "CONFIDENTIAL - PRODUCED TO DEFENSE COUNSEL" in doc[0].get_text()


def test_stamp_refuses_what_it_cannot_print_or_number() -> None:
    with pytest.raises(ProductionError, match="Latin"):
        bates_stamp(plain_pdf(1), 1, prefix="DA", padding=6, legend="機密")
    with pytest.raises(ProductionError, match="does not fit"):
        bates_stamp(plain_pdf(3), 998, prefix="DA", padding=3)
