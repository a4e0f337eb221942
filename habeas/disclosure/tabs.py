"""The case page's Disclosure tab (registered by DisclosureConfig.ready): productions, the
privilege log and the ledger, each as the reader may see them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import TabState, case_tab
from habeas.cases.permissions import Action, may
from habeas.disclosure.models import PrivilegeGround
from habeas.disclosure.selectors import ledger_queryset, privilege_log_queryset, production_queryset


def _disclosure(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    productions = list(production_queryset(user=user, case=case).prefetch_related("deliveries"))
    return {
        "productions": productions,
        "privilege_log": list(privilege_log_queryset(user=user, case=case)),
        "ledger": list(ledger_queryset(user=user, case=case)),
        "can_produce": can_write and may(user, case, Action.PRODUCE),
        "can_edit_log": can_write and may(user, case, Action.REDACT),
        "grounds": PrivilegeGround.choices,
    }


def tabs_install() -> None:
    case_tab("disclosure", "Disclosure", "disclosure/tab.html", _disclosure, after="letters")
