"""What person linkage adds to other pages (registered by LinkageConfig.ready): the case page's
Patterns tab, the person page's pattern alert and linked records, and the linked Person records
whose appearances the person page lists with the person's own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case, Person
from habeas.cases.panels import TabState, case_tab, person_panel, same_person_source_register
from habeas.cases.permissions import can_open_intake
from habeas.linkage.patterns import case_pattern_alerts, person_pattern
from habeas.linkage.selectors import group_read, linked_person_ids, person_links


def _patterns_tab(case: Case, user: User, can_write: bool, state: TabState) -> Mapping[str, Any]:
    return {"alerts": case_pattern_alerts(user=user, case=case)}


def _pattern_alert(user: User, person: Person) -> Mapping[str, Any]:
    return {"pattern": person_pattern(user=user, person=person)}


def _linked_records(user: User, person: Person) -> Mapping[str, Any]:
    links = person_links(user=user, person=person)
    if links is not None:
        group_read(user=user, person=person, links=links)
    return {"links": links, "can_link": can_open_intake(user)}


def panels_install() -> None:
    case_tab(
        "patterns",
        "Patterns",
        "linkage/tabs/patterns.html",
        _patterns_tab,
        after="people",
        more=True,
    )
    person_panel("pattern", "Pattern", "linkage/_person_pattern.html", _pattern_alert, slot="top")
    person_panel(
        "links", "Linked records", "linkage/_person_links.html", _linked_records, slot="bottom"
    )
    same_person_source_register(linked_person_ids)
