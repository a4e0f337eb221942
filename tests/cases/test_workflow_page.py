"""Workflow on the case page: screening checklist, transitions, committee votes, recusals, resolution."""

from __future__ import annotations

from typing import Any

from habeas.accounts.services import user_create
from habeas.cases.models import (
    Case,
    CasePerson,
    CommitteeVote,
    Person,
    PersonRole,
    Recusal,
    ResolutionEvent,
    StageTransition,
)
from habeas.cases.services.team import team_member_add
from habeas.cases.services.workflow import case_transition
from tests.cases.helpers import answer_all, to_decision
from tests.conftest import PASSWORD, World


def _stage(world: World) -> str:
    return Case.objects.values_list("stage", flat=True).get(pk=world.case.pk)


def test_accept_without_the_checklist_shows_the_errors_and_keeps_the_input(
    world: World, client_for: Any
) -> None:
    ref = world.case.ref
    case_transition(
        actor=world.owner, case_ref=ref, target="screening", reason="Application complete"
    )
    response = client_for(world.owner).post(
        f"/cases/{ref}/transition/",
        {
            "target": "record_gathering",
            "reason": "Looks strong",
            "reason_code": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "The case cannot move to Record gathering." in body
    assert "Complete the screening checklist first" in body and 'href="#screening"' in body
    assert 'id="transition-code-errors"' in body and "Choose a reason code" in body
    assert ">Looks strong</textarea>" in body  # the reason typed is kept
    assert _stage(world) == "screening"
    assert StageTransition.objects.filter(case=world.case, to_stage="record_gathering").count() == 0


def test_screening_to_accept_through_the_pages(world: World, client_for: Any) -> None:
    ref = world.case.ref
    client = client_for(world.owner)
    moved = client.post(
        f"/cases/{ref}/transition/",
        {"target": "screening", "reason": "Application and consent received"},
        follow=True,
    )
    assert "Moved to Screening." in moved.content.decode()
    page = client.get(f"/cases/{ref}/?tab=workflow").content.decode()
    keys = [
        "jurisdiction",
        "felony",
        "factual_innocence",
        "new_evidence",
        "consent",
        "no_bar_litigation",
    ]
    for key in keys:
        assert f'name="answer-{key}"' in page
    answers = {f"answer-{k}": "yes" for k in keys} | {"note-felony": "PC 187 murder"}
    saved = client.post(f"/cases/{ref}/screening/", answers, follow=True)
    assert (
        "Screening checklist saved." in saved.content.decode()
        and 'value="PC 187 murder"' in saved.content.decode()
    )
    accepted = client.post(
        f"/cases/{ref}/transition/",
        {
            "target": "record_gathering",
            "reason": "Meets every criterion",
            "reason_code": "meets_criteria",
        },
    )
    assert accepted.status_code == 302 and accepted["Location"] == f"/cases/{ref}/?tab=workflow"
    assert _stage(world) == "record_gathering"
    history = client.get(f"/cases/{ref}/?tab=workflow").content.decode()
    assert (
        "meets_criteria" in history
        and "Meets every screening criterion" in history
        and "Meets every criterion" in history
    )
    letters = client.get(f"/cases/{ref}/?tab=letters").content.decode()
    assert "Fits the case's history" in letters


def test_bad_screening_answer_is_shown_with_its_criterion(world: World, client_for: Any) -> None:
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Complete")
    response = client_for(world.owner).post(
        f"/cases/{ref}/screening/", {"answer-felony": "maybe", "note-felony": "?"}
    )
    body = response.content.decode()
    assert (
        response.status_code == 400
        and "Answer yes, no or unknown." in body
        and 'id="crit-felony-errors"' in body
    )


def test_failing_criterion_accepts_only_by_exception(world: World, client_for: Any) -> None:
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Complete")
    answer_all(world)
    client_for(world.owner).post(f"/cases/{ref}/screening/", {"answer-new_evidence": "no"})
    refused = client_for(world.owner).post(
        f"/cases/{ref}/transition/",
        {"target": "record_gathering", "reason": "r", "reason_code": "meets_criteria"},
    )
    assert refused.status_code == 400 and "accept only with reason code" in refused.content.decode()
    ok = client_for(world.owner).post(
        f"/cases/{ref}/transition/",
        {"target": "record_gathering", "reason": "Strong alibi", "reason_code": "exception"},
    )
    assert ok.status_code == 302 and _stage(world) == "record_gathering"


def test_decline_at_screening_needs_a_decline_code(world: World, client_for: Any) -> None:
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Complete")
    answer_all(world, "no")
    client = client_for(world.owner)
    assert (
        client.post(
            f"/cases/{ref}/transition/",
            {"target": "declined", "reason": "Not ours", "reason_code": "meets_criteria"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/cases/{ref}/transition/",
            {"target": "declined", "reason": "Not ours", "reason_code": "outside_jurisdiction"},
        ).status_code
        == 302
    )
    assert _stage(world) == "declined"
    page = client.get(f"/cases/{ref}/?tab=workflow").content.decode()
    assert "It can be reopened by moving it back to intake." in page and 'value="intake"' in page


def test_committee_votes_and_a_prosecutor_on_the_case_cannot_vote(
    world: World, client_for: Any
) -> None:
    ref = world.case.ref
    to_decision(world)
    reviewer = user_create(
        username="reviewer",
        password=PASSWORD,
        organization=world.org_a,
        role="reviewer",
        check_password=False,
    )
    team_member_add(actor=world.owner, case_ref=ref, username="reviewer")
    # The reviewer prosecuted the original case: linked through a Person record.
    person = Person.objects.create(
        organization=world.org_a, first_name="Dana", last_name="Whitfield", user=reviewer
    )
    CasePerson.objects.create(case=world.case, person=person, role=PersonRole.PROSECUTOR)

    page = client_for(reviewer).get(f"/cases/{ref}/?tab=workflow").content.decode()
    assert "You are recused from this case" in page and "prosecuted the original case" in page
    assert 'id="vote-choice"' not in page
    refused = client_for(reviewer).post(f"/cases/{ref}/vote/", {"vote": "support_relief"})
    assert (
        refused.status_code == 403
        and "You are recused from this case (prosecuted the original case)."
        in refused.content.decode()
    )
    assert not CommitteeVote.objects.filter(voter=reviewer).exists()

    owner = client_for(world.owner)
    voted = owner.post(
        f"/cases/{ref}/vote/",
        {"vote": "support_relief", "rationale": "Identification unreliable"},
        follow=True,
    )
    assert (
        "Vote recorded." in voted.content.decode()
        and "Identification unreliable" in voted.content.decode()
    )
    assert "1 of 3" in voted.content.decode()
    bad = owner.post(f"/cases/{ref}/vote/", {"vote": "maybe"})
    assert bad.status_code == 400 and "Choose one of" in bad.content.decode()
    # Quorum not reached: the decision cannot be recorded yet.
    early = owner.post(f"/cases/{ref}/transition/", {"target": "resolution", "reason": "Relief"})
    assert early.status_code == 400 and "needs 3 recorded votes; 1 so far" in early.content.decode()


def test_recusal_form_removes_the_vote_and_explains(world: World, client_for: Any) -> None:
    ref = world.case.ref
    to_decision(world)
    client_for(world.owner).post(f"/cases/{ref}/vote/", {"vote": "deny_relief"})
    missing = client_for(world.owner).post(
        f"/cases/{ref}/recusal/", {"username": "owner", "reason": " "}
    )
    assert missing.status_code == 400 and "A recusal needs a reason." in missing.content.decode()
    done = client_for(world.owner).post(
        f"/cases/{ref}/recusal/",
        {"username": "owner", "reason": "Supervised the trial deputy"},
        follow=True,
    )
    body = done.content.decode()
    assert "Recusal of owner recorded." in body and "Supervised the trial deputy" in body
    assert "You are recused from this case" in body
    assert Recusal.objects.filter(case=world.case, user=world.owner).exists()
    assert not CommitteeVote.objects.filter(case=world.case, voter=world.owner).exists()
    again = client_for(world.owner).post(f"/cases/{ref}/vote/", {"vote": "deny_relief"})
    assert again.status_code == 403 and "Supervised the trial deputy" in again.content.decode()


def test_full_decision_resolution_and_close(world: World, client_for: Any) -> None:
    ref = world.case.ref
    to_decision(world)
    reviewer = user_create(
        username="reviewer",
        password=PASSWORD,
        organization=world.org_a,
        role="reviewer",
        check_password=False,
    )
    team_member_add(actor=world.owner, case_ref=ref, username="reviewer")
    for user in (world.owner, world.admin, reviewer):
        assert (
            client_for(user).post(f"/cases/{ref}/vote/", {"vote": "support_relief"}).status_code
            == 302
        )
    owner = client_for(world.owner)
    assert (
        owner.post(
            f"/cases/{ref}/transition/",
            {"target": "resolution", "reason": "Committee supports relief"},
        ).status_code
        == 302
    )
    early_close = owner.post(f"/cases/{ref}/transition/", {"target": "closed", "reason": "Done"})
    assert (
        early_close.status_code == 400
        and "Record at least one resolution event" in early_close.content.decode()
    )
    added = owner.post(
        f"/cases/{ref}/records/resolutions/",
        {
            "kind": "factual_innocence",
            "occurred_on": "2022-04-15",
            "court": "Los Angeles Superior Court",
            "statute": "Cal. Penal Code 1485.55",
            "standard_of_proof": "preponderance of the evidence",
        },
        follow=True,
    )
    body = added.content.decode()
    assert (
        "Factual-innocence finding" in body
        and "Cal. Penal Code 1485.55" in body
        and "preponderance of the evidence" in body
    )
    assert ResolutionEvent.objects.get(case=world.case).recorded_by == world.owner
    # Investigators may not record resolution events; nobody may delete one.
    assert (
        client_for(world.member)
        .post(
            f"/cases/{ref}/records/resolutions/", {"kind": "released", "occurred_on": "2022-04-16"}
        )
        .status_code
        == 403
    )
    event = ResolutionEvent.objects.get(case=world.case)
    assert owner.post(f"/cases/{ref}/records/resolutions/{event.pk}/delete/").status_code == 403
    assert (
        owner.post(
            f"/cases/{ref}/transition/", {"target": "closed", "reason": "Found factually innocent"}
        ).status_code
        == 302
    )
    assert _stage(world) == "closed"


def test_workflow_writes_by_the_auditor_are_403_and_change_nothing(
    world: World, client_for: Any
) -> None:
    ref = world.case.ref
    auditor = client_for(world.auditor)
    assert (
        auditor.post(
            f"/cases/{ref}/transition/", {"target": "screening", "reason": "x"}
        ).status_code
        == 403
    )
    assert auditor.post(f"/cases/{ref}/screening/", {"answer-felony": "yes"}).status_code == 403
    assert auditor.post(f"/cases/{ref}/vote/", {"vote": "support_relief"}).status_code == 403
    assert (
        auditor.post(f"/cases/{ref}/recusal/", {"username": "owner", "reason": "x"}).status_code
        == 403
    )
    assert _stage(world) == "intake" and not Recusal.objects.exists()
    for user in (world.outsider, world.nonmember):
        assert (
            client_for(user)
            .post(f"/cases/{ref}/transition/", {"target": "screening", "reason": "x"})
            .status_code
            == 404
        )
        assert (
            client_for(user).post(f"/cases/{ref}/vote/", {"vote": "support_relief"}).status_code
            == 404
        )
    assert _stage(world) == "intake"
