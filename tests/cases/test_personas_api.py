"""Every case endpoint for each persona of the shared world (tests/conftest.py).

READ: owner, member and auditor 200; nonmember and outsider 404 (and the case is absent from lists).
WRITE (any writer role): owner and member 2xx; auditor 403; the others 404.
MANAGE (attorneys and admins: stage, team, sharing, recusing others): owner 2xx; member and auditor 403.
Nothing a refused request touches is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from habeas.cases.services.children import case_child_create
from habeas.cases.services.kinds import KINDS
from habeas.cases.services.workflow import case_transition
from tests.clients import Api, case_data_counts
from tests.conftest import World

READ, WRITE, MANAGE = "read", "write", "manage"
EXPECTED = {
    READ: {"owner": True, "member": True, "auditor": True, "nonmember": 404, "outsider": 404},
    WRITE: {"owner": True, "member": True, "auditor": 403, "nonmember": 404, "outsider": 404},
    MANAGE: {"owner": True, "member": 403, "auditor": 403, "nonmember": 404, "outsider": 404},
}


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # {ref}, {task}, {note} are filled in
    access: str
    body: dict[str, Any] | None = None


CALLS = [
    Call("GET", "/cases/{ref}", READ),
    *(Call("GET", f"/cases/{{ref}}/{slug}", READ) for slug in KINDS),
    *(
        Call("GET", f"/cases/{{ref}}/{part}", READ)
        for part in ("transitions", "screening", "votes", "recusals", "team", "shares")
    ),
    Call("PATCH", "/cases/{ref}", WRITE, {"summary": "Reviewed"}),
    Call("POST", "/cases/{ref}/tasks", WRITE, {"title": "Request the trial file"}),
    Call("PATCH", "/cases/{ref}/tasks/{task}", WRITE, {"title": "Request both trial files"}),
    Call("DELETE", "/cases/{ref}/tasks/{task}", WRITE),
    Call(
        "POST",
        "/cases/{ref}/facts",
        WRITE,
        {"key": "sentence", "value": "40 years to life", "source": "Abstract"},
    ),
    Call("PATCH", "/cases/{ref}/notes/{note}", WRITE, {"privileged": False}),
    Call("PUT", "/cases/{ref}/screening", WRITE, {"answers": {"felony": {"answer": "yes"}}}),
    Call(
        "POST",
        "/cases/{ref}/recusals",
        MANAGE,
        {"username": "nonmember", "reason": "Was the trial deputy's supervisor"},
    ),
    Call("POST", "/cases/{ref}/team", MANAGE, {"username": "nonmember"}),
    Call("DELETE", "/cases/{ref}/team/nonmember", MANAGE),
    Call("POST", "/cases/{ref}/shares", MANAGE, {"organization": "exip"}),
    Call("DELETE", "/cases/{ref}/shares/exip", MANAGE),
    Call(
        "POST", "/cases/{ref}/resolutions", MANAGE, {"kind": "vacated", "occurred_on": "2021-10-19"}
    ),
    Call(
        "POST",
        "/cases/{ref}/transitions",
        MANAGE,
        {"target": "withdrawn", "reason": "Applicant withdrew"},
    ),
]


@pytest.mark.parametrize("persona", ["owner", "member", "auditor", "nonmember", "outsider"])
def test_every_case_endpoint_answers_each_persona(world: World, persona: str) -> None:
    ref = world.case.ref
    case_transition(
        actor=world.owner, case_ref=ref, target="screening", reason="Complete application"
    )
    task = case_child_create(
        actor=world.owner, case_ref=ref, kind_slug="tasks", data={"title": "Interview"}
    )
    note = case_child_create(
        actor=world.owner, case_ref=ref, kind_slug="notes", data={"body": "Theory"}
    )
    api = Api(getattr(world, persona))
    for call in CALLS:
        expected = EXPECTED[call.access][persona]
        path = call.path.format(ref=ref, task=task.pk, note=note.pk)
        before = case_data_counts() if expected is not True else None
        response = api.get(path) if call.method == "GET" else api.send(call.method, path, call.body)
        label = f"{persona} {call.method} {path}: {response.status_code} {response.content[:200]!r}"
        if expected is True:
            assert 200 <= response.status_code < 300, label
        else:
            assert response.status_code == expected, label
            assert case_data_counts() == before, f"{label} wrote something"
        if response.status_code == 404:
            assert response.json() == {"detail": "Case not found.", "fields": {}}, label

    listed = [row["ref"] for row in api.get("/cases").json()["results"]]
    assert (ref in listed) == (EXPECTED[READ][persona] is True)


def test_other_organizations_see_a_shared_case_only_through_its_team(world: World) -> None:
    ref, owner, outsider = world.case.ref, Api(world.owner), Api(world.outsider)
    assert owner.post(f"/cases/{ref}/shares", {"organization": "exip"}).status_code == 201
    assert outsider.get(f"/cases/{ref}").status_code == 404  # shared, but not on the team
    assert owner.post(f"/cases/{ref}/team", {"username": "outsider"}).status_code == 201
    assert outsider.get(f"/cases/{ref}").status_code == 200
    assert (
        outsider.post(f"/cases/{ref}/shares", {"organization": "exip"}).status_code == 403
    )  # only the owner shares
    assert [s["organization"] for s in owner.get(f"/cases/{ref}/shares").json()] == ["exip"]
    assert owner.delete(f"/cases/{ref}/shares/exip").status_code == 204
    assert outsider.get(f"/cases/{ref}").status_code == 404
    assert ref not in str(outsider.get("/cases").json())
    shares = owner.get(f"/cases/{ref}/shares").json()
    assert shares[0]["revoked_at"] is not None  # kept as history
    assert owner.delete(f"/cases/{ref}/shares/exip").status_code == 400


def test_team_changes_are_checked(world: World) -> None:
    ref, owner = world.case.ref, Api(world.owner)
    assert (
        "username" in owner.post(f"/cases/{ref}/team", {"username": "outsider"}).json()["fields"]
    )  # other org, not shared
    assert (
        "role"
        in owner.post(f"/cases/{ref}/team", {"username": "nonmember", "role": "boss"}).json()[
            "fields"
        ]
    )
    assert (
        owner.post(f"/cases/{ref}/team", {"username": "nonmember", "role": "lead"}).json()["role"]
        == "lead"
    )
    team = {m["username"]: m["role"] for m in owner.get(f"/cases/{ref}/team").json()}
    assert team == {"owner": "lead", "member": "member", "nonmember": "lead"}
    assert owner.delete(f"/cases/{ref}/team/member").status_code == 204
    assert owner.delete(f"/cases/{ref}/team/member").status_code == 400
    assert Api(world.member).get(f"/cases/{ref}").status_code == 404  # off the team, out of sight
