"""Name handling in plain Python: normalization, splitting a full name, soundex, nicknames.

Only ever applied to *distinct* values (a few hundred thousand at most), so plain Python is
fast enough; per-row work happens in DuckDB SQL (see ``prepare.py``)."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import NamedTuple

# Titles and ranks that appear in police reports and transcripts ("Det. J. Smith"): they are not
# part of a person's name and would otherwise be taken for a first name.
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "officer",
        "ofc",
        "off",
        "po",
        "det",
        "detective",
        "sgt",
        "sergeant",
        "lt",
        "lieutenant",
        "capt",
        "captain",
        "cpl",
        "corporal",
        "inv",
        "investigator",
        "agent",
        "sa",
        "trooper",
        "tpr",
        "deputy",
        "dep",
        "chief",
        "insp",
        "inspector",
        "cmdr",
        "commander",
        "analyst",
        "chemist",
    }
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "esq", "phd", "md"})

_NON_NAME = re.compile(r"[^a-z ,]+")
_SPACES = re.compile(r"\s+")


def normalize_token(text: str) -> str:
    """Lower case ASCII letters only: accents dropped, "O'Brien" -> "obrien"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_text.lower())


class SplitName(NamedTuple):
    first: str | None
    middle: str | None
    last: str | None


def split_full_name(full_name: str | None) -> SplitName:
    """Split "LAST, First Middle" or "First Middle Last" (titles and suffixes dropped).

    A single word is taken as a last name: mentions in reports are usually "Officer Reyes"."""
    if not full_name:
        return SplitName(None, None, None)
    ascii_text = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    # Dots separate words ("J.R. Smith"); hyphens and apostrophes vanish inside a name
    # ("Garcia-Lopez" -> garcialopez, "O'Brien" -> obrien), as in normalize_token.
    cleaned = ascii_text.lower().replace("'", "").replace("-", "").replace(".", " ")
    cleaned = _SPACES.sub(" ", _NON_NAME.sub(" ", cleaned)).strip()
    if "," in cleaned:
        last_part, _, rest = cleaned.partition(",")
        last_words = [w for w in last_part.split() if w not in TITLES and w not in SUFFIXES]
        rest_words = [
            w for w in rest.replace(",", " ").split() if w not in TITLES and w not in SUFFIXES
        ]
        last = "".join(last_words) or None
        first = rest_words[0] if rest_words else None
        middle = " ".join(rest_words[1:]) or None
        return SplitName(first, middle, last)
    words = [w for w in cleaned.split() if w not in SUFFIXES]
    while words and words[0] in TITLES:
        words = words[1:]
    if not words:
        return SplitName(None, None, None)
    if len(words) == 1:
        return SplitName(None, None, words[0])
    return SplitName(words[0], " ".join(words[1:-1]) or None, words[-1])


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
    """(nickname, formal) pairs from ``data/nicknames.csv``."""
    text = (
        resources.files("habeas.domain.linkage").joinpath("data/nicknames.csv").read_text("utf-8")
    )
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    header = next(rows)
    if header != ["nickname", "formal"]:
        raise ValueError(f"nicknames.csv: unexpected header {header!r}")
    return tuple((nick.strip(), formal.strip()) for nick, formal in rows)


@cache
def nickname_groups() -> dict[str, tuple[str, ...]]:
    """Each known name -> the formal names it may stand for (a formal name stands for itself).

    Two first names are "nicknames" of each other when these sets intersect: bill -> (william,),
    will -> (william,), william -> (william,)."""
    groups: dict[str, set[str]] = {}
    for nick, formal in nickname_table():
        groups.setdefault(nick, set()).add(formal)
        groups.setdefault(formal, set()).add(formal)
    return {name: tuple(sorted(formals)) for name, formals in groups.items()}
