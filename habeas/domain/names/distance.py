"""String distances for names, in plain Python: applied to candidate pairs only (thousands, not
millions), so no C extension is needed. ``damerau_levenshtein`` is the optimal-string-alignment
distance (each character edited once), never below DuckDB's unrestricted one, so a DuckDB filter
on it keeps every pair these rules accept; ``jaro_winkler`` is the textbook one."""

from __future__ import annotations


def damerau_levenshtein(a: str, b: str, limit: int = 99) -> int:
    """Edits (insert, delete, substitute, swap of neighbours; optimal string alignment) from
    ``a`` to ``b``; returns ``limit + 1`` once the distance is known to exceed ``limit``.

    Names compared here are mostly alike, so the common start and end are cut first and only
    the band of cells within ``limit`` of the diagonal is computed."""
    if a == b:
        return 0
    big = limit + 1
    if abs(len(a) - len(b)) > limit:
        return big
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if not a or not b:
        return min(max(len(a), len(b)), big)
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        char = a[i - 1]
        current = [i] + [big] * len(b)
        low, high = max(1, i - limit), min(len(b), i + limit)
        row_min = i if low == 1 else big
        for j in range(low, high + 1):
            other = b[j - 1]
            value = previous[j - 1] + (char != other)
            value = min(value, previous[j] + 1, current[j - 1] + 1)
            if previous2 is not None and j > 1 and char == b[j - 2] and a[i - 2] == other:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return big
        previous2, previous = previous, current
    return min(previous[-1], big)


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
