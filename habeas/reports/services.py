"""Report exports: every file that leaves Habeas is audit-logged ("report.export") before it is built."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import weasyprint
from weasyprint.urls import URLFetcher

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError
from habeas.reports.exports import cases_csv_lines, report_xlsx_write, tables_csv_lines
from habeas.reports.selectors import ReportFilters, dashboard_build, report_case_rows, report_cases

PARTS = ("summary", "cases")


def _part_checked(part: str) -> str:
    if part not in PARTS:
        raise ApplicationError("Unknown export.", fields={"part": ["Choose summary or cases."]})
    return part


def dashboard_csv_export(
    *, actor: User, filters: ReportFilters, part: str = "summary"
) -> Iterator[str]:
    """CSV lines of the dashboard tables ("summary") or of the visible cases behind them ("cases")."""
    _part_checked(part)
    cases = report_cases(actor, filters)
    audit_record(
        actor=actor,
        action="report.export",
        detail={"report": "dashboard", "format": "csv", "part": part, **filters.as_dict()},
    )
    if part == "cases":
        return cases_csv_lines(report_case_rows(cases))
    return tables_csv_lines(dashboard_build(user=actor, filters=filters).tables)


def dashboard_xlsx_export(*, actor: User, filters: ReportFilters) -> bytes:
    """One workbook: a sheet per dashboard table and a sheet of the visible cases."""
    dashboard = dashboard_build(user=actor, filters=filters)
    out = io.BytesIO()
    rows = report_xlsx_write(out, dashboard.tables, report_case_rows(report_cases(actor, filters)))
    audit_record(
        actor=actor,
        action="report.export",
        detail={"report": "dashboard", "format": "xlsx", "cases": rows, **filters.as_dict()},
    )
    return out.getvalue()


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def annual_pdf_export(*, actor: User, year: int, html: str) -> ReportFile:
    """The annual report as PDF. No URL is fetched: styles and charts (SVG) are inline in ``html``."""
    pdf: bytes = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf()
    audit_record(
        actor=actor,
        action="report.export",
        detail={"report": "annual", "year": year, "format": "pdf"},
    )
    return ReportFile(pdf, "application/pdf", f"transparency-report-{year}.pdf")
