"""The records that hang off a case, described once so every interface handles them alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from habeas.accounts.roles import Role
from habeas.cases import forms
from habeas.cases.models import (
    Case,
    CasePerson,
    Charge,
    Claim,
    Conviction,
    CustodyEvent,
    EvidenceItem,
    FactAssertion,
    Incident,
    Lead,
    Note,
    Party,
    PostConvictionFiling,
    ResolutionEvent,
    Sentence,
    Task,
)
from habeas.cases.permissions import SHARING, Action
from habeas.core.errors import NotFoundError


@dataclass(frozen=True)
class ChildKind:
    slug: str
    label: str
    model: type[Model]
    form: type[forms.CaseChildForm]
    case_path: str = "case"  # lookup from the record to its case
    action: Action = Action.RECORD  # its row of the sharing table (who may write it)
    deletable: bool = True
    # Set server-side attributes before the first save (owner, author…).
    on_create: Callable[[Model, Case, object], None] | None = None
    select_related: tuple[str, ...] = field(default_factory=tuple)

    @property
    def write_roles(self) -> frozenset[Role]:
        return SHARING[self.action].roles

    def queryset(self, case: Case) -> QuerySet[Model]:
        return self.model._default_manager.filter(**{self.case_path: case}).select_related(
            *self.select_related
        )


def set_case(obj: Model, case: Case, actor: object) -> None:
    if hasattr(obj, "case_id"):
        obj.case = case  # type: ignore[attr-defined]


def _conviction_owner(obj: Model, case: Case, actor: object) -> None:
    set_case(obj, case, actor)
    obj.organization_id_key = case.organization_id  # type: ignore[attr-defined]


def _author(obj: Model, case: Case, actor: object) -> None:
    set_case(obj, case, actor)
    obj.author = actor  # type: ignore[attr-defined]


def _recorder(obj: Model, case: Case, actor: object) -> None:
    set_case(obj, case, actor)
    obj.recorded_by = actor  # type: ignore[attr-defined]


KINDS: dict[str, ChildKind] = {
    k.slug: k
    for k in (
        ChildKind("parties", "Parties", Party, forms.PartyForm),
        ChildKind("incidents", "Incident", Incident, forms.IncidentForm),
        ChildKind(
            "convictions",
            "Convictions",
            Conviction,
            forms.ConvictionForm,
            on_create=_conviction_owner,
        ),
        ChildKind("charges", "Charges", Charge, forms.ChargeForm, case_path="conviction__case"),
        ChildKind(
            "sentences", "Sentences", Sentence, forms.SentenceForm, case_path="conviction__case"
        ),
        ChildKind(
            "filings", "Appeals and post-conviction filings", PostConvictionFiling, forms.FilingForm
        ),
        ChildKind(
            "people",
            "People on the case",
            CasePerson,
            forms.CasePersonForm,
            action=Action.PEOPLE_LINK,
            select_related=("person",),
        ),
        ChildKind("claims", "Claims", Claim, forms.ClaimForm),
        ChildKind("evidence", "Evidence", EvidenceItem, forms.EvidenceForm),
        ChildKind(
            "custody-events",
            "Chain of custody",
            CustodyEvent,
            forms.CustodyEventForm,
            case_path="item__case",
        ),
        ChildKind("tasks", "Tasks", Task, forms.TaskForm, select_related=("assignee",)),
        ChildKind(
            "notes",
            "Notes",
            Note,
            forms.NoteForm,
            deletable=False,
            on_create=_author,
            select_related=("author",),
        ),
        ChildKind(
            "leads",
            "Alternate-suspect leads",
            Lead,
            forms.LeadForm,
            action=Action.LEAD,
            select_related=("person",),
        ),
        ChildKind("facts", "Sourced facts", FactAssertion, forms.FactForm, on_create=_recorder),
        ChildKind(
            "resolutions",
            "Resolution events",
            ResolutionEvent,
            forms.ResolutionEventForm,
            action=Action.RESOLUTION,
            deletable=False,
            on_create=_recorder,
        ),
    )
}


def kind_get(slug: str) -> ChildKind:

    try:
        return KINDS[slug]
    except KeyError:
        raise NotFoundError(f"Unknown record type {slug!r}.") from None
