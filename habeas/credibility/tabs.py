"""The case page's Credibility tab (registered by CredibilityConfig.ready): the listed officials the
case names, why the matcher thinks it is them, and whether it has been disclosed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import TabState, case_tab
from habeas.credibility.permissions import can_change_list_status, can_keep_registry
from habeas.credibility.selectors import case_alerts
from habeas.credibility.services.disclosure import finding_words, official_words


def _credibility(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    alerts = case_alerts(user=user, case=case)
    own = case.organization_id == user.organization_id
    return {
        "alerts": [
            {
                "alert": a,
                "who": official_words(a.official),
                "findings": finding_words(a.official),
            }
            for a in alerts
        ],
        "can_review": own and can_keep_registry(user),
        "can_disclose": own and can_write and can_change_list_status(user),
        "undisclosed": any(a.disclosed_on is None and a.status != "not_him" for a in alerts),
    }


def tabs_install() -> None:
    case_tab("credibility", "Credibility", "credibility/tab.html", _credibility, after="letters")
