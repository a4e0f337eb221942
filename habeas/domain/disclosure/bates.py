"""Bates labels, stamping them on every page, and refusing a number already used."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf

from habeas.domain.disclosure.errors import ProductionError

_PREFIX = re.compile(r"[A-Za-z0-9_\-]{0,20}")
MARGIN = 14.0  # points from the page edge to the stamp's baseline / right end
FONT_SIZE = 8.0


def bates_check(prefix: str, padding: int, suffix: str = "") -> None:
    """Raise ProductionError when the prefix, suffix or padding cannot make a label."""
    for what, value in (("prefix", prefix), ("suffix", suffix)):
        if not _PREFIX.fullmatch(value):
            raise ProductionError(f"the Bates {what} may have up to 20 letters, digits, '_' or '-'")
    if not 1 <= padding <= 12:
        raise ProductionError("the Bates number padding must be between 1 and 12 digits")


def bates_label(prefix: str, number: int, padding: int, suffix: str = "") -> str:
    """``bates_label("DA", 42, 6)`` -> ``"DA000042"``; ``suffix`` marks a corrected set."""
    bates_check(prefix, padding, suffix)
    if number < 1:
        raise ProductionError("Bates numbers start at 1")
    digits = str(number)
    if len(digits) > padding:
        raise ProductionError(f"Bates number {number} does not fit in {padding} digits")
    return f"{prefix}{digits.zfill(padding)}{suffix}"


@dataclass(frozen=True)
class BatesRange:
    """Numbers ``first`` to ``last`` (inclusive) under one prefix and suffix."""

    prefix: str
    first: int
    last: int
    suffix: str = ""

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ProductionError(
                "a Bates range runs from a number of 1 or more to one not below it"
            )

    def overlaps(self, other: BatesRange) -> bool:
        return (
            self.prefix.upper() == other.prefix.upper()
            and self.suffix.upper() == other.suffix.upper()
            and self.first <= other.last
            and other.first <= self.last
        )


def bates_ranges_overlap(new: BatesRange, used: Iterable[BatesRange]) -> list[BatesRange]:
    """The ranges already used that share a number with ``new`` (same prefix and suffix,
    compared without case and whatever the padding: "DA0042" and "DA000042" are one number)."""
    return [r for r in used if new.overlaps(r)]


_PLAIN = str.maketrans(
    {
        "\u2014": "-",
        "\u2013": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
    }
)


def _printable(legend: str) -> str:
    # The stamp font (Helvetica, unembedded) writes Latin-1 only: dashes and quotes are folded,
    # anything else outside Latin-1 is refused rather than printed as a wrong character.
    plain = legend.translate(_PLAIN)
    try:
        plain.encode("latin-1")
    except UnicodeEncodeError as err:
        raise ProductionError(
            "the legend printed on each page may use Latin letters, digits and punctuation only"
        ) from err
    return plain


def _stamp_page(page: pymupdf.Page, label: str, legend: str) -> None:
    # page.rect is the page as displayed (CropBox, after /Rotate); text is placed in that frame
    # and mapped back to the unrotated page, written with the page's rotation so it reads upright.
    rect = page.rect
    to_page = page.derotation_matrix
    width = pymupdf.get_text_length(label, fontname="helv", fontsize=FONT_SIZE)
    baseline = rect.y1 - MARGIN
    spots = [(pymupdf.Point(rect.x1 - MARGIN - width, baseline), label)]
    if legend:
        spots.append((pymupdf.Point(rect.x0 + MARGIN, baseline), legend))
    for point, text in spots:
        page.insert_text(
            point * to_page,
            text,
            fontname="helv",
            fontsize=FONT_SIZE,
            rotate=page.rotation,
            color=(0, 0, 0),
        )


def bates_stamp(
    pdf: bytes,
    first: int,
    *,
    prefix: str,
    padding: int,
    suffix: str = "",
    legend: str = "",
) -> bytes:
    """``pdf`` with a label (first, first+1, ...) at the bottom right of every page as shown
    and the optional ``legend`` at the bottom left, 14 pt from the edges, Helvetica 8 pt. The
    stamp is drawn over whatever is in that margin (the page is not shrunk)."""
    bates_check(prefix, padding, suffix)
    if len(legend) > 120:
        raise ProductionError("the legend printed on each page may have up to 120 characters")
    legend = _printable(legend)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        bates_label(prefix, first + max(doc.page_count, 1) - 1, padding, suffix)  # fits?
        for i, page in enumerate(doc.pages()):
            _stamp_page(page, bates_label(prefix, first + i, padding, suffix), legend)
        return bytes(doc.tobytes(garbage=3, deflate=True))
