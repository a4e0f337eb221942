"""Statutory deadlines whose clock starts at a date the record does not hold (PC 1473.6 discovery,
PC 1417.9 destruction notice…): computed from the date the team enters, with the rule and statute."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from habeas.audit.models import AuditEvent
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.deadlines.models import CaseDeadline
from habeas.deadlines.selectors import deadlines_upcoming
from habeas.deadlines.services import deadline_from_trigger
from habeas.domain.deadlines import add_years, triggered_rule_choices
from tests.conftest import World


def test_pc_1473_6_runs_one_year_from_the_discovery(world: World) -> None:
    discovered = timezone.localdate() - dt.timedelta(days=300)
    deadline = deadline_from_trigger(
        actor=world.member,
        case_ref=world.case.ref,
        rule_id="ca_pc_1473_6",
        trigger_on=discovered.isoformat(),
    )
    assert deadline.due_on == add_years(discovered, 1)
    assert "1473.6" in deadline.title and "1473.6" in deadline.source
    assert (
        f"Computed from the date the official misconduct was discovered: {discovered.isoformat()}."
        in deadline.rule
    )
    assert AuditEvent.objects.filter(action="deadlines.create", case_id=world.case.pk).exists()
    # It alerts like any open deadline: due in about 65 days.
    rows = deadlines_upcoming(user=world.owner, within_days=90)
    assert any(r.name == deadline.title and r.source == deadline.source for r in rows)


def test_pc_1417_9_gives_180_days_from_the_notice(world: World) -> None:
    notice = timezone.localdate() - dt.timedelta(days=10)
    deadline = deadline_from_trigger(
        actor=world.owner, case_ref=world.case.ref, rule_id="ca_pc_1417_9", trigger_on=notice
    )
    assert deadline.due_on == notice + dt.timedelta(days=180)


@pytest.mark.parametrize(
    ("rule_id", "trigger", "field"),
    [
        ("ca_pc_4901", "2024-01-01", "rule_id"),  # computed from the record, not entered
        ("ca_pc_1473_6", "2024-02-30", "trigger_on"),
        ("ca_pc_1473_6", (timezone.localdate() + dt.timedelta(days=3)).isoformat(), "trigger_on"),
    ],
)
def test_bad_input_names_the_field(world: World, rule_id: str, trigger: str, field: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        deadline_from_trigger(
            actor=world.owner, case_ref=world.case.ref, rule_id=rule_id, trigger_on=trigger
        )
    assert field in caught.value.fields
    assert not CaseDeadline.objects.exists()


def test_who_may_record(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        deadline_from_trigger(
            actor=world.auditor,
            case_ref=world.case.ref,
            rule_id="ca_pc_1473_6",
            trigger_on="2025-01-01",
        )
    for user in (world.nonmember, world.outsider):
        with pytest.raises(NotFoundError):
            deadline_from_trigger(
                actor=user, case_ref=world.case.ref, rule_id="ca_pc_1473_6", trigger_on="2025-01-01"
            )


def test_page_and_api(world: World, client_for: Any) -> None:
    ref = world.case.ref
    page = client_for(world.owner).get(f"/cases/{ref}/?tab=outcome").content.decode()
    assert all(label in page for _, label in triggered_rule_choices())
    response = client_for(world.member).post(
        f"/deadlines/case/{ref}/from-rule/", {"rule_id": "ca_pc_1417_9", "trigger_on": "2025-06-01"}
    )
    assert response.status_code == 302 and CaseDeadline.objects.get().due_on == dt.date(
        2025, 11, 28
    )
    assert (
        client_for(world.outsider)
        .post(
            f"/deadlines/case/{ref}/from-rule/",
            {"rule_id": "ca_pc_1417_9", "trigger_on": "2025-06-01"},
        )
        .status_code
        == 404
    )
    api = client_for(world.owner).post(
        f"/api/v1/cases/{ref}/deadlines/from-rule",
        {"rule_id": "ca_pc_1473_6", "trigger_on": "2025-06-01"},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["due_on"] == "2026-06-01"
    bad = client_for(world.owner).post(
        f"/api/v1/cases/{ref}/deadlines/from-rule",
        {"rule_id": "nope", "trigger_on": "2025-06-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "rule_id" in bad.json()["fields"]
    outsider = client_for(world.outsider).post(
        f"/api/v1/cases/{ref}/deadlines/from-rule",
        {"rule_id": "ca_pc_1473_6", "trigger_on": "2025-06-01"},
        content_type="application/json",
    )
    assert outsider.status_code == 404 and CaseDeadline.objects.count() == 2
