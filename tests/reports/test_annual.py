"""Annual transparency report: HTML and PDF, the organization's cases only, export audit-logged."""

from __future__ import annotations

from typing import Any

from habeas.audit.models import AuditEvent
from habeas.reports.selectors import annual_report_build, table_by_key
from tests.reports.conftest import Seeded


def test_annual_2023_numbers(seeded: Seeded) -> None:
    report = annual_report_build(user=seeded.world.owner, year=2023)
    assert report.received == 1  # cedar
    assert table_by_key(report.tables, "received").rows == [("2023-06", 1)]
    assert table_by_key(report.tables, "screening").rows == [
        ("Screened (screening decisions)", 1),
        ("Accepted (to record gathering)", 1),
    ]
    assert [(r.ref, r.title, r.first_on.isoformat()) for r in report.resolved] == [
        (seeded.cedar.ref, "People v. Cedar", "2023-11-20")
    ]
    assert report.resolved[0].resolutions == [
        "Conviction vacated (2023-11-20)",
        "Released from custody (2023-12-01)",
        "Charges dismissed (2023-12-15)",
    ]
    assert report.outcomes.resolved_cases == 1 and str(report.outcomes.years_lost_total) == "22.5"


def test_annual_2024_numbers(seeded: Seeded) -> None:
    report = annual_report_build(user=seeded.world.owner, year=2024)
    assert report.received == 3  # world.case, alder, birch (elm is not visible to the owner)
    assert table_by_key(report.tables, "declined").rows == [
        ("No new evidence or lead", "no_new_evidence", 1)
    ]
    assert report.resolved == [] and report.outcomes.resolved_cases == 0
    assert annual_report_build(user=seeded.world.admin, year=2024).received == 4


def test_annual_page_and_pdf(seeded: Seeded, client_for: Any) -> None:
    client = client_for(seeded.world.owner)
    page = client.get("/reports/annual/2023/")
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        seeded.cedar.ref in body and "Methods" in body and 'role="img"' in body and "<table" in body
    )
    pdf = client.get("/reports/annual/2023.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        AuditEvent.objects.filter(
            action="report.export",
            user=seeded.world.owner,
            detail__report="annual",
            detail__year=2023,
            detail__format="pdf",
        ).count()
        == 1
    )


def test_outsider_annual_report_has_none_of_the_worlds_cases(
    seeded: Seeded, client_for: Any
) -> None:
    report = annual_report_build(user=seeded.world.outsider, year=2023)
    assert report.received == 0 and report.resolved == []
    pdf = client_for(seeded.world.outsider).get("/reports/annual/2023.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_year_out_of_range_is_404(seeded: Seeded, client_for: Any) -> None:
    assert client_for(seeded.world.owner).get("/reports/annual/1/").status_code == 404
