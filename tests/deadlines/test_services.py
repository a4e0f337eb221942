"""Custom deadlines: who may add, complete and delete them; value checks; the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from habeas.audit.models import AuditEvent
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.deadlines.models import CaseDeadline
from habeas.deadlines.services import deadline_add, deadline_delete, deadline_done_set
from tests.conftest import World

GOOD = {
    "title": "Reply to the return",
    "due_on": "2031-05-04",
    "rule": "Order to show cause, 30 days",
    "source": "Minute order of 4 Apr",
}


@pytest.mark.parametrize("persona", ["owner", "member", "admin"])
def test_team_and_admin_can_add(world: World, persona: str) -> None:
    deadline = deadline_add(actor=getattr(world, persona), case_ref=world.case.ref, data=GOOD)
    assert deadline.case == world.case and deadline.created_by == getattr(world, persona)
    assert deadline.title == "Reply to the return" and deadline.due_on == dt.date(2031, 5, 4)
    event = AuditEvent.objects.filter(action="deadlines.create").latest("seq")
    assert (
        event.case_id == world.case.pk
        and event.object_id == str(deadline.pk)
        and event.detail["due_on"] == "2031-05-04"
    )


def test_auditor_is_refused_and_outsiders_do_not_learn_the_case_exists(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        deadline_add(actor=world.auditor, case_ref=world.case.ref, data=GOOD)
    for user in (world.outsider, world.nonmember):
        with pytest.raises(NotFoundError):
            deadline_add(actor=user, case_ref=world.case.ref, data=GOOD)
    # The refusal comes before the values are looked at: bad input gives the same answer.
    with pytest.raises(NotFoundError):
        deadline_add(actor=world.outsider, case_ref=world.case.ref, data={"title": ""})
    assert not CaseDeadline.objects.exists()
    assert not AuditEvent.objects.filter(action="deadlines.create").exists()


def test_validation_names_every_bad_field(world: World) -> None:
    with pytest.raises(ApplicationError) as err:
        deadline_add(
            actor=world.owner,
            case_ref=world.case.ref,
            data={"title": "   ", "due_on": "2031-02-30", "source": "x" * 301},
        )
    assert set(err.value.fields) == {"title", "due_on", "source"}
    assert err.value.status_code == 400
    with pytest.raises(ApplicationError) as err:
        deadline_add(actor=world.owner, case_ref=world.case.ref, data={"title": "Brief"})
    assert set(err.value.fields) == {"due_on"}
    far = timezone.localdate().replace(year=timezone.localdate().year + 60, day=1).isoformat()
    for bad in ("1890-01-01", far):
        with pytest.raises(ApplicationError) as err:
            deadline_add(
                actor=world.owner, case_ref=world.case.ref, data={"title": "Brief", "due_on": bad}
            )
        assert "check the year" in err.value.fields["due_on"][0]
    assert not CaseDeadline.objects.exists()


def test_a_past_due_date_may_be_recorded(world: World) -> None:
    past = timezone.localdate() - dt.timedelta(days=3)
    deadline = deadline_add(
        actor=world.owner, case_ref=world.case.ref, data={"title": "Missed notice", "due_on": past}
    )
    assert deadline.due_on == past and deadline.rule == "" and deadline.source == ""


def test_done_and_reopen(world: World) -> None:
    deadline = deadline_add(actor=world.owner, case_ref=world.case.ref, data=GOOD)
    done = deadline_done_set(actor=world.member, case_ref=world.case.ref, deadline_id=deadline.pk)
    assert done.done_at is not None and done.done_by == world.member
    first = done.done_at
    again = deadline_done_set(actor=world.owner, case_ref=world.case.ref, deadline_id=deadline.pk)
    assert again.done_at == first and again.done_by == world.member  # the first completion is kept
    reopened = deadline_done_set(
        actor=world.owner, case_ref=world.case.ref, deadline_id=deadline.pk, done=False
    )
    assert reopened.done_at is None and reopened.done_by is None
    actions = list(
        AuditEvent.objects.filter(object_type="CaseDeadline")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["deadlines.create", "deadlines.done", "deadlines.done", "deadlines.reopen"]


def test_done_and_delete_refusals(world: World) -> None:
    deadline = deadline_add(actor=world.owner, case_ref=world.case.ref, data=GOOD)
    with pytest.raises(PermissionDeniedError):
        deadline_done_set(actor=world.auditor, case_ref=world.case.ref, deadline_id=deadline.pk)
    with pytest.raises(PermissionDeniedError):
        deadline_delete(actor=world.auditor, case_ref=world.case.ref, deadline_id=deadline.pk)
    for call in (deadline_done_set, deadline_delete):
        with pytest.raises(NotFoundError):
            call(actor=world.outsider, case_ref=world.case.ref, deadline_id=deadline.pk)
        with pytest.raises(NotFoundError):
            call(actor=world.owner, case_ref=world.case.ref, deadline_id=deadline.pk + 999)
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_a_deadline_is_reached_only_through_its_own_case(world: World) -> None:
    """An id from another case (here: one the user may also write) is not found under this case's ref."""
    from tests.deadlines.helpers import other_case

    second = other_case(world.owner)
    foreign = deadline_add(actor=world.owner, case_ref=second.ref, data=GOOD)
    with pytest.raises(NotFoundError):
        deadline_delete(actor=world.owner, case_ref=world.case.ref, deadline_id=foreign.pk)
    assert CaseDeadline.objects.filter(pk=foreign.pk).exists()


def test_delete_keeps_what_was_deleted_in_the_audit_log(world: World) -> None:
    deadline = deadline_add(actor=world.owner, case_ref=world.case.ref, data=GOOD)
    deadline_delete(actor=world.member, case_ref=world.case.ref, deadline_id=deadline.pk)
    assert not CaseDeadline.objects.exists()
    event = AuditEvent.objects.filter(action="deadlines.delete").get()
    assert (
        event.username == "member"
        and event.detail["title"] == GOOD["title"]
        and event.detail["source"] == GOOD["source"]
    )
