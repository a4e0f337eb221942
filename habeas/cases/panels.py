"""The case page's tabs and the person page's sections, which features fill in from their
``AppConfig.ready`` (cases imports no feature; features import this).

A tab builder gets the case, the user, whether the user may write, and what the page was asked to
show beyond the stored data (``TabState``), and returns its template's context. A person panel's
builder gets the user and the person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

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
    more: bool = False,
) -> None:
    """Add a tab to the case page (``after``: the key of the tab it follows; ``more``: offered
    under "More" so that the tab bar stays on one line)."""
    CASE_TABS.register(
        Panel(
            key=key,
            label=label,
            template=template,
            build=build,
            roles=roles,
            sections=sections,
            more=more,
        ),
        after=after,
    )


def person_panel(
    key: str, label: str, template: str, build: PersonPanelBuilder, *, slot: str
) -> None:
    PERSON_PANELS.register(Panel(key=key, label=label, template=template, build=build, slot=slot))


# --- Facts that features add to the case list and to the case's Overview summary --------------


@dataclass(frozen=True)
class CaseFact:
    """One fact about a case, already in words: a cell of the case list or a line of the Overview
    summary. ``tab``: the case tab that shows it in full; ``tone``: "overdue", "soon" or "" (for
    the eye only; the words say it too); ``title``: a longer version for a tooltip."""

    text: str
    tab: str = ""
    tone: str = ""
    title: str = ""


# The facts of a page of the case list, by case id. Called with the ids of cases the user may see
# (already fetched through ``case_list``); must cost a fixed number of queries however many ids.
CaseListFacts = Callable[[Sequence[int]], Mapping[int, CaseFact]]
# One case's line in its Overview summary (the case already fetched through ``case_get``); None:
# nothing recorded.
CaseSummaryFact = Callable[[Case, User], CaseFact | None]


@dataclass(frozen=True)
class CaseColumn:
    key: str
    label: str
    facts: CaseListFacts
    after: str  # the key of the column it follows (the list's own columns or another feature's)


@dataclass(frozen=True)
class SummaryLine:
    key: str
    label: str
    build: CaseSummaryFact
    after: str


CASE_LIST_COLUMNS: dict[str, CaseColumn] = {}
CASE_SUMMARY_LINES: dict[str, SummaryLine] = {}


def case_list_column(key: str, label: str, facts: CaseListFacts, *, after: str) -> None:
    """Add a column to the case list (registering a key again replaces it)."""
    CASE_LIST_COLUMNS[key] = CaseColumn(key=key, label=label, facts=facts, after=after)


def case_summary_line(key: str, label: str, build: CaseSummaryFact, *, after: str) -> None:
    """Add a line to the Overview summary of a case (registering a key again replaces it)."""
    CASE_SUMMARY_LINES[key] = SummaryLine(key=key, label=label, build=build, after=after)


Placed = TypeVar("Placed", CaseColumn, SummaryLine)


def placed(own: Sequence[str], extra: Mapping[str, Placed]) -> list[str | Placed]:
    """The page's own keys in order with each registered extra after the key it names (an extra
    whose key is unknown goes last), e.g. ["case", "stage", <deadline column>, "activity"]."""
    order: list[str | Placed] = list(own)
    pending = list(extra.values())
    while pending:
        keys = [x if isinstance(x, str) else x.key for x in order]
        ready = [x for x in pending if x.after in keys]
        if not ready:
            order.extend(pending)
            break
        for x in ready:
            keys = [k if isinstance(k, str) else k.key for k in order]
            order.insert(keys.index(x.after) + 1, x)
            pending.remove(x)
    return order
