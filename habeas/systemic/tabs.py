"""The case page's Patterns tab (registered by SystemicConfig.ready)."""

from __future__ import annotations

from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.views.tabs import TabSpec, TabState, tab_register
from habeas.systemic.patterns import case_pattern_alerts


def _patterns(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    return {"alerts": case_pattern_alerts(user=user, case=case)}


def tabs_install() -> None:
    tab_register("patterns", TabSpec("Patterns"), _patterns, after="people")
