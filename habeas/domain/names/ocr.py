"""OCR confusions folded away: both sides of a comparison are folded the same way, so "Kess1er",
"Hemandez" (rn read as m) and "0'Neill" compare equal to the names they stand for."""

from __future__ import annotations

from functools import cache, lru_cache

from habeas.domain.names.tables import ocr_pairs


@cache
def _single_map() -> dict[int, str]:
    return {ord(seen): folded for seen, folded in ocr_pairs() if len(seen) == 1}


@lru_cache(maxsize=262_144)
def ocr_fold(word: str) -> str:
    """``word`` (lower case) with every confusable sequence replaced by its folded form."""
    for seen, folded in ocr_pairs():
        if len(seen) > 1 and seen in word:
            word = word.replace(seen, folded)
    return word.translate(_single_map())
