"""Name handling for linkage, from the shared normaliser (``habeas.domain.names``): splitting a
full name, soundex, nicknames. Kept as this module's functions because callers import them.

Only ever applied to *distinct* values (a few hundred thousand at most), so plain Python is
fast enough; per-row work happens in DuckDB SQL (see ``prepare.py``)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from habeas.domain.names import name_parse, nickname_set
from habeas.domain.names.nicknames import nickname_relations
from habeas.domain.names.parse import SUFFIXES
from habeas.domain.names.titles import title_phrases

# Single-word titles and ranks of the shared title table ("det", "officer", "po" ...).
TITLES = frozenset(p[0] for p in title_phrases() if len(p) == 1)
__all__ = [
    "SUFFIXES",
    "TITLES",
    "SplitName",
    "nickname_groups",
    "nickname_table",
    "normalize_token",
    "soundex",
    "split_full_name",
]


def normalize_token(text: str) -> str:
    """Lower case ASCII letters only: accents dropped, "O'Brien" -> "obrien"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_text.lower())


class SplitName(NamedTuple):
    first: str | None
    middle: str | None
    last: str | None


def split_full_name(full_name: str | None) -> SplitName:
    """Split "LAST, First Middle" or "First Middle Last" with the shared parser (titles, badges
    and suffixes dropped, particles glued, a double surname kept whole: "hernandezlopez").

    A single word is taken as a last name: mentions in reports are usually "Officer Reyes"."""
    if not full_name:
        return SplitName(None, None, None)
    parsed = name_parse(full_name)
    first = normalize_token(parsed.first) if parsed.first else None
    middle = " ".join(m for m in (normalize_token(x) for x in parsed.middles) if m) or None
    last = normalize_token(parsed.last) if parsed.last else None
    return SplitName(first or None, middle, last or None)


_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def soundex(name: str | None) -> str | None:
    """American Soundex ("Rodriguez" and "Rodriquez" -> R362); DuckDB has no built-in one."""
    if not name:
        return None
    word = normalize_token(name)
    if not word:
        return None
    out = [word[0].upper()]
    previous = _SOUNDEX_CODES.get(word[0], "")
    for char in word[1:]:
        code = _SOUNDEX_CODES.get(char, "")
        if code and code != previous:
            out.append(code)
            if len(out) == 4:
                break
        if char not in "hw":  # h and w do not separate letters with the same code
            previous = code
    return "".join(out).ljust(4, "0")


@cache
def nickname_table() -> tuple[tuple[str, str], ...]:
    """(name, related name) pairs of the shared nickname data, each direction once per pair."""
    return tuple(
        sorted((a, b) for a, related in nickname_relations().items() for b in related if a < b)
    )


@cache
def nickname_groups() -> dict[str, tuple[str, ...]]:
    """Each known name -> itself and the names directly related to it (a nickname or the name it
    is a nickname of). Two first names are nicknames of each other when one is in the other's
    group: directly related only, so "bill" ~ "william" and "bill" ~ "robert", but William and
    Robert are not one name."""
    return {name: nickname_set(name) for name in nickname_relations()}
