"""Who may do what on a case, in one place: the services enforce these and the pages ask them, so
a form is offered exactly when the service would accept it. Write access to the case itself
(team, admin, share) is decided by ``case_access`` / ``case_get(write=True)``; these add the role
and organization rules on top."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.accounts.roles import INTAKE_ROLES, TRANSITION_ROLES, VOTING_ROLES
from habeas.cases.models import Case


def can_open_intake(user: User) -> bool:
    return user.role in INTAKE_ROLES and user.organization_id is not None


def can_transition(user: User) -> bool:
    """Move a case between stages (with write access to it)."""
    return user.role in TRANSITION_ROLES


def can_vote(user: User, case: Case) -> bool:
    """Vote in the review committee: a committee role in the case's own organization."""
    return user.role in VOTING_ROLES and user.organization_id == case.organization_id


def can_recuse_others(user: User) -> bool:
    return user.role in TRANSITION_ROLES


def can_manage_team(user: User) -> bool:
    """Add and remove team members and grant or revoke shares (with write access to the case)."""
    return user.role in TRANSITION_ROLES
