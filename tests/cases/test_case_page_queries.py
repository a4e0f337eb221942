"""The case page and the tabs bench.load asks for run a fixed number of queries: the visibility
query once (``case_get``), not again for the write check, and the Overview summary without the
case list's last-activity scan of the audit log; the read's audit row in three statements."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from habeas.cases.selectors import Access, case_access, case_get
from tests.conftest import World

TAB_HEADERS = {"HX-Request": "true", "HX-Target": "tab-body"}


def _queries(client: Any, url: str, headers: dict[str, str]) -> list[str]:
    client.get(url, headers=headers)  # the first request of a session may set it up
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, headers=headers).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _visibility_queries(sql: list[str]) -> int:
    # A visibility query reads the case table itself through the team/share subqueries (other
    # tables' queries, e.g. credibility alerts, may filter on visible cases in a subquery).
    return sum(
        1
        for q in sql
        if q.split(" FROM ", 1)[-1].startswith('"cases_case" ') and '"cases_caseshare"' in q
    )


@pytest.mark.parametrize(
    ("path", "headers", "most"),
    [
        ("", {}, 28),
        ("tab/documents/", TAB_HEADERS, 11),
        ("tab/flags/", TAB_HEADERS, 11),
        ("tab/timeline/", TAB_HEADERS, 16),
        ("tab/people/", TAB_HEADERS, 12),
    ],
)
def test_case_page_and_tabs_check_visibility_once(
    world: World, client_for: Any, path: str, headers: dict[str, str], most: int
) -> None:
    sql = _queries(client_for(world.owner), f"/cases/{world.case.ref}/{path}", headers)
    assert _visibility_queries(sql) == 1
    assert len(sql) <= most


def test_overview_summary_does_not_scan_the_audit_log(world: World, client_for: Any) -> None:
    sql = _queries(client_for(world.owner), f"/cases/{world.case.ref}/", {})
    # The audit log is written once (the read) and not read for the summary's facts.
    assert not [q for q in sql if 'FROM "audit_auditevent"' in q]


def test_access_of_a_case_fetched_for_someone_else_is_checked_again(world: World) -> None:
    case = case_get(user=world.owner, ref=world.case.ref)
    assert case_access(world.owner, case) is Access.WRITE
    assert case_access(world.outsider, case) is Access.NONE
    assert case_access(world.nonmember, case) is case_access(
        world.nonmember, type(case).objects.get(pk=case.pk)
    )
