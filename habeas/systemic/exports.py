"""A review run's matches as CSV or XLSX, for the people who work through them outside Habeas."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import BinaryIO, TextIO

from openpyxl import Workbook

from habeas.systemic.models import ReviewMatch

COLUMNS = (
    "match_id",
    "watch_name",
    "field",
    "written",
    "score",
    "reason",
    "docket",
    "court",
    "defendant",
    "dob",
    "offense",
    "conviction_date",
    "decision",
    "intake",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    # Spreadsheet programs execute cells that start like formulas: neutralise (records come from outside).
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _rows(matches: Iterable[ReviewMatch]) -> Iterable[tuple[object, ...]]:
    for m in matches:
        yield tuple(
            _safe(v)
            for v in (
                m.pk,
                m.entry.name,
                m.field,
                m.written,
                m.score,
                m.reason,
                m.docket,
                m.court,
                m.defendant,
                m.dob.isoformat() if m.dob else "",
                m.offense,
                m.conviction_date.isoformat() if m.conviction_date else "",
                m.decision,
                m.case.ref if m.case else "",
            )
        )


def review_csv_write(out: TextIO, matches: Iterable[ReviewMatch]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in _rows(matches):
        writer.writerow(row)
        count += 1
    return count


def review_xlsx_write(out: BinaryIO, matches: Iterable[ReviewMatch]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("matches")
    sheet.append(list(COLUMNS))
    count = 0
    for row in _rows(matches):
        sheet.append(list(row))
        count += 1
    workbook.save(out)
    return count
