"""OCR confusions folded away: both sides of a comparison are folded the same way, so "Kess1er",
"Hemandez" (rn read as m) and "0'Neill" compare equal to the names they stand for."""

from __future__ import annotations

from functools import cache, lru_cache

from habeas.domain.names.tables import ocr_pairs
from habeas.domain.sql_text import sql_literal


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


def ocr_fold_sql(column: str) -> str:
    """``ocr_fold`` as a DuckDB expression on ``column`` (the same steps: each sequence replaced
    in turn, then the single letters mapped at once), for words folded in SQL by the million."""
    expr = column
    for seen, folded in ocr_pairs():
        if len(seen) > 1:
            expr = f"replace({expr}, {sql_literal(seen)}, {sql_literal(folded)})"
    singles = [(seen, folded) for seen, folded in ocr_pairs() if len(seen) == 1]
    if any(len(folded) != 1 for _, folded in singles):  # translate maps one letter to one
        raise ValueError("an OCR confusion of one letter must fold to one letter")
    source, target = "".join(s for s, _ in singles), "".join(f for _, f in singles)
    return f"translate({expr}, {sql_literal(source)}, {sql_literal(target)})" if singles else expr
