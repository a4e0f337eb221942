"""deadlines_upcoming: computed + custom deadlines of visible cases only, bucketed and sorted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.cases.services.children import case_child_create
from habeas.deadlines import selectors as deadline_selectors
from habeas.deadlines.selectors import case_deadlines, deadlines_upcoming, record_deadlines
from habeas.deadlines.services import deadline_add, deadline_done_set
from habeas.domain.deadlines import Status
from habeas.outcomes.selectors import case_outcome_summary
from tests.clients import Api
from tests.conftest import World, make_user
from tests.deadlines.helpers import direct_appeal_for_aedpa_due, other_case, release_for_pc4901_due


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def dated(world: World) -> dict[str, Any]:
    """World's case: AEDPA due in 10 days; custom deadlines overdue, in 40 days, in 200 days and done."""
    today = _today()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=10))

    def add(title: str, days: int) -> Any:
        return deadline_add(
            actor=world.owner,
            case_ref=world.case.ref,
            data={
                "title": title,
                "due_on": today + dt.timedelta(days=days),
                "source": "Court order",
            },
        )

    ids = {
        "overdue": add("Opposition was due", -3),
        "later": add("Status report", 40),
        "far": add("Far away", 200),
        "done": add("Already filed", 5),
    }
    deadline_done_set(actor=world.owner, case_ref=world.case.ref, deadline_id=ids["done"].pk)
    return ids


def test_team_sees_computed_and_custom_with_status_sorted_by_due_date(
    world: World, dated: dict[str, Any]
) -> None:
    today = _today()
    for user in (world.owner, world.member, world.auditor, world.admin):
        rows = deadlines_upcoming(user=user, within_days=60)
        assert [(r.name, r.kind) for r in rows] == [
            ("Opposition was due", "custom"),
            ("Federal habeas limitation (AEDPA)", "computed"),
            ("Status report", "custom"),
        ], user.username
        overdue, aedpa, later = rows
        assert (
            overdue.status == Status.OVERDUE
            and overdue.days_left == -3
            and overdue.deadline_id == dated["overdue"].pk
        )
        assert (
            aedpa.status == Status.DUE_SOON
            and aedpa.due == today + dt.timedelta(days=10)
            and aedpa.days_left == 10
        )
        assert (
            aedpa.source == "28 U.S.C. 2244(d)(1)-(2)" and "One year from the latest" in aedpa.rule
        )
        assert (
            aedpa.verification == "unverified"
        )  # the certiorari window is added (Sup. Ct. R. 13, unverified)
        assert (
            aedpa.deadline_id is None
            and aedpa.case_ref == world.case.ref
            and aedpa.case_title == "People v. Rivera"
        )
        assert (
            later.status == Status.OK
            and later.source == "Court order"
            and later.rule == "Set by the case team."
        )


def test_window_and_overdue_switch(world: World, dated: dict[str, Any]) -> None:
    def names(**kw: Any) -> list[str]:
        return [r.name for r in deadlines_upcoming(user=world.owner, **kw)]

    assert names(within_days=30) == ["Opposition was due", "Federal habeas limitation (AEDPA)"]
    assert names(within_days=30, include_overdue=False) == ["Federal habeas limitation (AEDPA)"]
    assert "Far away" in names(within_days=365)
    assert "Already filed" not in names(within_days=365)  # done ones drop out


def test_people_who_may_not_see_the_case_get_nothing_of_it(
    world: World, dated: dict[str, Any]
) -> None:
    assert deadlines_upcoming(user=world.outsider) == []
    assert deadlines_upcoming(user=world.nonmember) == []
    # The outsider's own organization's case shows, and only it.
    theirs = other_case(world.outsider, docket="EX-77")
    direct_appeal_for_aedpa_due(world.outsider, theirs, _today() + dt.timedelta(days=20))
    rows = deadlines_upcoming(user=world.outsider)
    assert {r.case_ref for r in rows} == {theirs.ref}
    assert world.case.ref not in {
        r.case_ref for r in deadlines_upcoming(user=world.outsider, within_days=3650)
    }
    assert theirs.ref not in {
        r.case_ref for r in deadlines_upcoming(user=world.owner, within_days=3650)
    }


def test_inactive_user_sees_nothing(world: World, dated: dict[str, Any]) -> None:
    world.member.is_active = False
    world.member.save()
    assert deadlines_upcoming(user=world.member) == []


