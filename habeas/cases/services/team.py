"""Case team membership and joint-investigation sharing with other organizations."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import Organization, User
from habeas.audit.services import audit_record
from habeas.cases.models import Case, CaseShare, CaseTeamMember
from habeas.cases.permissions import Action, can_manage_team, may
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, PermissionDeniedError


def _managed_case(actor: User, case_ref: str) -> Case:
    case = case_get(user=actor, ref=case_ref, write=True)
    if not can_manage_team(actor, case):
        raise PermissionDeniedError("Only attorneys and administrators manage the case team.")
    return case


@transaction.atomic
def team_member_add(
    *, actor: User, case_ref: str, username: str, role: str = CaseTeamMember.Role.MEMBER
) -> CaseTeamMember:
    case = _managed_case(actor, case_ref)
    user = User.objects.filter(username=username, is_active=True).first()
    allowed_orgs = {
        case.organization_id,
        *case.shares.filter(revoked_at__isnull=True).values_list("organization_id", flat=True),
    }
    if user is None or user.organization_id not in allowed_orgs:
        raise ApplicationError(
            "Cannot add that user.",
            fields={
                "username": ["No active user of this or a sharing organization has that name."]
            },
        )
    if not may(actor, case, Action.TEAM_ADD, own=user.organization_id == actor.organization_id):
        raise PermissionDeniedError("A partner organization may add only its own members.")
    if role not in CaseTeamMember.Role.values:
        raise ApplicationError("Unknown team role.", fields={"role": ["Choose lead or member."]})
    member, _ = CaseTeamMember.objects.update_or_create(
        case=case, user=user, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        action="team.add",
        obj=member,
        case=case,
        detail={"user": username, "role": role},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: User, case_ref: str, username: str) -> None:
    case = _managed_case(actor, case_ref)
    member = CaseTeamMember.objects.filter(case=case, user__username=username).first()
    if member is None:
        raise ApplicationError(
            "Not on the team.", fields={"username": ["That user is not on this case's team."]}
        )
    own = member.user.organization_id == actor.organization_id
    if not may(actor, case, Action.TEAM_REMOVE, own=own):
        raise PermissionDeniedError("A partner organization may remove only its own members.")
    member.delete()
    audit_record(actor=actor, action="team.remove", case=case, detail={"user": username})


def _owner_case(actor: User, case_ref: str) -> Case:
    case = _managed_case(actor, case_ref)
    if not may(actor, case, Action.SHARE):
        raise PermissionDeniedError("Only the owning organization may share or unshare a case.")
    return case


@transaction.atomic
def case_share_grant(*, actor: User, case_ref: str, organization_code: str) -> CaseShare:
    case = _owner_case(actor, case_ref)
    org = Organization.objects.filter(code=organization_code).first()
    if org is None or org.pk == case.organization_id:
        raise ApplicationError(
            "Cannot share.", fields={"organization": ["Name another organization by its code."]}
        )
    share = CaseShare.objects.filter(case=case, organization=org, revoked_at__isnull=True).first()
    if share is None:
        share = CaseShare.objects.create(case=case, organization=org, granted_by=actor)
    audit_record(
        actor=actor, action="share.grant", obj=share, case=case, detail={"organization": org.code}
    )
    return share


@transaction.atomic
def case_share_revoke(*, actor: User, case_ref: str, organization_code: str) -> None:
    case = _owner_case(actor, case_ref)
    updated = CaseShare.objects.filter(
        case=case, organization__code=organization_code, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=actor)
    if not updated:
        raise ApplicationError(
            "Not shared.",
            fields={"organization": ["The case is not shared with that organization."]},
        )
    audit_record(
        actor=actor, action="share.revoke", case=case, detail={"organization": organization_code}
    )
