"""Who may do what with the credibility registry, in one place (the services enforce, the pages ask).

The registry belongs to one organization: only its own members read it; a partner organization on
a shared case sees none of it. Admins, attorneys and investigators keep the entries (officials,
findings, imports, alert reviews, "find every conviction"); only admins and attorneys put a
finding on the list, take it off or mark it disclosed, and produce disclosure letters."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.accounts.roles import INTAKE_ROLES, TRANSITION_ROLES
from habeas.core.errors import PermissionDeniedError


def can_read_registry(user: User) -> bool:
    return user.is_active and user.organization_id is not None


def can_keep_registry(user: User) -> bool:
    return can_read_registry(user) and user.role in INTAKE_ROLES


def can_change_list_status(user: User) -> bool:
    return can_read_registry(user) and user.role in TRANSITION_ROLES


def keeper_checked(actor: User) -> int:
    """The actor's organization, when they may keep its list (else PermissionDeniedError)."""
    if not can_keep_registry(actor) or actor.organization_id is None:
        raise PermissionDeniedError(
            "Only administrators, attorneys and investigators keep the credibility list."
        )
    return actor.organization_id