def test_pc4901_clock_from_release_and_vacatur_stops_aedpa(world: World) -> None:
    today = _today()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=10))
    release_for_pc4901_due(world.owner, world.case, today - dt.timedelta(days=5))
    rows = deadlines_upcoming(user=world.owner)
    assert [(r.rule_id, r.status) for r in rows] == [
        ("ca_pc_4901", Status.OVERDUE),
        ("aedpa_2244d", Status.DUE_SOON),
    ]
    assert rows[0].source == "Cal. Penal Code 4901" and rows[0].days_left == -5
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="resolutions",
        data={"kind": "vacated", "occurred_on": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert [r.rule_id for r in deadlines_upcoming(user=world.owner)] == ["ca_pc_4901"]


def test_pc4901_only_for_california_cases(world: World) -> None:
    ny = other_case(
        world.owner, title="People v. Lindqvist", surname="Lindqvist", docket="NY-1", state="NY"
    )
    release_for_pc4901_due(world.owner, ny, _today() + dt.timedelta(days=5))
    assert deadlines_upcoming(user=world.owner) == []


def test_same_deadlines_as_the_outcome_tab(world: World) -> None:
    """record_deadlines re-implements the Outcome tab's rules on prefetched rows: they must agree."""
    today = _today()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=100))
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="filings",
        data={
            "kind": "state_habeas",
            "court": "Superior Court",
            "filed_on": (today - dt.timedelta(days=60)).isoformat(),
            "decided_on": (today - dt.timedelta(days=20)).isoformat(),
        },
    )
    release_for_pc4901_due(world.owner, world.case, today + dt.timedelta(days=300))
    case = world.case
    ours = record_deadlines(case, case.filings.all(), case.resolution_events.all())
    theirs = case_outcome_summary(case).deadlines
    assert [(d.rule_id, d.due, d.source) for d in ours] == [
        (d.rule_id, d.due, d.source) for d in theirs
    ]
    assert ours[0].due == today + dt.timedelta(days=140)  # 40 days tolled by the state petition


def _case_with_both_deadlines(
    world: World, surname: str, docket: str, today: dt.date, aedpa_in: int, pc4901_in: int
) -> Case:
    """Another case of the owner's whose AEDPA and PC 4901 deadlines fall so many days from today."""
    case = other_case(world.owner, title=f"People v. {surname}", surname=surname, docket=docket)
    direct_appeal_for_aedpa_due(world.owner, case, today + dt.timedelta(days=aedpa_in))
    release_for_pc4901_due(world.owner, case, today + dt.timedelta(days=pc4901_in))
    return case


def test_query_count_does_not_grow_with_cases(
    world: World, django_assert_max_num_queries: Any
) -> None:
    today = _today()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=15))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            deadlines_upcoming(user=world.owner)
        return len(ctx.captured_queries)

    one = count()
    for i in range(6):
        case = _case_with_both_deadlines(world, f"Example{i}", f"QC-{i}", today, 20 + i, 25 + i)
        deadline_add(
            actor=world.owner,
            case_ref=case.ref,
            data={"title": "Brief", "due_on": today + dt.timedelta(days=3)},
        )
    assert len(deadlines_upcoming(user=world.owner)) == 1 + 6 * 3
    assert count() == one


def test_cases_beyond_one_in_list_keep_their_records(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records are read by case id IDS_PER_QUERY at a time: every batch's records reach its case."""
    today = _today()
    for i in range(5):
        _case_with_both_deadlines(world, f"Batch{i}", f"BT-{i}", today, 20 + i, 30 + i)

    def due_dates() -> list[tuple[str, dt.date]]:
        return sorted((row.case_ref, row.due) for row in deadlines_upcoming(user=world.owner))

    whole = due_dates()
    monkeypatch.setattr(deadline_selectors, "IDS_PER_QUERY", 2)
    assert due_dates() == whole
    assert len(whole) == 10


def test_cases_without_trigger_dates_are_not_loaded(world: World) -> None:
    """The computed part asks only for cases with a decided direct appeal or a CA ending event."""
    with CaptureQueriesContext(connection) as ctx:
        assert deadlines_upcoming(user=world.owner) == []
    case_selects = [
        q["sql"] for q in ctx.captured_queries if 'FROM "cases_case"' in q["sql"].split("WHERE")[0]
    ]
    assert case_selects and all("cases_postconvictionfiling" in sql for sql in case_selects)


def test_reads_are_audited_once(world: World, dated: dict[str, Any]) -> None:
    api = Api(world.member)
    before = AuditEvent.objects.count()
    assert api.get("/deadlines", within_days=45).status_code == 200
    event = AuditEvent.objects.latest("seq")
    assert AuditEvent.objects.count() == before + 1
    assert (
        event.action == "deadlines.list"
        and event.username == "member"
        and event.detail["within_days"] == 45
    )
    deadlines_upcoming(user=world.member)  # the selector itself writes nothing
    assert AuditEvent.objects.count() == before + 1


def test_case_deadlines_include_done_custom_last(world: World, dated: dict[str, Any]) -> None:
    case, rows = case_deadlines(user=world.auditor, ref=world.case.ref)
    assert case == world.case
    assert rows[-1].name == "Already filed" and rows[-1].done_at is not None
    assert {r.kind for r in rows} == {"computed", "custom"} and len(rows) == 5


def test_a_second_organization_member_on_an_active_share_sees_it(world: World) -> None:
    """Visibility is case_queryset's: a shared case's team member from the partner organization sees its deadlines."""
    from habeas.cases.services.team import case_share_grant, team_member_add

    partner = make_user("partner", world.org_b, "attorney")
    direct_appeal_for_aedpa_due(world.owner, world.case, _today() + dt.timedelta(days=12))
    case_share_grant(actor=world.admin, case_ref=world.case.ref, organization_code="exip")
    team_member_add(actor=world.owner, case_ref=world.case.ref, username="partner")
    assert [r.case_ref for r in deadlines_upcoming(user=partner)] == [world.case.ref]
    assert deadlines_upcoming(user=world.outsider) == []
