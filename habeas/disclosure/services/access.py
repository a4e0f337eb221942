"""The one check every disclosure write makes: write access to the case, and the sharing rule."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.permissions import SHARING, Action, may
from habeas.cases.selectors import case_get
from habeas.core.errors import PermissionDeniedError


def case_for_disclosure(*, actor: User, case_ref: str, action: Action) -> Case:
    """The case, if ``actor`` may take ``action`` on it (404 if they cannot see it, 403 if they
    can see it but the role or the sharing rule refuses)."""
    case = case_get(user=actor, ref=case_ref, write=True)
    if not may(actor, case, action):
        raise PermissionDeniedError(SHARING[action].why)
    return case
