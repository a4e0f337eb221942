"""Reads for the administration pages: the audit log as an administrator or auditor may read it."""

from __future__ import annotations

from django.db.models import QuerySet

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES
from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.core.errors import PermissionDeniedError


def audit_reader_checked(user: User) -> int:
    """The organization whose log ``user`` may read (administrators and auditors; else 403)."""
    if user.role not in AUDIT_ROLES or user.organization_id is None:
        raise PermissionDeniedError("Only administrators and auditors may read the audit log.")
    return user.organization_id


def audit_event_list(
    *, user: User, username: str = "", case_ref: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """Audit rows an admin or auditor may read: those of their own organization's users and cases."""
    organization_id = audit_reader_checked(user)
    own_cases = Case.objects.filter(organization_id=organization_id).values("pk")
    qs = AuditEvent.objects.filter(organization_id_at=organization_id) | AuditEvent.objects.filter(
        case_id__in=own_cases
    )
    if username:
        qs = qs.filter(username=username)
    if case_ref:
        qs = qs.filter(case_ref=case_ref)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.order_by("-seq")
