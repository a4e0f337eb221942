"""Synthetic inputs for tests, the benchmark and demos (fictional people only); no files shipped."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """A valid PDF with a Helvetica text layer: one page per item, one text line per string.
    An empty item makes a page with no text (what a scan looks like to a text extractor)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        ops += [f"({_pdf_escape(line)}) '" for line in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252", "replace")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def scan_image(
    lines: Sequence[str], *, dpi: int = 300, font_px: int = 48, noise: bool = True
) -> Image.Image:
    """A letter-size greyscale page with ``lines`` drawn on it, looking roughly like a scan."""
    width, height = round(8.5 * dpi), round(11 * dpi)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_px)
    y = dpi  # one-inch margin
    for line in lines:
        draw.text((dpi, y), line, fill=20, font=font)
        y += round(font_px * 1.5)
    if noise:  # a little speckle and a slight skew, as from a copier
        for k in range(0, width * height // 4000):
            x, yy = (k * 7919) % width, (k * 104729) % height
            draw.point((x, yy), fill=120)
        image = image.rotate(0.4, resample=Image.Resampling.BILINEAR, fillcolor=250)
    image.info["dpi"] = (dpi, dpi)
    return image


SCAN_WORDS = (
    "Deputy",
    "Rivera",
    "parking",
    "lot",
    "witness",
    "informant",
    "statement",
    "vehicle",
    "observed",
    "northbound",
    "approximately",
    "hours",
)


def scan_pages(count: int, *, seed: int = 11) -> list[Image.Image]:
    """``count`` scan-like pages of 24 lines of police-report words (the same pages for a seed)."""
    rng = random.Random(seed)
    return [
        scan_image([" ".join(rng.choice(SCAN_WORDS) for _ in range(9)) for _ in range(24)])
        for _ in range(count)
    ]


REPORT_LINES = [
    "RIVERTON POLICE DEPARTMENT - SUPPLEMENTAL REPORT",
    "Case 1987-004512   Reporting officer: Det. Harold Quimby",
    "On March 3 at approximately 2140 hours I responded to",
    "the Lakeside Motel regarding a robbery. The witness,",
    "Marjorie Tillbrook, stated the suspect wore a green jacket",
    "and left northbound on Alder Street in a pale sedan.",
    "No fingerprints were recovered from the counter.",
]


def blank_check_set() -> dict[str, tuple[Image.Image, bool]]:
    """Letter-size 300 dpi page images for the blank-page check: name -> (image, has words).
    Blank paper, paper with scanner specks and dust, and pages with very little print (one short
    word at 6-12 pt, a stamp, a signature line) that must never be skipped."""
    import random

    dpi = 300
    width, height = round(8.5 * dpi), round(11 * dpi)
    rng = random.Random(7)

    def paper(shade: int = 255) -> Image.Image:
        return Image.new("L", (width, height), shade)

    def specks(image: Image.Image, count: int, max_side: int) -> Image.Image:
        draw = ImageDraw.Draw(image)
        for _ in range(count):
            x, y, side = rng.randrange(width), rng.randrange(height), rng.randint(0, max_side)
            draw.rectangle((x, y, x + side, y + side), fill=rng.randint(0, 120))
        return image

    def words(image: Image.Image, text: str, px: int) -> Image.Image:
        ImageDraw.Draw(image).text((dpi, dpi), text, fill=0, font=ImageFont.load_default(size=px))
        return image

    pages: dict[str, tuple[Image.Image, bool]] = {
        "blank paper": (paper(), False),
        "off-white paper": (paper(235), False),
        "200 specks": (specks(paper(), 200, 2), False),
        "1,000 specks": (specks(paper(), 1000, 2), False),
        "3,000 specks": (specks(paper(), 3000, 2), False),
        "300 dust spots": (specks(paper(), 300, 4), False),
        "copier speckle": (scan_image([], dpi=dpi), False),
    }
    for px in (24, 30, 38, 50):  # 24 px at 300 dpi is 6 pt print
        pt = round(px * 72 / dpi)
        pages[f'"OK" at {pt} pt'] = (words(paper(), "OK", px), True)
        pages[f'"Filed" at {pt} pt'] = (words(paper(), "Filed", px), True)
        pages[f"stamp at {pt} pt"] = (words(paper(), "RECEIVED MAR 3 2004", px), True)
    line = paper()
    ImageDraw.Draw(line).line((dpi, height - dpi, 4 * dpi, height - dpi), fill=0, width=2)
    pages["signature line"] = (line, True)
    pages['1,000 specks and "Filed"'] = (words(specks(paper(), 1000, 2), "Filed", 38), True)
    pages["report page"] = (scan_image(REPORT_LINES, dpi=dpi), True)
    for image, _ in pages.values():
        image.info["dpi"] = (dpi, dpi)
    return pages


def blank_pdf_bytes(pages: int) -> bytes:
    """A PDF of ``pages`` empty letter pages, written with pdfium (no page objects at all)."""
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(612, 792).close()
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()
