from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from habeas.accounts.models import User
from habeas.accounts.services import token_create
from habeas.audit.models import AuditEvent
from habeas.audit.services import audit_record
from tests.conftest import World, make_user


@pytest.mark.parametrize("persona", ["admin", "auditor"])
def test_audit_roles_see_the_log(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    response = client_for(getattr(world, persona)).get("/audit/", {"action": "case.create"})
    assert response.status_code == 200
    assert world.case.ref.encode() in response.content
    assert b"case.create" in response.content
    assert AuditEvent.objects.filter(action="audit.read", username=persona).exists()


@pytest.mark.parametrize("persona", ["owner", "member", "nonmember", "outsider"])
def test_other_roles_get_403(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/verify/").status_code == 403
    # Those who cannot see the case get 404 before any role check, so they learn nothing about it.
    expected = 403 if persona in ("owner", "member") else 404
    assert client.get(f"/audit/case/{world.case.ref}/").status_code == expected


def test_filters_and_pagination(world: World, client_for: Callable[[User], Client]) -> None:
    client = client_for(world.auditor)
    response = client.get("/audit/", {"username": "owner"})
    events = list(response.context["page"].object_list)
    assert events and all(e.username == "owner" for e in events)
    response = client.get("/audit/", {"action": "team."})
    assert all(e.action.startswith("team.") for e in response.context["page"].object_list)
    response = client.get("/audit/", {"case_ref": world.case.ref, "page": "999"})
    assert response.status_code == 200  # out-of-range pages show the last page
    assert all(e.case_ref == world.case.ref for e in response.context["page"].object_list)


def test_other_organizations_auditor_sees_nothing_of_org_a(
    world: World, client_for: Callable[[User], Client]
) -> None:
    b_auditor = make_user("b-auditor", world.org_b, "auditor")
    client = client_for(b_auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert world.case.ref.encode() not in response.content
    assert all(
        e.organization_id_at in (world.org_b.pk, None) or e.case_id is None
        for e in response.context["page"].object_list
    )
    assert not any(
        e.username in {"owner", "member", "admin"} for e in response.context["page"].object_list
    )
    assert client.get(f"/audit/case/{world.case.ref}/").status_code == 404


def test_case_audit_page(world: World, client_for: Callable[[User], Client]) -> None:
    response = client_for(world.auditor).get(f"/audit/case/{world.case.ref}/")
    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert events and all(e.case_ref == world.case.ref for e in events)
    assert AuditEvent.objects.filter(
        action="audit.read", case_id=world.case.pk, username="auditor"
    ).exists()
    assert client_for(world.auditor).get("/audit/case/NOPE-1/").status_code == 404


def test_verify_page(world: World, client_for: Callable[[User], Client]) -> None:
    response = client_for(world.admin).get("/audit/verify/")
    assert response.status_code == 200 and b"Intact" in response.content


def bearer(user: User) -> dict[str, Any]:
    _, plaintext = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_audit_api_events(world: World) -> None:
    client = Client()
    response = client.get(
        "/api/v1/audit/events",
        {"case_ref": world.case.ref, "page_size": "2"},
        **bearer(world.auditor),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["page_size"] == 2 and len(body["results"]) == 2 and body["count"] >= 2
    assert all(e["case_ref"] == world.case.ref for e in body["results"])
    assert AuditEvent.objects.filter(action="audit.read", username="auditor", source="api").exists()
    page2 = client.get(
        "/api/v1/audit/events",
        {"case_ref": world.case.ref, "page_size": "2", "page": "2"},
        **bearer(world.auditor),
    ).json()
    assert {e["seq"] for e in page2["results"]}.isdisjoint({e["seq"] for e in body["results"]})


def test_audit_api_rejects_bad_paging(world: World) -> None:
    response = Client().get("/api/v1/audit/events", {"page_size": 100000}, **bearer(world.admin))
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["owner", "member", "outsider"])
def test_audit_api_forbidden_for_other_roles(world: World, persona: str) -> None:
    headers = bearer(getattr(world, persona))
    assert Client().get("/api/v1/audit/events", **headers).status_code == 403
    assert Client().get("/api/v1/audit/verify", **headers).status_code == 403


def test_audit_api_other_org_sees_nothing_of_org_a(world: World) -> None:
    b_admin = make_user("b-admin", world.org_b, "admin")
    body = Client().get("/api/v1/audit/events", {"page_size": 200}, **bearer(b_admin)).json()
    assert all(e["case_ref"] != world.case.ref for e in body["results"])
    assert all(
        e["username"] not in {"owner", "member", "admin", "auditor"} for e in body["results"]
    )


def test_audit_api_verify(world: World) -> None:
    body = Client().get("/api/v1/audit/verify", **bearer(world.admin)).json()
    assert body["ok"] is True and body["checked"] > 0
    assert body["first_broken_seq"] is None and body["reason"] is None


def test_who_is_named_and_namesakes_told_apart_without_usernames(
    world: World, client_for: Callable[[User], Client]
) -> None:
    """The "who" filter names people; two members of one name are told apart by their role, then
    by their e-mail address, never by a username. A partner's member on a shared case is named with
    their organization."""
    for username, role, email in (
        ("jlee_attorney", "attorney", "jlee@a.example"),
        ("jlee_student", "student", "j.lee@a.example"),
        ("jlee_student2", "student", "lee.j@a.example"),
    ):
        user = make_user(username, world.org_a, role)
        user.first_name, user.last_name, user.email = "Jo", "Lee", email
        user.save()
    response = client_for(world.admin).get("/audit/")
    who = dict(response.context["form"].fields["username"].choices)
    assert who["jlee_attorney"] == "Jo Lee, Attorney"
    assert who["jlee_student"] == "Jo Lee, Student / volunteer, j.lee@a.example"
    assert who["jlee_student2"] == "Jo Lee, Student / volunteer, lee.j@a.example"
    assert all("_" not in name for name in who.values())
    # A member of another organization who acted on one of the organization's cases.
    world.outsider.first_name, world.outsider.last_name = "Ola", "Berg"
    world.outsider.save()
    audit_record(actor=world.outsider, action="case.read", case=world.case)
    lines = client_for(world.admin).get("/audit/").context["lines"]
    assert f"Ola Berg ({world.org_b.name})" in {line.who for line in lines}
