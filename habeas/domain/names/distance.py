"""String distances for names. ``damerau_levenshtein`` is the optimal-string-alignment distance
(each character edited once) from rapidfuzz, never below DuckDB's unrestricted one, so a DuckDB
filter on it keeps every pair these rules accept; ``jaro_winkler`` is the textbook one (applied to
first names of candidate pairs only, so plain Python serves)."""

from __future__ import annotations

from rapidfuzz.distance import OSA


def damerau_levenshtein(a: str, b: str, limit: int = 99) -> int:
    """Edits (insert, delete, substitute, swap of neighbours; optimal string alignment) from
    ``a`` to ``b``; returns ``limit + 1`` once the distance is known to exceed ``limit``."""
    return int(OSA.distance(a, b, score_cutoff=limit))


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters, from 0.7)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    matched_a = [False] * len(a)
    matched_b = [False] * len(b)
    matches = 0
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not matched_b[j] and b[j] == char:
                matched_a[i] = matched_b[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    seq_a = [c for c, m in zip(a, matched_a, strict=True) if m]
    seq_b = [c for c, m in zip(b, matched_b, strict=True) if m]
    transpositions = sum(x != y for x, y in zip(seq_a, seq_b, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    if jaro < 0.7:  # Winkler's boost applies to close strings only
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)
