"""The case page's Outcome tab (registered by OutcomesConfig.ready): NRE outcome coding, years
lost, statutory compensation and the filing deadlines, with the team's own deadlines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import TabState, case_tab
from habeas.deadlines.selectors import case_computed_deadlines, case_custom_deadlines
from habeas.domain.deadlines import triggered_rule_choices
from habeas.domain.nre.schema import FACTORS, OM_TAGS, TAGS
from habeas.outcomes.models import ExoneratingEvent
from habeas.outcomes.selectors import case_outcome_coding, case_outcome_summary


def _outcome(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    today = timezone.localdate()
    summary = case_outcome_summary(case)
    # The computed deadlines with their acknowledgements, by rule and due date.
    alerts = {(r.rule_id, r.due): r for r in case_computed_deadlines(case, today)}
    return {
        "outcome": summary,
        "deadline_rows": [
            (d, d.days_remaining(today), d.status(today).value, alerts.get((d.rule_id, d.due)))
            for d in summary.deadlines
        ],
        "coding": case_outcome_coding(case),
        "nre_factors": FACTORS.items(),
        "nre_tags": TAGS.items(),
        "om_tags": OM_TAGS,
        "exonerating_events": ExoneratingEvent.choices,
        "custom_deadlines": case_custom_deadlines(case),
        "triggered_rules": triggered_rule_choices(),
    }


def tabs_install() -> None:
    case_tab("outcome", "Outcome", "outcomes/tab.html", _outcome, after="workflow")
