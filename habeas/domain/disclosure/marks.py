"""Redaction marks (drawn boxes or a string to remove) and the pattern finders that propose them.

Coordinates are PDF points with the origin at the top left of the page as shown (PyMuPDF's page
coordinates). A reviewer accepts every pattern hit, so the finders favour precision: a number is
only called a CII or FBI number next to its cue, a date only a date of birth next to a birth cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from habeas.domain.disclosure.errors import ProductionError

MAX_REASON = 40


@dataclass(frozen=True)
class Box:
    """A rectangle on one page (1-based), in points, origin top-left of the page as displayed:
    after its rotation, within its CropBox, i.e. the frame of a rendered page image (a pixel
    (px, py) of an image W pixels wide of a page P points wide is at px * P / W points)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ProductionError(f"a redaction box names page {self.page}; pages start at 1")
        if not (self.x0 < self.x1 and self.y0 < self.y1):
            raise ProductionError(
                f"a redaction box on page {self.page} has no area (left must be less than "
                "right, top less than bottom)"
            )

    def clipped(self, width: float, height: float) -> Box:
        """This box cut to a page of ``width`` x ``height`` points; an error if it lies outside."""
        x0, y0 = max(self.x0, 0.0), max(self.y0, 0.0)
        x1, y1 = min(self.x1, width), min(self.y1, height)
        if not (x0 < x1 and y0 < y1):
            raise ProductionError(f"a redaction box lies outside page {self.page}")
        return Box(self.page, x0, y0, x1, y1)


@dataclass(frozen=True, kw_only=True)
class Mark:
    """One redaction on one page: drawn ``boxes``, or ``text`` to remove wherever it occurs on
    the page (case-insensitive, across line breaks and hyphenation), or both. ``reason`` is the
    short label printed in the black box ("Privacy", "Privilege", "Juvenile" ...)."""

    page: int
    boxes: tuple[Box, ...] = ()
    text: str = ""
    reason: str

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ProductionError(f"a redaction names page {self.page}; pages start at 1")
        if not self.boxes and not self.text.strip():
            raise ProductionError(f"a redaction on page {self.page} has neither a box nor text")
        if any(b.page != self.page for b in self.boxes):
            raise ProductionError(f"a redaction on page {self.page} has a box on another page")
        if not self.reason.strip() or len(self.reason) > MAX_REASON:
            raise ProductionError(
                f"a redaction on page {self.page} needs a reason of 1 to {MAX_REASON} characters"
            )


@dataclass(frozen=True)
class PatternHit:
    kind: str
    start: int
    end: int
    text: str


_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:(?:0?[1-9]|1[0-2])[/\-.](?:0?[1-9]|[12]\d|3[01])[/\-.](?:19|20)?\d{2}"
    rf"|{_MONTHS}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|(?:0?[1-9]|[12]\d|3[01])\s+{_MONTHS},?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
)
_DOB_CUE = r"(?:\bD\.?\s?O\.?\s?B\.?|\bdate\s+of\s+birth|\bbirth\s?date|\bborn(?:\s+on)?)"
# Only a colon, "is", "on", "of" or a dash may stand between the cue and the date.
_DOB = re.compile(rf"{_DOB_CUE}\s*(?:[:#\-]|is|was|on)?\s*(?P<v>{_DATE})(?![\d/])", re.I)

