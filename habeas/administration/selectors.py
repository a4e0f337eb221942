"""Reads for the administration pages: the audit log as an administrator or auditor may read it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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
    *,
    user: User,
    username: str = "",
    case_ref: str = "",
    action: str = "",
    changes_only: bool = False,
) -> QuerySet[AuditEvent]:
    """Audit rows an admin or auditor may read: those of their own organization's users and cases.
    ``action`` is an action or the start of one ("case."); ``changes_only`` leaves out reads."""
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
    if changes_only:
        qs = qs.exclude(action__endswith=".read").exclude(action__endswith=".list")
    return qs.order_by("-seq")


def _members(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(organization_id=organization_id).only(
            "username", "first_name", "last_name", "email", "role"
        )
    )


def _names_told_apart(users: list[User]) -> dict[str, str]:
    """Username -> the person's name; two people of one name are told apart by their role, and
    then by their e-mail address (never by their username)."""
    names = {u.username: u.display_name() for u in users}
    roles = {u.username: str(u.get_role_display()) for u in users}
    emails = {u.username: u.email or "no e-mail address" for u in users}
    for told_by in (roles, emails):
        counts = Counter(names.values())
        names = {
            username: f"{name}, {told_by[username]}" if counts[name] > 1 else name
            for username, name in names.items()
        }
    return names


def audit_names(organization_id: int, usernames: Iterable[str] = ()) -> dict[str, str]:
    """Username -> the person's name, for the organization's members (active or not), and for
    ``usernames`` of other organizations (a partner's member on a shared case), with their
    organization's name."""
    names = _names_told_apart(_members(organization_id))
    others = (
        User.objects.filter(username__in=set(usernames) - set(names))
        .select_related("organization")
        .only("username", "first_name", "last_name", "organization__name")
    )
    for u in others:
        org = u.organization.name if u.organization else "no organization"
        names[u.username] = f"{u.display_name()} ({org})"
    return names


def audit_members(organization_id: int) -> list[tuple[str, str]]:
    """(username, name) of the organization's members, by name, for the "who" filter."""
    names = _names_told_apart(_members(organization_id))
    return sorted(names.items(), key=lambda item: item[1].casefold())
