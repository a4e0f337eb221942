"""The case page's tabs and the person page's sections, which features fill in from their
``AppConfig.ready`` (cases imports no feature; features import this).

A tab builder gets the case, the user, whether the user may write, and what the page was asked to
show beyond the stored data (``TabState``), and returns its template's context. A person panel's
builder gets the user and the person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django import forms

from habeas.accounts.models import User
from habeas.cases.models import Case, Person
from habeas.core.panels import Panel, PanelRegistry
from habeas.core.web import ActionState


@dataclass
class TabState:
    """What the page was asked to show beyond the stored data: forms bound to a refused POST, the row
    being edited, a person search, a message from the last save."""

    bound: dict[str, forms.BaseForm] = field(default_factory=dict)
    editing: str = ""
    actions: Mapping[str, ActionState] = field(default_factory=dict)
    person_q: str = ""
    messages: Mapping[str, str] = field(default_factory=dict)  # section slug -> message


class TabBuilder(Protocol):
    def __call__(
        self, case: Case, user: User, can_write: bool, state: TabState
    ) -> Mapping[str, Any]: ...


PersonPanelBuilder = Callable[[User, Person], Mapping[str, Any]]

CASE_TABS: PanelRegistry[TabBuilder] = PanelRegistry()
# Slots: "top" (alerts above the person's details), "bottom" (after the appearances).
PERSON_PANELS: PanelRegistry[PersonPanelBuilder] = PanelRegistry()

# Other Person records known to be the same person (e.g. the same detective entered twice, grouped
# by person linkage): their appearances are listed with the person's own.
SamePersonSource = Callable[[Person], list[int]]
_same_person_sources: list[SamePersonSource] = []


def same_person_source_register(source: SamePersonSource) -> None:
    if source not in _same_person_sources:
        _same_person_sources.append(source)


def same_person_ids(person: Person) -> list[int]:
    """The person's own id and every id a registered source says is the same person."""
    ids = {person.pk}
    for source in _same_person_sources:
        ids.update(source(person))
    return sorted(ids)


def case_tab(
    key: str,
    label: str,
    template: str,
    build: TabBuilder | None = None,
    *,
    after: str | None = None,
    roles: frozenset[str] | None = None,
    sections: tuple[str, ...] = (),
) -> None:
    """Add a tab to the case page (``after``: the key of the tab it follows)."""
    CASE_TABS.register(
        Panel(key=key, label=label, template=template, build=build, roles=roles, sections=sections),
        after=after,
    )


def person_panel(
    key: str, label: str, template: str, build: PersonPanelBuilder, *, slot: str
) -> None:
    PERSON_PANELS.register(Panel(key=key, label=label, template=template, build=build, slot=slot))
