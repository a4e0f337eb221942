"""Fixture builders for the extract tests: every input is generated here, in tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from habeas.domain.extract import OcrRunner, ocr_available

needs_tesseract = pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed")


def small_scan(words: Sequence[str], *, size: tuple[int, int] = (1400, 300)) -> Image.Image:
    """A small greyscale 'scan' with big text, so OCR takes a fraction of a second."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    y = 40
    for line in words:
        draw.text((40, y), line, fill=0, font=font)
        y += 72
    image.info["dpi"] = (300, 300)
    return image


def encrypted_pdf(plain: bytes) -> bytes:
    """A PDF whose /Encrypt dictionary demands a user password the empty string does not match."""
    enc = (
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>"
    )
    i = plain.index(b"xref")
    file_id = b"<0123456789abcdef0123456789abcdef>"
    trailer = plain[i:].replace(
        b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 99 0 R /ID [" + file_id + b" " + file_id + b"]"
    )
    return plain[:i] + b"99 0 obj\n" + enc + b"\nendobj\n" + trailer


@pytest.fixture(scope="session")
def ocr_runner() -> OcrRunner:
    return OcrRunner(workers=2, timeout_s=60)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