_SSN = re.compile(
    r"(?<![\w\-/.])(?P<v>(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4})(?![\w\-/])"
    r"|(?:\bSSN|\bS\.S\.N\.|\bsocial\s+security(?:\s+(?:no\.?|number|#))?)\s*[:#]?\s*"
    r"(?P<w>(?!000|666|9\d\d)\d{3}[\s-]?(?!00)\d{2}[\s-]?(?!0000)\d{4})(?!\d)",
    re.I,
)
_PHONE = re.compile(
    r"(?<![\w\-/.§])(?P<v>(?:\+?1[\s.\-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\-.\s])"
    r"[2-9]\d{2}[\-.][0-9]{4})(?![\w\-/])"
)
_EMAIL = re.compile(
    r"(?<![\w.+\-])(?P<v>[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,})(?![\w\-])"
)
_SUFFIX = (
    r"(?:(?:Street|Avenue|Road|Lane|Drive|Boulevard|Court|Way|Place|Terrace|Circle|Parkway"
    r"|Highway|Alley|Trail|Square|Loop)\b"
    r"|(?:St|Ave|Rd|Ln|Dr|Blvd|Ct|Pl|Ter|Cir|Pkwy|Hwy|Sq)\.?)"
)
_STREET = re.compile(
    r"(?<![\w\-/.§#$])(?P<v>\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+)?"
    r"(?P<name>(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][a-z]+){0,3})\s+"
    rf"{_SUFFIX}(?:,?\s+(?:Apt\.?|Apartment|Unit|Suite|Ste\.?|#)\s*[A-Z0-9\-]+)?"
    r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s+(?:CA|California)(?:\s+\d{5}(?:-\d{4})?)?)?)"
    r"(?![\w])"
)
# Words that make "3 Superior Court" or "12 Main Court" a court, not an address.
_NOT_STREET_NAMES = frozenset(
    {
        "superior",
        "supreme",
        "municipal",
        "district",
        "appellate",
        "appeal",
        "appeals",
        "juvenile",
        "federal",
        "county",
        "traffic",
        "family",
        "criminal",
        "justice",
        "the",
    }
)
# A number after these is a section, count, case or department, not a house number.
_NOT_STREET_BEFORE = re.compile(
    r"(?:§|sec\.?|section|count|counts|no\.?|number|dept\.?|department|room|rule|page|pp?\.|"
    r"exhibit|item|case|line|code|bates)\s*$",
    re.I,
)
# California CII numbers: a letter followed by 8 digits (A12345678), or 7 to 9 digits on older
# records, found only after a "CII" cue: a bare letter+8 digits is also how some courts number
# cases (F12345678), so without the cue it would not be precise.
_CII = re.compile(
    r"(?:\bCII|\bCriminal\s+Identification\s+and\s+Information)\s*(?:no\.?|number|#)?\s*[:#]?\s*"
    r"(?P<v>[A-Z]?\d{7,9})(?![\w\-])",
    re.I,
)
# FBI numbers (Universal Control Numbers): 6 to 9 letters and digits with at least one digit
# (123456AB1, 987654C), found only after an "FBI" or "UCN" cue.
_FBI = re.compile(
    r"(?:\bFBI|\bUCN)\s*(?:no\.?|number|#)?\s*[:#]?\s*"
    r"(?P<v>(?=[A-Z]*\d)[0-9A-Z]{6,9})(?![\w\-])",
)

PATTERN_KINDS: tuple[str, ...] = (
    "ssn",
    "date_of_birth",
    "phone",
    "street_address",
    "email",
    "cii_number",
    "fbi_number",
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "ssn": _SSN,
    "date_of_birth": _DOB,
    "phone": _PHONE,
    "street_address": _STREET,
    "email": _EMAIL,
    "cii_number": _CII,
    "fbi_number": _FBI,
}


def _street_ok(text: str, m: re.Match[str]) -> bool:
    words = m.group("name").lower().split()
    if any(w in _NOT_STREET_NAMES for w in words):
        return False
    return not _NOT_STREET_BEFORE.search(text[max(0, m.start() - 12) : m.start()])


def pattern_hits(text: str, kinds: Iterable[str]) -> list[PatternHit]:
    """Spans of ``text`` that look like the given kinds of personal data, in text order.

    Kinds: "ssn" (123-45-6789, or 9 digits after an SSN cue), "date_of_birth" (a date right
    after DOB / D.O.B. / date of birth / born; other dates are left alone), "phone" (North
    American numbers), "street_address" (house number, name, street suffix, optional unit and
    "City, CA 90000"), "email", "cii_number" (California CII: a letter and 8 digits, or 7-9
    digits, after a "CII" cue), "fbi_number" (6-9 letters and digits after an "FBI"/"UCN" cue).
    Each hit covers the value only, not its cue."""
    hits: list[PatternHit] = []
    for kind in kinds:
        pattern = _PATTERNS.get(kind)
        if pattern is None:
            raise ProductionError(f"unknown kind of pattern: {kind}")
        for m in pattern.finditer(text):
            group = "v" if m.group("v") is not None else "w"
            if kind == "street_address" and not _street_ok(text, m):
                continue
            start, end = m.span(group)
            hits.append(PatternHit(kind, start, end, text[start:end]))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits
