"""Cells of the spreadsheets Habeas writes (CSV and XLSX exports) and reads back.

A cell that a spreadsheet program would run as a formula (``=HYPERLINK(...)``, ``+1``, ``@SUM``)
gets a leading apostrophe, which Excel, LibreOffice and Sheets read as "this cell is text"; imports
of those files take it off again. XLSX also cannot hold some control characters (openpyxl refuses
them, failing the whole download): they become spaces."""

from __future__ import annotations

from typing import overload

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@overload
def cell_safe(value: str) -> str: ...
@overload
def cell_safe(value: object) -> object: ...
def cell_safe(value: object) -> object:
    """A string that starts like a formula gains the apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_unsafe(text: str) -> str:
    """The apostrophe ``cell_safe`` added, taken off again on re-import (only before a formula
    start, so a name such as "'Neill" written that way stays as it was)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def xlsx_cell(value: object) -> object:
    """``cell_safe``, and the control characters XLSX cannot hold (a form feed pasted into a
    title) as spaces."""
    value = cell_safe(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(" ", value)
    return value
