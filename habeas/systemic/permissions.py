"""Who may run systemic reviews, in one place: the services enforce it and the pages ask it, so a
form or button is offered exactly when the service would accept it."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.accounts.roles import INTAKE_ROLES


def can_manage_reviews(user: User) -> bool:
    """Import bulk records, create watchlists, run reviews and decide their matches: the roles that
    open intakes (a confirmed match becomes one), within their own organization."""
    return user.organization_id is not None and user.role in INTAKE_ROLES
