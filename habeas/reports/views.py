"""Report pages: parse the request, call a selector or service, render. Login required everywhere."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.audit.services import audit_record
from habeas.core.errors import NotFoundError
from habeas.credibility.selectors import undisclosed_cases
from habeas.deadlines.selectors import deadlines_upcoming
from habeas.reports.forms import ReportFilterForm
from habeas.reports.selectors import annual_report_build, dashboard_build, registry_report_build
from habeas.reports.services import annual_pdf_export, dashboard_csv_export, dashboard_xlsx_export

YEARS = range(1900, 2101)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ReportFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else ReportFilterForm().filters()
    report = dashboard_build(user=user, filters=filters)
    query = request.GET.urlencode()
    # Deadline alerts: the next 30 days and the overdue ones, over the same visible cases (first 20 shown).
    alerts = deadlines_upcoming(user=user, within_days=30)[:20]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "report": report,
            "query": query,
            "this_year": timezone.localdate().year,
            "deadline_alerts": alerts,
            "impeachment": undisclosed_cases(user=user),
        },
    )


@require_GET
@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    user = request_user(request)
    filters = ReportFilterForm(request.GET).filters()
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        part = request.GET.get("part", "summary")
        lines = dashboard_csv_export(actor=user, filters=filters, part=part)
        disposition = f'attachment; filename="habeas-report-{part}-{stamp}.csv"'
        if part == "cases":  # up to every visible case: streamed, so memory stays flat
            streaming = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
            streaming["Content-Disposition"] = disposition
            return streaming
        summary = HttpResponse(
            "".join(lines), content_type="text/csv; charset=utf-8"
        )  # a few hundred lines
        summary["Content-Disposition"] = disposition
        return summary
    response = HttpResponse(dashboard_xlsx_export(actor=user, filters=filters), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="habeas-report-{stamp}.xlsx"'
    return response


def _year_checked(year: int) -> int:
    if year not in YEARS:
        raise NotFoundError("No report for that year.")
    return year


@require_GET
@login_required
def annual(request: HttpRequest, year: int) -> HttpResponse:
    user = request_user(request)
    report = annual_report_build(user=user, year=_year_checked(year))
    # The page lists case references and titles: a read of case data, so it is logged like one.
    audit_record(
        actor=user,
        action="report.read",
        detail={"report": "annual", "year": year, "format": "html"},
    )
    return render(request, "reports/annual.html", {"report": report})


@require_GET
@login_required
def annual_pdf(request: HttpRequest, year: int) -> HttpResponse:
    user = request_user(request)
    report = annual_report_build(user=user, year=_year_checked(year))
    html = render_to_string(
        "reports/annual_document.html", {"report": report, "generated": timezone.now()}
    )
    file = annual_pdf_export(actor=user, year=year, html=html)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@require_GET
@login_required
def registry(request: HttpRequest) -> HttpResponse:
    # Public reference data (the NRE registry): any logged-in user, no case permissions involved.
    return render(request, "reports/registry.html", {"report": registry_report_build()})
