from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from habeas.accounts.models import ApiToken, User
from habeas.accounts.selectors import TOKEN_LAST_USED_STEP
from habeas.accounts.services import token_create
from tests.conftest import World


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_me(world: World) -> None:
    _, plaintext = token_create(user=world.owner, name="cli")
    response = Client().get("/api/v1/me", **bearer(plaintext))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "owner" and body["role"] == "attorney"
    assert body["organization"]["code"] == "exciu"


def test_me_without_credentials_is_401(db: None) -> None:
    assert Client().get("/api/v1/me").status_code == 401
    assert Client().get("/api/v1/me", **bearer("hab_deadbeef_nonsense")).status_code == 401


def test_token_created_on_security_page_is_shown_once_and_stored_hashed(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.owner)
    response = client.post("/accounts/security/tokens/", {"name": "nightly export"})
    assert response.status_code == 200
    match = re.search(rb"hab_[0-9a-f]{8}_[A-Za-z0-9_\-]+", response.content)
    assert match is not None
    plaintext = match.group().decode()
    row = ApiToken.objects.get(user=world.owner)
    assert row.name == "nightly export"
    assert plaintext not in (row.token_hash, row.prefix)
    assert not ApiToken.objects.filter(token_hash__contains=plaintext).exists()
    # Shown once: the security page does not show it again.
    assert plaintext.encode() not in client.get("/accounts/security/").content
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 200


def test_revoked_token_gets_401(world: World, client_for: Callable[[User], Client]) -> None:
    token, plaintext = token_create(user=world.owner, name="x")
    client = client_for(world.owner)
    response = client.post(f"/accounts/security/tokens/{token.prefix}/revoke/")
    assert response.status_code == 302
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 401


def test_cannot_revoke_another_users_token(
    world: World, client_for: Callable[[User], Client]
) -> None:
    token, plaintext = token_create(user=world.member, name="x")
    assert (
        client_for(world.owner)
        .post(f"/accounts/security/tokens/{token.prefix}/revoke/")
        .status_code
        == 404
    )
    assert (
        client_for(world.outsider)
        .post(f"/accounts/security/tokens/{token.prefix}/revoke/")
        .status_code
        == 404
    )
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 200


def test_token_api_create_list_revoke(world: World) -> None:
    _, plaintext = token_create(user=world.owner, name="bootstrap")
    client = Client()
    created = client.post(
        "/api/v1/me/tokens",
        {"name": "second"},
        content_type="application/json",
        **bearer(plaintext),
    )
    assert created.status_code == 201
    second = created.json()
    assert second["token"].startswith(f"hab_{second['prefix']}_")
    listed = client.get("/api/v1/me/tokens", **bearer(plaintext)).json()
    assert {t["name"] for t in listed} == {"bootstrap", "second"}
    assert all("token" not in t for t in listed)
    assert (
        client.delete(f"/api/v1/me/tokens/{second['prefix']}", **bearer(plaintext)).status_code
        == 204
    )
    assert client.get("/api/v1/me", **bearer(second["token"])).status_code == 401
    # Someone else's prefix is simply not found.
    other, _ = token_create(user=world.outsider)
    assert (
        client.delete(f"/api/v1/me/tokens/{other.prefix}", **bearer(plaintext)).status_code == 404
    )


def test_token_api_validates_name(world: World) -> None:
    _, plaintext = token_create(user=world.owner)
    response = Client().post(
        "/api/v1/me/tokens",
        {"name": "x" * 101},
        content_type="application/json",
        **bearer(plaintext),
    )
    assert response.status_code == 422 and "name" in response.json()["fields"]


def test_last_used_is_kept_to_the_minute_without_a_write_per_call(world: World) -> None:
    token, plaintext = token_create(user=world.owner, name="cli")
    assert token.last_used_at is None
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # within the minute: no write
    earlier = first - TOKEN_LAST_USED_STEP
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    assert Client().get("/api/v1/me", **bearer(plaintext)).status_code == 200
    latest = ApiToken.objects.get(pk=token.pk).last_used_at
    assert latest is not None and latest > first  # a minute on: written again


def test_the_session_user_comes_with_its_organization(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from django.contrib.auth import get_user
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.owner)
    request = client.get("/accounts/security/").wsgi_request
    request.session = client.session
    user = get_user(request)  # the session row, then the user
    with CaptureQueriesContext(connection) as queries:
        assert user.organization.code == "exciu"  # type: ignore[union-attr]
    assert len(queries) == 0
