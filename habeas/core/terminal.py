"""Stored text made safe to print on an operator's terminal.

File names, titles and people's names come from uploads and other people: an ESC sequence in a zip
member's name can recolour, clear or retitle the terminal, a newline can forge an extra output line,
and a bidi override (U+202E) can make ``evil.exe.pdf`` read as ``evil.fdp.exe``. Such characters are
shown as visible escapes instead, so the operator sees exactly what is stored."""

from __future__ import annotations

import re

from rich.markup import escape

# C0 controls (newline and tab included), DEL, C1 controls (U+009B is a one-byte CSI), and the
# invisible direction marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidi character written as ``\\x1b`` or ``\\u202e``."""
    return _UNSAFE.sub(_visible, text)


def markup_safe(text: str) -> str:
    """``terminal_safe`` and escaped for rich markup, so ``[red]`` in a stored name stays text."""
    return escape(terminal_safe(text))
