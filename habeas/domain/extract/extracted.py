"""Plain value types returned by the extract package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExtractedPage:
    number: int  # 1-based
    text: str
    ocr: bool  # True when ``text`` came from tesseract rather than a text layer
    ocr_confidence: float | None  # mean word confidence on tesseract's 0-100 scale
    blank: bool = False  # no ink on the page image: stored with empty text, OCR not run on it


@dataclass(frozen=True)
class Member:
    name: str  # logical path, e.g. "archive.zip/folder/report.pdf" or "mail.eml/attachment.pdf"
    path: Path  # a file written under the caller's dest dir; the caller owns (and deletes) it


@dataclass(frozen=True)
class RefusedMember:
    """A member left out before any of its bytes were written (e.g. over the per-file limit)."""

    name: str  # logical path, as for Member
    reason: str  # for a reviewer: "larger than the 512 MB limit"
