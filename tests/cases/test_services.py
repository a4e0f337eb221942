from __future__ import annotations

from typing import Any

import pytest

from habeas.accounts.services import user_create
from habeas.cases.models import Case, Conviction, Party, Person, PersonRole
from habeas.cases.selectors import Access, case_access, case_get, case_list
from habeas.cases.services.children import case_child_create, case_child_delete, case_child_update
from habeas.cases.services.intake import case_intake, case_update
from habeas.cases.services.team import case_share_grant, case_share_revoke, team_member_add
from habeas.cases.services.workflow import (
    case_transition,
    recusal_record,
    screening_answers_set,
    vote_cast,
)
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from tests.conftest import PASSWORD, World, intake_payload

ALL_YES = dict.fromkeys(
    ("jurisdiction", "felony", "factual_innocence", "new_evidence", "consent", "no_bar_litigation"),
    ("yes", ""),
)


def test_intake_with_impossible_dates_writes_nothing(world: World) -> None:
    payload = intake_payload(docket="NEW-1")
    payload["sections"]["conviction"]["convicted_on"] = "2000-01-01"  # type: ignore[index]
    before = Case.objects.count()
    with pytest.raises(ApplicationError) as err:
        case_intake(actor=world.owner, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    assert "conviction.convicted_on" in err.value.fields
    assert Case.objects.count() == before and Party.objects.count() == 1


def test_duplicate_docket_in_one_court_is_refused(world: World) -> None:
    payload = intake_payload()  # same docket as the world case
    with pytest.raises(ApplicationError) as err:
        case_intake(actor=world.owner, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    assert "already recorded" in err.value.fields["conviction.docket_number"][0]
    with pytest.raises(ApplicationError):
        case_child_create(
            actor=world.owner,
            case_ref=world.case.ref,
            kind_slug="convictions",
            data={"court": "los angeles superior court", "docket_number": "ba200101"},
        )


def test_oversize_field_is_a_field_error(world: World) -> None:
    with pytest.raises(ApplicationError) as err:
        case_child_create(
            actor=world.owner, case_ref=world.case.ref, kind_slug="tasks", data={"title": "x" * 201}
        )
    assert "title" in err.value.fields


def test_students_and_auditors_cannot_open_cases(world: World) -> None:
    payload = intake_payload(docket="NEW-2")
    with pytest.raises(PermissionDeniedError):
        case_intake(actor=world.auditor, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]


def test_outsiders_cannot_read_or_write(world: World) -> None:
    for user in (world.outsider, world.nonmember):
        with pytest.raises(NotFoundError):
            case_get(user=user, ref=world.case.ref)
        with pytest.raises(NotFoundError):
            case_update(actor=user, case_ref=world.case.ref, data={"title": "x"})
    with pytest.raises(PermissionDeniedError):
        case_update(actor=world.auditor, case_ref=world.case.ref, data={"title": "x"})


def test_partial_update_keeps_other_fields(world: World) -> None:
    task: Any = case_child_create(
        actor=world.member,
        case_ref=world.case.ref,
        kind_slug="tasks",
        data={"title": "Request file", "due_on": "2030-01-01"},
    )
    case_child_update(
        actor=world.member,
        case_ref=world.case.ref,
        kind_slug="tasks",
        pk=task.pk,
        data={"title": "Request DA file"},
    )
    task.refresh_from_db()
    assert task.title == "Request DA file" and str(task.due_on) == "2030-01-01"


def test_notes_cannot_be_deleted_and_records_of_other_cases_are_invisible(world: World) -> None:
    note = case_child_create(
        actor=world.member,
        case_ref=world.case.ref,
        kind_slug="notes",
        data={"body": "Called the witness."},
    )
    with pytest.raises(PermissionDeniedError):
        case_child_delete(actor=world.owner, case_ref=world.case.ref, kind_slug="notes", pk=note.pk)
    other = case_intake(actor=world.nonmember, **_payload("OTHER-1"))
    with pytest.raises(NotFoundError):
        case_child_update(
            actor=world.nonmember,
            case_ref=other.ref,
            kind_slug="notes",
            pk=note.pk,
            data={"body": "x"},
        )


def _payload(docket: str) -> dict[str, Any]:
    p = intake_payload(docket=docket)
    return {"case": p["case"], "sections": p["sections"]}


def test_sharing_grants_and_revokes_partner_access(world: World) -> None:
    partner_admin = user_create(
        username="partner-admin",
        password=PASSWORD,
        organization=world.org_b,
        role="admin",
        check_password=False,
    )
    assert case_access(partner_admin, world.case) is Access.NONE
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    assert case_access(partner_admin, world.case) is Access.WRITE
    team_member_add(actor=partner_admin, case_ref=world.case.ref, username="outsider")
    assert list(case_list(user=world.outsider)) == [world.case]
    case_share_revoke(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    assert list(case_list(user=world.outsider)) == []
    assert case_access(partner_admin, world.case) is Access.NONE


def test_walk_to_resolution_with_recusal(world: World) -> None:
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Letter received")
    with pytest.raises(ApplicationError):
        case_transition(
            actor=world.owner,
            case_ref=ref,
            target="record_gathering",
            reason="ok",
            reason_code="meets_criteria",
        )
    screening_answers_set(actor=world.owner, case_ref=ref, answers=ALL_YES)
    with pytest.raises(PermissionDeniedError):
        case_transition(
            actor=world.member,
            case_ref=ref,
            target="record_gathering",
            reason="ok",
            reason_code="meets_criteria",
        )
    case_transition(
        actor=world.owner,
        case_ref=ref,
        target="record_gathering",
        reason="ok",
        reason_code="meets_criteria",
    )
    case_transition(actor=world.owner, case_ref=ref, target="reinvestigation", reason="records in")
    case_transition(actor=world.owner, case_ref=ref, target="decision", reason="ready")

    # The nonmember attorney prosecuted the original case: recused even though on the team.
    team_member_add(actor=world.owner, case_ref=ref, username="nonmember")
    prosecutor = Person.objects.create(
        organization=world.org_a, last_name="Nonmember", user=world.nonmember
    )
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="people",
        data={"person": prosecutor.pk, "role": PersonRole.PROSECUTOR},
    )
    with pytest.raises(PermissionDeniedError, match="recused"):
        vote_cast(actor=world.nonmember, case_ref=ref, vote="support_relief")

    reviewer = user_create(
        username="rev",
        password=PASSWORD,
        organization=world.org_a,
        role="reviewer",
        check_password=False,
    )
    team_member_add(actor=world.owner, case_ref=ref, username="rev")
    vote_cast(actor=world.owner, case_ref=ref, vote="support_relief")
    vote_cast(actor=reviewer, case_ref=ref, vote="support_relief")
    with pytest.raises(ApplicationError, match="cannot move"):
        case_transition(actor=world.owner, case_ref=ref, target="resolution", reason="relief")
    vote_cast(actor=world.admin, case_ref=ref, vote="deny_relief")
    recusal_record(
        actor=world.owner, case_ref=ref, username="admin", reason="Supervised the trial team"
    )
    with pytest.raises(ApplicationError):  # the admin's vote no longer counts: below quorum
        case_transition(actor=world.owner, case_ref=ref, target="resolution", reason="relief")
    team_member_add(actor=world.owner, case_ref=ref, username="member")
    third = user_create(
        username="rev2",
        password=PASSWORD,
        organization=world.org_a,
        role="attorney",
        check_password=False,
    )
    team_member_add(actor=world.owner, case_ref=ref, username="rev2")
    vote_cast(actor=third, case_ref=ref, vote="support_relief")
    case_transition(
        actor=world.owner, case_ref=ref, target="resolution", reason="Committee supports relief"
    )
    with pytest.raises(ApplicationError) as err:
        case_transition(actor=world.owner, case_ref=ref, target="closed", reason="done")
    assert "resolution" in err.value.fields
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="resolutions",
        data={"kind": "vacated", "occurred_on": "2021-10-19", "court": "LA Superior Court"},
    )
    with pytest.raises(ApplicationError):  # before the conviction
        case_child_create(
            actor=world.owner,
            case_ref=ref,
            kind_slug="resolutions",
            data={"kind": "released", "occurred_on": "2001-01-01"},
        )
    lead: Any = case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="leads",
        data={"description": "Getaway driver named the shooter"},
    )
    case_transition(
        actor=world.owner, case_ref=ref, target="closed", reason="Vacated and dismissed"
    )
    lead.refresh_from_db()
    assert lead.status == "open"
    stages = list(world.case.transitions.values_list("to_stage", flat=True))
    assert stages == [
        "intake",
        "screening",
        "record_gathering",
        "reinvestigation",
        "decision",
        "resolution",
        "closed",
    ]


def test_conviction_owner_key_is_set(world: World) -> None:
    conviction = Conviction.objects.get(case=world.case)
    assert conviction.organization_id_key == world.org_a.pk


def test_backdated_transition_must_follow_history_and_not_be_future(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    ref = world.case.ref
    opened = world.case.transitions.get().at
    assert (
        opened.date().isoformat() == "2024-03-01"
    )  # the intake stage began when the application arrived
    with pytest.raises(ApplicationError) as err:
        case_transition(
            actor=world.owner,
            case_ref=ref,
            target="screening",
            reason="r",
            effective_at=opened - dt.timedelta(days=1),
        )
    assert "effective_at" in err.value.fields
    with pytest.raises(ApplicationError):
        case_transition(
            actor=world.owner,
            case_ref=ref,
            target="screening",
            reason="r",
            effective_at=timezone.now() + dt.timedelta(days=1),
        )
    moved = case_transition(
        actor=world.owner,
        case_ref=ref,
        target="screening",
        reason="r",
        effective_at=opened + dt.timedelta(days=30),
    )
    assert moved.stage_changed_at == opened + dt.timedelta(days=30)
