"""Pattern hits in a page's text, for proposed redactions: plain Python, no Django.

The regular expressions are deliberately conservative (a proposal is reviewed by a person, but a
flood of false hits hides the real ones)."""

from __future__ import annotations

import re
from collections.abc import Iterable

PATTERNS: dict[str, re.Pattern[str]] = {
    "ssn": re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b"),
    "date_of_birth": re.compile(
        r"(?i)\b(?:d\.?o\.?b\.?|date of birth|born)[:\s]*"
        r"((?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4})|(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}))"
    ),
    "phone": re.compile(r"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)"),
    "street_address": re.compile(
        r"\b\d{1,6} (?:[NSEW]\.? )?(?:[A-Z][a-z]+ ){1,3}"
        r"(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl)\b\.?"
    ),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "cii_number": re.compile(r"(?i)\bCII\s*(?:No\.?|#|number)?[:\s]*([A-Z]?\d{8,10})\b"),
    "fbi_number": re.compile(r"(?i)\bFBI\s*(?:No\.?|#|number)?[:\s]*(\d{6,9}[A-Z]{1,2}\d{0,2})\b"),
}


def pattern_hits(text: str, kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, the words to remove) for each distinct hit, in the order found. For labelled
    patterns (a date after "DOB:") only the value is removed, not the label."""
    hits: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for kind in kinds:
        for match in PATTERNS[kind].finditer(text):
            value = (match.group(1) if match.groups() else match.group(0)).strip(" .")
            value = " ".join(value.split())
            if value and (kind, value) not in seen:
                seen.add((kind, value))
                hits.append((kind, value))
    return hits
