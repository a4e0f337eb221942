"""The case page's Letters tab (registered by LettersConfig.ready): which letters fit the case now,
their dates and the address block they will carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import TabState, case_tab
from habeas.letters.models import LetterTemplate
from habeas.letters.selectors import letter_address, letter_address_mailable, letter_fit


def _letters(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    return {
        "letters": [letter_fit(case, kind) for kind in LetterTemplate.Kind.values],
        "address": letter_address(case),
        "address_complete": letter_address_mailable(case),
    }


def tabs_install() -> None:
    case_tab("letters", "Letters", "letters/tab.html", _letters, after="team", more=True)
