"""The dashboard's query shapes keep every figure: the case count comes from the month table, resolution
events and resolved cases are filtered by visibility per row (EXISTS / ``pk IN``), and each still
follows who may see what, a share granted and revoked included."""

from __future__ import annotations

import datetime as dt

from habeas.cases.models import Case
from habeas.cases.services.team import case_share_grant, case_share_revoke
from habeas.reports.selectors import (
    ReportFilters,
    annual_report_build,
    dashboard_build,
    outcome_totals,
    report_cases,
    resolutions_by_kind,
    table_by_key,
)
from tests.conftest import make_user
from tests.reports.conftest import NOW, Seeded

FILTERS = (
    ReportFilters(),
    ReportFilters(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)),
    ReportFilters(start=dt.date(2023, 1, 1)),
    ReportFilters(end=dt.date(2019, 12, 31)),  # before every seeded case: nothing at all
)


def test_total_is_the_number_of_visible_cases_for_every_user_and_filter(seeded: Seeded) -> None:
    w = seeded.world
    seen = set()
    for user in (w.owner, w.member, w.nonmember, w.outsider, w.auditor, w.admin):
        for f in FILTERS:
            d = dashboard_build(user=user, filters=f, now=NOW)
            assert d.total == report_cases(user, f).count(), (user.username, f)
            assert d.total == sum(int(row[1]) for row in table_by_key(d.tables, "received").rows)  # type: ignore[call-overload]
            seen.add(d.total)
    assert seen == {0, 1, 2, 4, 5, 6}  # the world really varies (so a constant could not pass)
    for year in (2020, 2023, 2024):
        org_cases = Case.objects.filter(organization=w.org_a, received_on__year=year)
        assert annual_report_build(user=w.admin, year=year).received == org_cases.count()


def test_resolutions_and_outcomes_follow_a_share(seeded: Seeded) -> None:
    w = seeded.world
    partner_admin = make_user(
        "partner-admin", w.org_b, "admin"
    )  # sees org B's cases and cases shared with org B

    def figures() -> tuple[list[tuple[object, ...]], int, str]:
        cases = report_cases(partner_admin)
        totals = outcome_totals(cases)
        return resolutions_by_kind(cases).rows, totals.resolved_cases, str(totals.years_lost_total)

    assert figures() == ([], 0, "0.0")  # cedar is org A's and not shared
    case_share_grant(actor=w.owner, case_ref=seeded.cedar.ref, organization_code=w.org_b.code)
    rows, resolved, years = figures()
    assert sorted(rows) == [
        ("Charges dismissed", 1, 1),
        ("Conviction vacated", 1, 1),
        ("Released from custody", 1, 1),
    ]
    assert (resolved, years) == (1, "22.5")
    d = dashboard_build(user=partner_admin, now=NOW)
    assert d.total == 2 and d.outcomes.resolved_cases == 1  # quill (org B) and the shared cedar
    case_share_revoke(actor=w.owner, case_ref=seeded.cedar.ref, organization_code=w.org_b.code)
    assert figures() == ([], 0, "0.0")


def test_team_member_without_the_resolved_case_gets_no_resolution_figures(seeded: Seeded) -> None:
    d = dashboard_build(user=seeded.world.member, now=NOW)
    assert table_by_key(d.tables, "resolutions").rows == []
    assert d.outcomes.resolved_cases == 0 and d.outcomes.compensation_cases == 0
    admin = dashboard_build(
        user=seeded.world.admin, now=NOW
    )  # the same case, seen by the whole organization
    assert sorted(table_by_key(admin.tables, "resolutions").rows) == [
        ("Charges dismissed", 1, 1),
        ("Conviction vacated", 1, 1),
        ("Released from custody", 1, 1),
    ]
    assert admin.outcomes.resolved_cases == 1 and admin.outcomes.compensation_cases == 1
