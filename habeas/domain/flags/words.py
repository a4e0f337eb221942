"""Word lists the flag engine's name readers share, and the diacritics it reads past."""

from __future__ import annotations

import re
import unicodedata

# Capitalised in English but never a person's name in an opinion ("On Monday, March 3 ...").
CALENDAR_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]


def _accents_table() -> dict[str, str]:
    """Lower-case Latin letters with diacritics -> their ASCII letter ("é" -> "e"): one character
    for one, so offsets carry over."""
    table: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        low, base = chr(code).lower(), unicodedata.normalize("NFKD", chr(code))
        if (
            len(low) == 1
            and len(base) > 1
            and base[0].isascii()
            and base[0].isalpha()
            and all(unicodedata.combining(c) for c in base[1:])
        ):
            table[low] = base[0].lower()
    return table


# OCR and typesetting put diacritics on plain English words ("his éarlier statement"): triggers
# and cues are matched with them removed.
_ACCENTS = _accents_table()
# Found with one regex pass (C speed) and replaced one by one: ``str.translate`` looks every
# character of the page up in a dict, at a twentieth of the speed, for the few letters it changes.
_ACCENTED = re.compile("[" + "".join(sorted(_ACCENTS)) + "]")


def _accent_base(m: re.Match[str]) -> str:
    return _ACCENTS[m.group()]


def accents_fold(low: str) -> str:
    """``low`` (lower case) with its Latin letters' diacritics removed, length kept. Every name
    the engine looks for in lower-cased text is folded the same way."""
    return low if low.isascii() else _ACCENTED.sub(_accent_base, low)
