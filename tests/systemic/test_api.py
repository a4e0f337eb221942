"""The systemic-review API, per persona."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from habeas.accounts.services import token_create
from habeas.systemic.models import ReviewMatch
from tests.conftest import World
from tests.systemic.test_review_flow import bulk  # noqa: F401 - fixture


def _c(user: Any) -> tuple[Client, dict[str, Any]]:
    _, token = token_create(user=user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_watchlist_run_decide_intake_export(
    world: World,
    bulk: Path,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    client, auth = _c(world.owner)
    body = {
        "name": "Quill",
        "reason": "Perjury finding (fictional)",
        "entries": [{"name": "Det. Ray Quill", "kind": "officer"}],
    }
    r = client.post("/api/v1/watchlists", body, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    wl = r.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/watchlists/{wl}/runs", **auth)
    assert r.status_code == 202 and r.json()["status"] == "running"
    run_id = r.json()["id"]
    run = client.get(f"/api/v1/reviews/{run_id}", **auth).json()
    assert run["status"] == "finished" and run["matches"] == 5
    page = client.get(f"/api/v1/reviews/{run_id}/matches", **auth).json()
    assert page["count"] == 5 and {m["docket"] for m in page["results"]} == {
        "BA1",
        "BA2",
        "BA3",
        "BA4",
        "BA9",
    }
    target = next(m for m in page["results"] if m["docket"] == "BA1")
    r = client.post(f"/api/v1/reviews/matches/{target['id']}/intake", **auth)
    assert r.status_code == 409
    r = client.post(
        f"/api/v1/reviews/matches/{target['id']}/decision",
        {"decision": "confirmed"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 200 and r.json()["decision"] == "confirmed"
    r = client.post(f"/api/v1/reviews/matches/{target['id']}/intake", **auth)
    assert r.status_code == 201 and r.json()["intake"]
    csv = client.get(f"/api/v1/reviews/{run_id}/export", {"format": "csv"}, **auth)
    assert csv.status_code == 200 and csv.content.decode().count("\r\n") == 6


def test_other_organizations_and_auditors(
    world: World,
    bulk: Path,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    client, auth = _c(world.owner)
    wl = client.post(
        "/api/v1/watchlists",
        {"name": "Q", "reason": "r", "entries": [{"name": "Ray Quill"}]},
        content_type="application/json",
        **auth,
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        run_id = client.post(f"/api/v1/watchlists/{wl}/runs", **auth).json()["id"]
    match = ReviewMatch.objects.first()
    assert match is not None
    out, out_auth = _c(world.outsider)
    assert out.get(f"/api/v1/reviews/{run_id}", **out_auth).status_code == 404
    assert out.get(f"/api/v1/reviews/{run_id}/matches", **out_auth).status_code == 404
    assert out.post(f"/api/v1/watchlists/{wl}/runs", **out_auth).status_code == 404
    assert (
        out.post(
            f"/api/v1/reviews/matches/{match.pk}/decision",
            {"decision": "rejected"},
            content_type="application/json",
            **out_auth,
        ).status_code
        == 404
    )
    assert out.get("/api/v1/watchlists", **out_auth).json() == []
    aud, aud_auth = _c(world.auditor)
    assert aud.get(f"/api/v1/reviews/{run_id}", **aud_auth).status_code == 200
    r = aud.post(
        "/api/v1/watchlists",
        {"name": "X", "reason": "r", "entries": [{"name": "A B"}]},
        content_type="application/json",
        **aud_auth,
    )
    assert r.status_code == 403
