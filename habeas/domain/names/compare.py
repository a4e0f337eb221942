"""How far two parsed names agree, as levels with words a reviewer reads: the name half of
matching an officer (agency, badge and dates are the caller's)."""

from __future__ import annotations

from enum import IntEnum
from functools import lru_cache

from habeas.domain.names.distance import damerau_levenshtein, jaro_winkler
from habeas.domain.names.nicknames import nicknames_agree
from habeas.domain.names.ocr import ocr_fold
from habeas.domain.names.parse import ParsedName

SHORT_SURNAME = 4  # below this, a surname must be the same (one edit makes another name)
TWO_EDIT_SURNAME = 5  # two edits only on surnames at least this long, or...
TWO_EDIT_LONGER = 6  # ...when the longer has at least this many letters (two of six is a third)


class Surname(IntEnum):
    """Strongest first. Values are ordered: a smaller value is a closer surname."""

    SAME = 0
    OCR = 1  # the same once OCR confusions are folded ("kess1er")
    ONE_EDIT = 2
    PARTICLE = 3  # the same but for a particle ("Cruz" for "De La Cruz")
    COMPOUND = 4  # one part of a double surname ("Hernandez" for "Hernandez Lopez")
    TWO_EDITS = 5
    NONE = 6


class First(IntEnum):
    SAME = 0
    NICKNAME = 1
    SIMILAR = 2
    INITIAL = 3
    MISSING = 4  # one side has no first name ("P.O. Kessler #4412")
    DIFFERS = 5


SURNAME_WORDS = {
    Surname.SAME: "surname the same",
    Surname.OCR: "surname the same but for OCR confusions ({form})",
    Surname.ONE_EDIT: "surname one edit away ({form})",
    Surname.PARTICLE: "surname the same but for a particle ({form})",
    Surname.COMPOUND: "one part of a double surname ({form})",
    Surname.TWO_EDITS: "surname two edits away ({form})",
    Surname.NONE: "surname differs ({form})",
}
FIRST_WORDS = {
    First.SAME: "first name the same",
    First.NICKNAME: "first name a nickname ({form})",
    First.SIMILAR: "first name similar",
    First.INITIAL: "initial matches",
    First.MISSING: "no first name to compare",
    First.DIFFERS: "first name differs ({form})",
}


def _edits(a: str, b: str, limit: int) -> int:
    # On the written letters: folding first would make "qiull" and "quil" one edit apart.
    return damerau_levenshtein(a, b, limit)


@lru_cache(maxsize=262_144)
def _one_surname(watched: str, seen: str) -> Surname:
    if watched == seen:
        return Surname.SAME
    if ocr_fold(watched) == ocr_fold(seen):
        return Surname.OCR
    shortest = min(len(watched), len(seen))
    if shortest < SHORT_SURNAME:
        return Surname.NONE
    edits = _edits(watched, seen, 2)
    if edits <= 1:
        return Surname.ONE_EDIT
    # Two letters dropped from a long name ("Vara" for "Vargas", "St. hn" for "St. John") are as
    # telling as two changed in a five-letter one; the rules accept two edits only with more
    # agreeing (the first name at the watched agency, or the badge).
    longest = max(len(watched), len(seen))
    if edits == 2 and (shortest >= TWO_EDIT_SURNAME or longest >= TWO_EDIT_LONGER):
        return Surname.TWO_EDITS
    return Surname.NONE


def _core(name: ParsedName) -> str | None:
    """The surname without the particles the parser glued to it ("cruz" of "delacruz")."""
    last = name.last
    if not last or not name.particle:
        return None
    return last[len(name.particle) :] or None


def surname_level(watched: ParsedName, seen: ParsedName) -> Surname:
    """How close ``seen``'s surname is to ``watched``'s (either may hold a double surname)."""
    w_last, s_last = watched.last, seen.last
    if not w_last or not s_last:
        return Surname.NONE
    level = _one_surname(w_last, s_last)
    if level <= Surname.ONE_EDIT:
        return level
    w_core, s_core = _core(watched) or w_last, _core(seen) or s_last
    has_particle = w_core != w_last or s_core != s_last
    if has_particle and _one_surname(w_core, s_core) <= Surname.ONE_EDIT:
        return Surname.PARTICLE
    # One side has a double surname and the other one of its parts (or a typo of it).
    for short, long in ((seen, watched), (watched, seen)):
        if (
            len(short.surname) == 1
            and len(long.surname) > 1
            and any(
                _one_surname(part, short.surname[0]) <= Surname.ONE_EDIT for part in long.surname
            )
        ):
            return Surname.COMPOUND
    return level


def _final_letter_only(a: str, b: str) -> bool:
    """Maria/Mario, Paul/Paula, Daniel/Daniela: one edit at the end makes another name."""
    return a[:-1] == b[:-1] or a == b[:-1] or b == a[:-1]


def first_level(watched: ParsedName, seen: ParsedName) -> First:
    a, b = watched.first, seen.first
    if not a or not b:
        return First.MISSING
    if a == b or ocr_fold(a) == ocr_fold(b):
        return First.SAME
    if len(a) == 1 or len(b) == 1:
        return First.INITIAL if a[0] == b[0] else First.DIFFERS
    if nicknames_agree(a, b):
        return First.NICKNAME
    close = _edits(a, b, 1) <= 1 or jaro_winkler(a, b) >= 0.92
    if close and min(len(a), len(b)) >= 4 and not _final_letter_only(a, b):
        return First.SIMILAR
    return First.DIFFERS
