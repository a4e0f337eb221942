"""REST endpoints for deadlines, per persona. The routers are registered in habeas/api.py by
``api.add_router("/cases", deadlines.apis.router)`` and ``api.add_router("/deadlines", deadlines_router)``;
until then these tests are skipped (never silently passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from habeas.accounts.services import token_create
from habeas.audit.models import AuditEvent
from habeas.deadlines.models import CaseDeadline
from tests.conftest import World
from tests.deadlines.helpers import direct_appeal_for_aedpa_due


@pytest.fixture(autouse=True)
def _wired() -> None:
    match = resolve("/api/v1/deadlines")
    if match.func.__name__ == "api_not_found":
        pytest.skip("the deadline API routers are not registered in habeas/api.py yet")


def _client(user: Any) -> tuple[Client, dict[str, Any]]:
    _, token = token_create(user=user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(
    client: Client, url: str, auth: dict[str, Any], body: dict[str, Any] | None = None
) -> Any:
    import json

    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **auth)


def test_add_list_done_delete(world: World) -> None:
    client, auth = _client(world.member)
    base = f"/api/v1/cases/{world.case.ref}/deadlines"
    response = _post(
        client,
        base,
        auth,
        {"title": "Reply brief", "due_on": "2031-03-03", "source": "Order of 2 Feb"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (
        created["title"] == "Reply brief"
        and created["due_on"] == "2031-03-03"
        and created["created_by"] == "member"
    )
    assert created["done_at"] is None and created["case_ref"] == world.case.ref
    listing = client.get(base, **auth).json()
    assert "not legal advice" in listing["disclaimer"]
    [row] = listing["deadlines"]
    assert (
        row["kind"] == "custom"
        and row["deadline_id"] == created["id"]
        and row["source"] == "Order of 2 Feb"
    )
    done = _post(client, f"{base}/{created['id']}/done", auth)
    assert done.status_code == 200 and done.json()["done_by"] == "member"
    assert done.json()["done_at"].endswith(("Z", "+00:00"))  # moments go out in UTC
    reopened = _post(client, f"{base}/{created['id']}/done?done=false", auth)
    assert reopened.status_code == 200 and reopened.json()["done_at"] is None
    assert client.delete(f"{base}/{created['id']}", **auth).status_code == 204
    assert not CaseDeadline.objects.exists()
    assert client.delete(f"{base}/{created['id']}", **auth).status_code == 404


def test_upcoming_for_the_caller(world: World) -> None:
    today = timezone.localdate()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=8))
    client, auth = _client(world.auditor)
    body = client.get("/api/v1/deadlines?within_days=30", **auth).json()
    assert body["within_days"] == 30 and body["include_overdue"] is True
    [row] = body["deadlines"]
    assert row["kind"] == "computed" and row["status"] == "due_soon" and row["days_left"] == 8
    assert (
        row["due"] == (today + dt.timedelta(days=8)).isoformat()
        and row["source"] == "28 U.S.C. 2244(d)(1)-(2)"
    )
    assert row["verification"] == "unverified" and row["deadline_id"] is None
    assert AuditEvent.objects.filter(action="deadlines.list", username="auditor").exists()
    outsider, o_auth = _client(world.outsider)
    response = outsider.get("/api/v1/deadlines?within_days=3660", **o_auth)
    assert response.status_code == 200 and response.json()["deadlines"] == []
    assert world.case.ref not in response.content.decode()
    assert client.get("/api/v1/deadlines?within_days=-1", **auth).status_code == 422


def test_validation_errors(world: World) -> None:
    client, auth = _client(world.owner)
    base = f"/api/v1/cases/{world.case.ref}/deadlines"
    response = _post(client, base, auth, {"title": "", "source": "x" * 301})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"title", "due_on", "source"}
    assert _post(client, base, auth, {"title": "Brief", "due_on": "2031-02-30"}).status_code == 422
    assert (
        _post(client, base, auth, {"title": "Brief", "due_on": 1700000000}).status_code == 422
    )  # never a timestamp
    response = _post(
        client, base, auth, {"title": "Brief", "due_on": "2031-02-03", "colour": "red"}
    )
    assert response.status_code == 422 and "colour" in response.json()["fields"]
    assert not CaseDeadline.objects.exists()


def test_refusals(world: World) -> None:
    owner, o_auth = _client(world.owner)
    created = _post(
        owner,
        f"/api/v1/cases/{world.case.ref}/deadlines",
        o_auth,
        {"title": "Brief", "due_on": "2031-01-01"},
    ).json()
    base = f"/api/v1/cases/{world.case.ref}/deadlines"
    auditor, a_auth = _client(world.auditor)
    assert auditor.get(base, **a_auth).status_code == 200
    assert _post(auditor, base, a_auth, {"title": "X", "due_on": "2031-01-01"}).status_code == 403
    assert _post(auditor, f"{base}/{created['id']}/done", a_auth).status_code == 403
    assert auditor.delete(f"{base}/{created['id']}", **a_auth).status_code == 403
    for user in (world.outsider, world.nonmember):
        client, auth = _client(user)
        for response in (
            client.get(base, **auth),
            _post(client, base, auth, {"title": "X", "due_on": "2031-01-01"}),
            _post(client, f"{base}/{created['id']}/done", auth),
            client.delete(f"{base}/{created['id']}", **auth),
        ):
            assert response.status_code == 404 and "Brief" not in response.content.decode()
    assert Client().get(base).status_code == 401
    deadline = CaseDeadline.objects.get()
    assert deadline.done_at is None and CaseDeadline.objects.count() == 1
