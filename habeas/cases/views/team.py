"""Case team membership and sharing with partner organizations: one small view per action."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.cases.services.team import (
    case_share_grant,
    case_share_revoke,
    team_member_add,
    team_member_remove,
)
from habeas.cases.views.common import run_action


@login_required
@require_POST
def team_add(request: HttpRequest, ref: str) -> HttpResponse:
    user, username = request_user(request), request.POST.get("username", "").strip()
    role = request.POST.get("role", "member")
    return run_action(
        request,
        ref,
        "team",
        "team_add",
        lambda: team_member_add(actor=user, case_ref=ref, username=username, role=role),
        f"{username} added.",
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, ref: str, username: str) -> HttpResponse:
    user = request_user(request)
    return run_action(
        request,
        ref,
        "team",
        "team_remove",
        lambda: team_member_remove(actor=user, case_ref=ref, username=username),
        f"{username} removed from the team.",
    )


@login_required
@require_POST
def share_grant(request: HttpRequest, ref: str) -> HttpResponse:
    user, code = request_user(request), request.POST.get("organization", "").strip().lower()
    return run_action(
        request,
        ref,
        "team",
        "share_grant",
        lambda: case_share_grant(actor=user, case_ref=ref, organization_code=code),
        f"Shared with {code}.",
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, ref: str, org_code: str) -> HttpResponse:
    user = request_user(request)
    return run_action(
        request,
        ref,
        "team",
        "share_revoke",
        lambda: case_share_revoke(actor=user, case_ref=ref, organization_code=org_code),
        f"Sharing with {org_code} revoked.",
    )
