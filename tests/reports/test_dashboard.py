"""Dashboard numbers on the seeded world (see conftest.py for the dates behind every figure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.outcomes.selectors import case_outcome_summary
from habeas.reports.selectors import ReportFilters, dashboard_build, outcome_totals, table_by_key
from tests.reports.conftest import NOW, Seeded


def rows(seeded_dashboard: Any, key: str) -> list[tuple[object, ...]]:
    return table_by_key(seeded_dashboard.tables, key).rows


def test_owner_dashboard_numbers_are_exact(seeded: Seeded) -> None:
    d = dashboard_build(user=seeded.world.owner, now=NOW)
    assert d.total == 5  # not elm (owner is not on its team), not quill (other organization)
    assert rows(d, "received") == [("2020-05", 1), ("2023-06", 1), ("2024-01", 2), ("2024-03", 1)]
    chart = table_by_key(d.tables, "received").chart
    assert (
        chart is not None and len(chart) == 47 and chart[1] == ("2020-06", 0.0)
    )  # every month, May 2020 to March 2024
    assert rows(d, "screening") == [
        ("Screened (screening decisions)", 4),
        ("Accepted (to record gathering)", 3),
        ("Declined", 1),
    ]
    assert rows(d, "declined") == [("No new evidence or lead", "no_new_evidence", 1)]
    # intake: world.case since 2024-03-01 (121 d); record gathering: birch (61 d); reinvestigation: dogwood (921 d)
    assert rows(d, "active") == [
        ("Intake", 1, 0, 1, 0, 0),
        ("Record gathering", 1, 1, 0, 0, 0),
        ("Reinvestigation", 1, 0, 0, 0, 1),
        ("All active", 3, 1, 1, 0, 1),
    ]
    assert rows(d, "median") == [
        ("Intake", 4, 10.0),  # 10, 20, 10, 10
        ("Screening", 4, 30.0),  # 30, 81, 30, 30
        ("Record gathering", 2, 295.0),  # 30 and 560
        ("Reinvestigation", 1, 60.0),
        ("Decision", 1, 30.0),
        ("Resolution", 1, 60.0),
    ]
    assert sorted(rows(d, "resolutions")) == [
        ("Charges dismissed", 1, 1),
        ("Conviction vacated", 1, 1),
        ("Released from custody", 1, 1),
    ]
    # cedar: convicted 2001-06-12, released 2023-12-01 -> 8,207 days / 365.25 = 22.47 years
    assert d.outcomes.resolved_cases == 1
    assert d.outcomes.years_lost_total == Decimal("22.5")
    assert d.outcomes.years_lost_cases == 1


def test_admin_sees_the_whole_organization_and_the_outsider_only_their_own(seeded: Seeded) -> None:
    assert dashboard_build(user=seeded.world.admin, now=NOW).total == 6
    assert dashboard_build(user=seeded.world.auditor, now=NOW).total == 6
    outsider = dashboard_build(user=seeded.world.outsider, now=NOW)
    assert outsider.total == 1
    assert rows(outsider, "received") == [("2024-02", 1)]
    assert rows(outsider, "median") == [] and rows(outsider, "resolutions") == []
    assert outsider.outcomes.resolved_cases == 0


def test_member_counts_only_the_team_case(seeded: Seeded) -> None:
    d = dashboard_build(user=seeded.world.member, now=NOW)
    assert d.total == 1  # the member is on world.case's team only
    assert rows(d, "declined") == []


def test_date_filter_on_received_on(seeded: Seeded) -> None:
    d = dashboard_build(
        user=seeded.world.owner,
        filters=ReportFilters(
            start=NOW.date().replace(month=1, day=1), end=NOW.date().replace(month=1, day=31)
        ),
        now=NOW,
    )
    assert d.total == 2
    assert rows(d, "received") == [("2024-01", 2)]
    assert rows(d, "declined") == [("No new evidence or lead", "no_new_evidence", 1)]
    assert d.outcomes.resolved_cases == 0


def test_outcome_totals_agree_with_the_outcome_tab(seeded: Seeded) -> None:
    """The bulk totals use the same inputs as case_outcome_summary, case by case."""
    summary = case_outcome_summary(seeded.cedar)
    assert summary.years_lost is not None and summary.compensation is not None
    totals = outcome_totals(Case.objects.filter(pk=seeded.cedar.pk))
    assert totals.years_lost_total == summary.years_lost.exact.quantize(Decimal("0.1"))
    assert summary.compensation.total is not None
    assert totals.compensation_total == summary.compensation.total
    assert totals.compensation_total > 0


def test_dashboard_page_has_charts_and_tables(seeded: Seeded, client_for: Any) -> None:
    response = client_for(seeded.world.owner).get("/reports/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') >= 5
    assert "<title id=" in body and "<desc id=" in body and "aria-label=" in body
    assert "<table" in body and "No new evidence or lead" in body
    assert "<script" not in body.split("<main", 1)[1]  # no chart library


def test_invalid_filter_shows_an_error_and_filters_nothing(seeded: Seeded, client_for: Any) -> None:
    response = client_for(seeded.world.owner).get("/reports/?start=2024-05-01&end=2024-01-01")
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert "5 cases you may see" in response.content.decode()


def test_outsider_pages_never_show_the_worlds_cases(seeded: Seeded, client_for: Any) -> None:
    client = client_for(seeded.world.outsider)
    secrets = [
        c.ref
        for c in (
            seeded.world.case,
            seeded.alder,
            seeded.birch,
            seeded.cedar,
            seeded.dogwood,
            seeded.elm,
        )
    ]
    secrets += ["Rivera", "Alder", "Cedar"]
    for url in (
        "/reports/",
        "/reports/annual/2023/",
        "/reports/annual/2024/",
        "/reports/registry/",
        "/reports/export.csv?part=summary",
        "/reports/export.csv?part=cases",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert not [s for s in secrets if s in text], url
    cases_csv = b"".join(client.get("/reports/export.csv?part=cases").streaming_content).decode()
    assert seeded.quill.ref in cases_csv and len(cases_csv.strip().splitlines()) == 2


def test_login_required(seeded: Seeded, client: Any) -> None:
    for url in (
        "/reports/",
        "/reports/annual/2024/",
        "/reports/annual/2024.pdf",
        "/reports/registry/",
        "/reports/export.csv",
        "/reports/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
    assert not AuditEvent.objects.filter(action="report.export").exists()


def test_queries_survive_debug_sql_logging(seeded: Seeded) -> None:
    """With query logging on (DEBUG, the benchmark), every statement must format with its params."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        d = dashboard_build(user=seeded.world.owner, now=NOW)
    assert d.total == 5
    if (
        connection.vendor == "sqlite"
    ):  # the month grouping (it once broke with a literal '%Y' and query logging)
        assert any(
            "SUBSTR(" in q["sql"] and "received_on" in q["sql"] for q in captured.captured_queries
        )
    assert (
        len(captured.captured_queries) <= 10
    )  # aggregates only, independent of the number of cases


def test_dashboard_shows_deadline_alerts_from_visible_cases(
    seeded: Seeded, client_for: Any
) -> None:
    from habeas.deadlines.services import deadline_add

    world = seeded.world
    deadline_add(
        actor=world.owner,
        case_ref=world.case.ref,
        data={
            "title": "File the PC 1473.6 motion",
            "due_on": (NOW.date() + dt.timedelta(days=5)).isoformat(),
        },
    )
    page = client_for(world.owner).get("/reports/").content.decode()
    assert "Deadlines needing attention" in page and "File the PC 1473.6 motion" in page
    assert (
        "File the PC 1473.6 motion"
        not in client_for(world.outsider).get("/reports/").content.decode()
    )
