"""The case page's Audit tab, for administrators and auditors (registered by AdministrationConfig.ready)."""

from __future__ import annotations

from habeas.accounts.roles import AUDIT_ROLES
from habeas.cases.panels import case_tab


def tabs_install() -> None:
    case_tab(
        "audit",
        "Audit",
        "administration/tabs/audit.html",
        after="letters",
        roles=AUDIT_ROLES,
        more=True,
    )
