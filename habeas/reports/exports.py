"""Dashboard tables and the case list behind them as CSV or XLSX.

Every string cell that a spreadsheet would run as a formula is neutralised: titles, counties and
reason labels are typed by people, and a cell such as ``=HYPERLINK(...)`` must stay text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from openpyxl import Workbook

from habeas.domain.spreadsheet_cells import cell_safe, xlsx_cell
from habeas.reports.selectors import CASE_COLUMNS, Table

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _safe_row(row: Iterable[object]) -> list[object]:
    return [cell_safe(v) for v in row]


def _xlsx_row(row: Iterable[object]) -> list[object]:
    return [xlsx_cell(v) for v in row]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def tables_csv_lines(tables: Sequence[Table]) -> Iterator[str]:
    """Tables one after another: a title line, the header, the rows, then a blank line."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for table in tables:
        yield writer.writerow(_safe_row([table.title]))
        yield writer.writerow(_safe_row(table.columns))
        for row in table.rows:
            yield writer.writerow(_safe_row(row))
        if table.note:
            yield writer.writerow(_safe_row([f"Note: {table.note}"]))
        yield writer.writerow([])


def cases_csv_lines(rows: Iterable[tuple[object, ...]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(CASE_COLUMNS)
    for row in rows:
        yield writer.writerow(_safe_row(row))


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name.lower())
    return name


def report_xlsx_write(
    out: BinaryIO, tables: Sequence[Table], case_rows: Iterable[tuple[object, ...]] | None = None
) -> int:
    """One sheet per table, then (optionally) a "Cases" sheet; returns the number of case rows written.
    Write-only mode streams rows, so 100,000 cases do not build a full workbook in memory."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append(_xlsx_row(table.columns))
        for row in table.rows:
            sheet.append(_xlsx_row(row))  # Decimal and int stay numbers
        if table.note:
            sheet.append([])
            sheet.append(_xlsx_row([f"Note: {table.note}"]))
    count = 0
    if case_rows is not None:
        sheet = workbook.create_sheet(_sheet_title("Cases", used))
        sheet.append(list(CASE_COLUMNS))
        for row in case_rows:
            sheet.append(_xlsx_row(row))
            count += 1
    workbook.save(out)
    return count
