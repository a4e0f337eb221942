"""Small text helpers shared by the readers."""

from __future__ import annotations

import re

from habeas.domain.extract.hyphens import hyphens_join

# C0/C1 controls other than tab, newline and form feed; PDF text layers and OCR emit stray ones.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def normalize(text: str) -> str:
    """Unix newlines, words broken at line ends mended (hyphens.py), no control characters, no
    trailing blanks on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = hyphens_join(text)
    text = _CONTROLS.sub("", text)
    return _TRAILING_SPACE.sub("\n", text).strip("\n ")


def visible_chars(text: str) -> int:
    """Non-whitespace characters; split/join runs in C, a per-character loop costs ~20% of a
    text-PDF extraction."""
    return len("".join(text.split()))
