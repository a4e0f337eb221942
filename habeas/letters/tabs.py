"""The case page's Letters tab (registered by LettersConfig.ready): which letters fit the case now."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import TabState, case_tab
from habeas.domain.workflow import Stage
from habeas.letters.selectors import case_was_accepted


def _letters(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    return {
        "letters": [
            {
                "kind": "accept",
                "label": "Acceptance letter",
                "fits": case_was_accepted(case),
                "when": "After screening accepts the case (it moved from screening to record gathering).",
            },
            {
                "kind": "decline",
                "label": "Decline letter",
                "fits": case.stage == Stage.DECLINED,
                "when": "When the case is declined, at screening or after the committee's decision.",
            },
        ]
    }


def tabs_install() -> None:
    case_tab("letters", "Letters", "letters/tab.html", _letters, after="team")
