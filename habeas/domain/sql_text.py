"""Our own words (title lists, OCR tables, column values) written into DuckDB SQL text."""

from __future__ import annotations

from collections.abc import Iterable


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal: ``O'Neill`` -> ``'O''Neill'``."""
    return "'" + text.replace("'", "''") + "'"


def sql_list(words: Iterable[str]) -> str:
    """``words`` as a DuckDB list literal, in the order given: ``['a', 'b']``."""
    return "[" + ", ".join(sql_literal(w) for w in words) + "]"
