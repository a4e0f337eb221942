"""A review run's matches as CSV or XLSX, for the people who work through them outside Habeas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO, TextIO

from django.http import HttpResponse
from openpyxl import Workbook

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.domain.spreadsheet_cells import cell_safe, xlsx_cell
from habeas.systemic.models import ReviewMatch, ReviewRun
from habeas.systemic.selectors import review_matches

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


def _rows(matches: Iterable[ReviewMatch]) -> Iterable[tuple[object, ...]]:
    for m in matches:
        yield tuple(
            cell_safe(v)
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
        sheet.append([xlsx_cell(v) for v in row])
        count += 1
    workbook.save(out)
    return count


def export_response(user: User, run: ReviewRun, fmt: str) -> HttpResponse:
    """A run's matches as a CSV or XLSX download, audited (the page and the API both answer this)."""
    matches = review_matches(run)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        count = review_xlsx_write(buffer, matches)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        count = review_csv_write(text, matches)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    audit_record(actor=user, action="review.export", obj=run, detail={"format": fmt, "rows": count})
    response["Content-Disposition"] = f'attachment; filename="review-{run.pk}.{fmt}"'
    return response
