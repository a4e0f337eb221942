"""/api/v1/me: who am I, and my API tokens."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from habeas.accounts.current import request_user
from habeas.accounts.models import ApiToken
from habeas.accounts.selectors import token_list
from habeas.accounts.services import token_create, token_revoke
from habeas.core.api import Body

router = Router(tags=["accounts"])


class OrganizationOut(Schema):
    code: str
    name: str
    kind: str


class MeOut(Schema):
    username: str
    name: str
    email: str
    role: str
    organization: OrganizationOut | None


class TokenOut(Schema):
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str  # the plaintext, returned this once only


class TokenIn(Body):
    name: str = Field("", max_length=100)


def _token_out(token: ApiToken) -> dict[str, object]:
    return {
        "prefix": token.prefix,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get("", response=MeOut, summary="The authenticated user")
def me(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    org = user.organization
    return {
        "username": user.username,
        "name": user.display_name(),
        "email": user.email,
        "role": user.role,
        "organization": {"code": org.code, "name": org.name, "kind": org.kind} if org else None,
    }


@router.get("/tokens", response=list[TokenOut], summary="My API tokens (never their secrets)")
def tokens(request: HttpRequest) -> list[dict[str, object]]:
    return [_token_out(t) for t in token_list(user=request.user)]  # type: ignore[arg-type]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create a token; the plaintext is returned once",
)
def tokens_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    token, plaintext = token_create(user=request.user, name=payload.name)  # type: ignore[arg-type]
    return Status(201, {**_token_out(token), "token": plaintext})


@router.delete("/tokens/{prefix}", response={204: None}, summary="Revoke a token")
def tokens_revoke(request: HttpRequest, prefix: str) -> Status[None]:
    token_revoke(user=request.user, prefix=prefix)  # type: ignore[arg-type]
    return Status(204, None)
