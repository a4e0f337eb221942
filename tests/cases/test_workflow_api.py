"""Stage transitions with their guards, the screening checklist, committee votes and recusals."""

from __future__ import annotations

from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case, Person
from tests.clients import Api
from tests.conftest import World, make_user


def _move(api: Api, ref: str, target: str, reason_code: str = "") -> Any:
    return api.post(
        f"/cases/{ref}/transitions",
        {"target": target, "reason": f"To {target}", "reason_code": reason_code},
    )


def _refusal(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.json()
    fields: dict[str, list[str]] = response.json()["fields"]
    return fields


def _at_decision(world: World) -> None:
    Case.objects.filter(pk=world.case.pk).update(stage="decision")


def test_a_case_goes_from_intake_to_closed_through_its_guards(world: World) -> None:
    owner, ref = Api(world.owner), world.case.ref
    assert "target" in _refusal(_move(owner, ref, "closed"))
    assert "reason" in _refusal(
        owner.post(f"/cases/{ref}/transitions", {"target": "screening", "reason": " "})
    )
    moved = _move(owner, ref, "screening")
    assert moved.status_code == 201
    assert {k: moved.json()[k] for k in ("from_stage", "to_stage", "by")} == {
        "from_stage": "intake",
        "to_stage": "screening",
        "by": "owner",
    }

    # Screening: the checklist must be complete, and accepting needs a reason code.
    checklist = owner.get(f"/cases/{ref}/screening").json()
    assert checklist and {c["answer"] for c in checklist} == {"unknown"}
    assert "checklist" in _refusal(_move(owner, ref, "record_gathering", "meets_criteria"))
    keys = [c["key"] for c in checklist]
    answered = owner.send(
        "put",
        f"/cases/{ref}/screening",
        {"answers": {k: {"answer": "yes", "note": "Checked"} for k in keys}},
    )
    assert answered.status_code == 200 and {(c["answer"], c["note"]) for c in answered.json()} == {
        ("yes", "Checked")
    }
    assert "reason_code" in _refusal(_move(owner, ref, "record_gathering"))
    assert _move(owner, ref, "record_gathering", "meets_criteria").status_code == 201
    assert _move(owner, ref, "reinvestigation").status_code == 201
    assert _move(owner, ref, "decision").status_code == 201
    assert owner.get(f"/cases/{ref}").json()["allowed_next_stages"] == [
        "reinvestigation",
        "resolution",
        "declined",
    ]

    # Decision: a quorum (3) of votes and a majority for relief.
    assert "votes" in _refusal(_move(owner, ref, "resolution"))
    owner.post(f"/cases/{ref}/team", {"username": "nonmember"})
    for voter in (world.owner, world.nonmember, world.admin):
        assert (
            Api(voter)
            .post(f"/cases/{ref}/votes", {"vote": "support_relief", "rationale": "New DNA result"})
            .status_code
            == 201
        )
    assert {v["voter"] for v in owner.get(f"/cases/{ref}/votes").json()} == {
        "owner",
        "nonmember",
        "admin",
    }
    assert _move(owner, ref, "resolution").status_code == 201

    # Resolution: closing needs a recorded resolution event.
    assert "resolution" in _refusal(_move(owner, ref, "closed"))
    owner.post(f"/cases/{ref}/resolutions", {"kind": "vacated", "occurred_on": "2021-10-19"})
    assert _move(owner, ref, "closed").status_code == 201
    history = owner.get(f"/cases/{ref}/transitions").json()
    assert [t["to_stage"] for t in history] == [
        "intake",
        "screening",
        "record_gathering",
        "reinvestigation",
        "decision",
        "resolution",
        "closed",
    ]
    assert history[2]["reason_code"] == "meets_criteria"


def test_screening_answers_are_checked(world: World) -> None:
    owner, ref = Api(world.owner), world.case.ref
    refused = owner.send(
        "put", f"/cases/{ref}/screening", {"answers": {"felony": {"answer": "yes"}}}
    )
    assert refused.status_code == 400  # only while in screening
    _move(owner, ref, "screening")
    fields = _refusal(
        owner.send(
            "put",
            f"/cases/{ref}/screening",
            {"answers": {"felony": {"answer": "maybe"}, "astrology": {"answer": "yes"}}},
        )
    )
    assert set(fields) == {"felony", "astrology"}
    assert "felony" in _refusal(
        owner.send(
            "put",
            f"/cases/{ref}/screening",
            {"answers": {"felony": {"answer": "yes", "note": "n" * 501}}},
        )
    )
    assert (
        owner.send("put", f"/cases/{ref}/screening", {"answers": {"felony": "yes"}}).status_code
        == 422
    )
    assert {c["answer"] for c in owner.get(f"/cases/{ref}/screening").json()} == {"unknown"}


def test_votes_are_for_committee_members_at_the_decision_stage(world: World) -> None:
    ref = world.case.ref
    assert (
        Api(world.owner).post(f"/cases/{ref}/votes", {"vote": "support_relief"}).status_code == 400
    )  # still at intake
    _at_decision(world)
    assert (
        Api(world.member).post(f"/cases/{ref}/votes", {"vote": "support_relief"}).status_code == 403
    )  # investigators do not vote
    assert (
        Api(world.auditor).post(f"/cases/{ref}/votes", {"vote": "support_relief"}).status_code
        == 403
    )
    assert "vote" in _refusal(Api(world.owner).post(f"/cases/{ref}/votes", {"vote": "yes"}))
    first = Api(world.owner).post(f"/cases/{ref}/votes", {"vote": "deny_relief"})
    second = Api(world.owner).post(
        f"/cases/{ref}/votes", {"vote": "support_relief"}
    )  # a change of mind replaces the vote
    assert first.status_code == second.status_code == 201
    assert [
        (v["voter"], v["vote"]) for v in Api(world.auditor).get(f"/cases/{ref}/votes").json()
    ] == [("owner", "support_relief")]


def test_a_former_prosecutor_of_the_case_cannot_vote(world: World) -> None:
    ref = world.case.ref
    _at_decision(world)
    reviewer: User = make_user("reviewer", world.org_a, "reviewer")
    owner = Api(world.owner)
    assert owner.post(f"/cases/{ref}/team", {"username": "reviewer"}).status_code == 201
    prosecutor = Person.objects.create(
        organization=world.org_a, first_name="Dana", last_name="Reyes", user=reviewer
    )
    assert (
        owner.post(
            f"/cases/{ref}/people", {"person": prosecutor.pk, "role": "prosecutor"}
        ).status_code
        == 201
    )

    refused = Api(reviewer).post(f"/cases/{ref}/votes", {"vote": "support_relief"})
    assert refused.status_code == 403 and "prosecuted the original case" in refused.json()["detail"]
    assert owner.get(f"/cases/{ref}/votes").json() == []
    assert (
        owner.post(f"/cases/{ref}/votes", {"vote": "support_relief"}).status_code == 201
    )  # others still vote


def test_a_recorded_recusal_withdraws_the_vote_and_blocks_the_next(world: World) -> None:
    ref = world.case.ref
    _at_decision(world)
    owner, admin = Api(world.owner), Api(world.admin)
    assert admin.post(f"/cases/{ref}/votes", {"vote": "deny_relief"}).status_code == 201
    recused = owner.post(
        f"/cases/{ref}/recusals", {"username": "admin", "reason": "Supervised the trial deputy"}
    )
    assert recused.status_code == 201 and recused.json()["recorded_by"] == "owner"
    assert owner.get(f"/cases/{ref}/votes").json() == []
    assert admin.post(f"/cases/{ref}/votes", {"vote": "deny_relief"}).status_code == 403
    assert [r["username"] for r in owner.get(f"/cases/{ref}/recusals").json()] == ["admin"]

    assert "reason" in _refusal(
        owner.post(f"/cases/{ref}/recusals", {"username": "owner", "reason": "  "})
    )
    assert "username" in _refusal(
        owner.post(f"/cases/{ref}/recusals", {"username": "outsider", "reason": "x"})
    )  # other org
    assert (
        Api(world.member)
        .post(f"/cases/{ref}/recusals", {"username": "owner", "reason": "x"})
        .status_code
        == 403
    )
    assert (
        Api(world.member)
        .post(f"/cases/{ref}/recusals", {"username": "member", "reason": "Knows the family"})
        .status_code
        == 201
    )


def test_only_attorneys_and_admins_move_cases(world: World) -> None:
    ref = world.case.ref
    for user in (world.member, world.auditor):
        assert _move(Api(user), ref, "screening").status_code == 403
    assert Api(world.admin).get(f"/cases/{ref}/transitions").json()[0]["to_stage"] == "intake"
    assert _move(Api(world.admin), ref, "withdrawn").status_code == 201
