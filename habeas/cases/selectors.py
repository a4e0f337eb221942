"""Every read of case data goes through here: visibility is decided in the query, never after it.

Selectors have no side effects: the interface that shows what they return (a page, an API call, a
command) writes the one audit row for it (``habeas.cases.reads``, ``audit_read``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import ORG_WIDE_READ_ROLES, WRITER_ROLES, Role
from habeas.audit.models import AuditEvent
from habeas.cases.models import (
    Case,
    CasePerson,
    CaseShare,
    CaseTeamMember,
    Charge,
    Conviction,
    FactAssertion,
    Lead,
    Party,
    Person,
    SavedCaseFilter,
    ScreeningCriterion,
    Sentence,
    Task,
)
from habeas.cases.panels import same_person_ids
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.domain.workflow import ACTIVE_STAGES


class Access(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


def _active_share_case_ids(user: User) -> QuerySet[CaseShare, int]:
    return CaseShare.objects.filter(
        organization=user.organization, revoked_at__isnull=True
    ).values_list("case_id", flat=True)


def case_visibility_q(user: User) -> Q:
    """Cases this user may see. Team members of another organization count only while the share is active."""
    if not user.is_active or user.organization is None:
        return Q(pk__in=[])
    team = Q(pk__in=CaseTeamMember.objects.filter(user=user).values_list("case_id", flat=True))
    own_org = Q(organization_id=user.organization_id)
    shared = Q(pk__in=_active_share_case_ids(user))
    # Written so the common cases stay simple for the query planner: an admin's visibility is
    # "own organization OR actively shared", with no team join at all.
    if user.role in ORG_WIDE_READ_ROLES:
        return own_org | shared
    if user.organization.members_see_all_cases:
        return own_org | (team & shared)
    return team & (own_org | shared)


# Set by ``case_get`` on the case it returns: the pk of the user whose visibility query fetched
# it, so ``case_access`` on that same object need not run the visibility query a second time.
_FETCHED_FOR = "_habeas_fetched_for_user"


def case_access(user: User, case: Case) -> Access:
    fetched_visible = getattr(case, _FETCHED_FOR, None) == user.pk and user.pk is not None
    if not fetched_visible and not case_queryset(user).filter(pk=case.pk).exists():
        return Access.NONE
    return _access_of_visible(user, case)


def _access_of_visible(user: User, case: Case) -> Access:
    """Read or write, for a case already known to be visible to ``user``."""
    if user.role not in WRITER_ROLES or user.organization is None:
        return Access.READ
    on_team = CaseTeamMember.objects.filter(case=case, user=user).exists()
    if (
        on_team
        or user.role == Role.ADMIN
        or user.organization.members_see_all_cases
        and case.organization_id == user.organization_id
    ):
        return Access.WRITE
    return Access.READ


def case_queryset(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility_q(user))


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    county: str = ""
    q: str = ""  # reference, title or applicant name
    mine: bool = False  # only cases where the user is on the team ("My cases")
    sort: str = "-received_on"


SORTS = {
    "received_on": ("received_on", "id"),
    "-received_on": ("-received_on", "-id"),
    "ref": ("ref",),
    "-ref": ("-ref",),
    "stage": ("stage", "-received_on", "-id"),
    "updated": ("-updated_at", "-id"),
    "applicant": ("applicant_name", "id"),
}


def case_list(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases visible to ``user``, filtered and sorted."""
    f = filters or CaseFilters()
    qs = case_queryset(user).select_related("organization")
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.county:
        qs = qs.filter(county__iexact=f.county)
    if f.q:
        qs = qs.filter(
            Q(ref__icontains=f.q) | Q(title__icontains=f.q) | Q(applicant_name__icontains=f.q)
        )
    if f.mine:
        qs = qs.filter(team__user=user)
    return qs.order_by(*SORTS.get(f.sort, SORTS["-received_on"]))


def case_filters_saved(*, user: User) -> QuerySet[SavedCaseFilter]:
    """The user's own saved case-list filters, by name (nobody sees another's)."""
    return SavedCaseFilter.objects.filter(user=user).order_by("name", "pk")


def mine_by_default(user: User) -> bool:
    """Whether the case list opens on "My cases": for the staff who work cases; administrators and
    auditors, who oversee every case of the organization, open on all of them."""
    return user.role not in ORG_WIDE_READ_ROLES


def days_in_stage(case: Case, now: dt.datetime | None = None) -> int | None:
    """Days since the case entered its stage; None once it has ended (closed, declined, withdrawn),
    where a count would only grow."""
    if case.stage not in ACTIVE_STAGES:
        return None
    return ((now or timezone.now()) - case.stage_changed_at).days


# Audit actions that only read: "last activity" counts what changed a case, not who looked at it.
READ_ACTION_ENDINGS = (".read", ".list", ".search", ".download", ".export", ".view")


def _changes() -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    for ending in READ_ACTION_ENDINGS:
        qs = qs.exclude(action__endswith=ending)
    return qs


@dataclass(frozen=True)
class CaseRowFacts:
    """What the case list shows of a case beyond its own columns."""

    offense: str = ""
    leads: tuple[str, ...] = ()
    last_activity: dt.datetime | None = None


def _offenses(convictions: Iterable[Conviction], charges: Iterable[Charge]) -> str:
    """The offenses of the convictions (their "most serious offense", else the statute), else the
    charges the applicant was convicted of: "Murder" or "Murder; Robbery"."""
    found = [c.offense or c.statute for c in convictions]
    if not any(found):
        charged = list(charges)
        convicted = [c for c in charged if "convict" in c.disposition.lower()] or charged
        found = [c.description or c.statute for c in convicted]
    return "; ".join(dict.fromkeys(f.strip() for f in found if f.strip()))


def case_list_facts(
    cases: Sequence[Case], *, last_activity: bool = True
) -> dict[int, CaseRowFacts]:
    """Offense, lead and last activity of cases already fetched through ``case_list`` (a page of
    it): three or four queries however many cases, never one per case. Last activity is the latest
    change the audit log holds for the case (reads left out), or the case row's own last change;
    ``last_activity=False`` leaves it None and skips that query (the audit log's largest scan)."""
    ids = [c.pk for c in cases]
    if not ids:
        return {}
    convictions: dict[int, list[Conviction]] = defaultdict(list)
    for conviction in Conviction.objects.filter(case_id__in=ids).only(
        "id", "case_id", "offense", "statute", "convicted_on"
    ):
        convictions[conviction.case_id].append(conviction)
    charges: dict[int, list[Charge]] = defaultdict(list)
    without_offense = [i for i in ids if not any(c.offense or c.statute for c in convictions[i])]
    if without_offense:
        for charge in (
            Charge.objects.filter(conviction__case_id__in=without_offense)
            .select_related("conviction")
            .only("id", "statute", "description", "disposition", "conviction__case_id")
            .order_by("conviction_id", "count_number", "id")
        ):
            charges[charge.conviction.case_id].append(charge)
    leads: dict[int, list[str]] = defaultdict(list)
    for member in (
        CaseTeamMember.objects.filter(case_id__in=ids, role=CaseTeamMember.Role.LEAD)
        .select_related("user")
        .only("id", "case_id", "user__username", "user__first_name", "user__last_name")
        .order_by("added_at", "id")
    ):
        leads[member.case_id].append(member.user.display_name())
    changed = (
        dict(
            _changes()
            .filter(case_id__in=ids)
            .values("case_id")
            .annotate(last=Max("at"))
            .values_list("case_id", "last")
        )
        if last_activity
        else {}
    )
    result = {}
    for case in cases:
        known = (changed.get(case.pk), case.updated_at) if last_activity else ()
        stamps = [t for t in known if t is not None]
        result[case.pk] = CaseRowFacts(
            offense=_offenses(convictions[case.pk], charges[case.pk]),
            leads=tuple(leads[case.pk]),
            last_activity=max(stamps) if stamps else None,
        )
    return result


@dataclass(frozen=True)
class CaseSummary:
    """The compact block at the top of a case's Overview: each fact in words, "" when not recorded."""

    offense: str
    sentence: str
    custody: str
    facility: str
    leads: tuple[str, ...]
    days_in_stage: int | None
    open_tasks: int
    overdue_tasks: int
    open_leads: int


def case_summary(case: Case) -> CaseSummary:
    """For a case already fetched through ``case_get``: a handful of queries. Offense and lead are
    read as the case list reads them (``case_list_facts``), so the two always agree."""
    row = case_list_facts([case], last_activity=False)[case.pk]
    sentences = Sentence.objects.filter(conviction__case=case).order_by("sentenced_on", "id")
    applicant = Party.objects.filter(case=case, kind=Party.Kind.APPLICANT).order_by("id").first()
    custody = ""
    if applicant is not None and applicant.custody_status != Party.Custody.UNKNOWN:
        custody = applicant.custody_status
    today = timezone.localdate()
    tasks = Task.objects.filter(case=case, done_at__isnull=True).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    return CaseSummary(
        offense=row.offense,
        sentence="; ".join(dict.fromkeys(s.description for s in sentences if s.description)),
        custody=custody,
        facility=applicant.facility if applicant is not None else "",
        leads=row.leads,
        days_in_stage=days_in_stage(case),
        open_tasks=tasks["open"],
        overdue_tasks=tasks["overdue"],
        open_leads=Lead.objects.filter(case=case, status=Lead.Status.OPEN).count(),
    )


def case_get(*, user: User, ref: str, write: bool = False) -> Case:
    """Fetch one case for ``user`` or raise NotFoundError (never 'exists but forbidden');
    ``write=True`` also requires write access (else PermissionDeniedError)."""
    case = case_queryset(user).select_related("organization").filter(ref=ref).first()
    if case is None:
        raise NotFoundError("Case not found.", kind="case")
    setattr(case, _FETCHED_FOR, user.pk)
    if write and _access_of_visible(user, case) < Access.WRITE:
        raise PermissionDeniedError("Your role gives read-only access to this case.")
    return case


def person_list(*, user: User, q: str = "") -> QuerySet[Person]:
    """People records of the user's own organization (cross-organization linking is separate)."""
    if user.organization_id is None:
        return Person.objects.none()
    return organization_people(user.organization_id, q=q)


def organization_people(
    organization_id: int, *, q: str = "", ids: Sequence[object] | None = None
) -> QuerySet[Person]:
    """An organization's people records matching ``q`` (name, alias or badge), or with these ids.
    For choosing people on a case already fetched through ``case_get``."""
    qs = Person.objects.filter(organization_id=organization_id)
    if q:
        qs = qs.filter(
            Q(last_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(aliases__icontains=q)
            | Q(badge_number=q)
        )
    return qs if ids is None else qs.filter(pk__in=ids)


def case_people_choices(
    *, user: User, case: Case, q: str = "", ids: Sequence[object] | None = None
) -> QuerySet[Person]:
    """The people ``user`` may name on ``case`` (a people link, a lead): the case organization's
    directory as far as ``person_list`` lets the user read it. A partner organization, which cannot
    read the owner's directory, names no one, and an id it cannot read is refused like an unknown one."""
    qs = person_list(user=user, q=q).filter(organization_id=case.organization_id)
    return qs if ids is None else qs.filter(pk__in=ids)


def person_get(*, user: User, person_id: int) -> tuple[Person, QuerySet[CasePerson]]:
    """A person and their appearances in the cases this user may see (never counts of hidden ones)."""
    person = person_list(user=user).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError("Person not found.", kind="person")
    appearances = CasePerson.objects.filter(
        person=person, case__in=case_queryset(user)
    ).select_related("case")
    return person, appearances


def person_appearances_linked(*, user: User, person: Person) -> QuerySet[CasePerson]:
    """The appearances, on cases ``user`` may see, of ``person`` and of every Person record known to
    be the same person (e.g. the same detective entered twice, grouped by person linkage)."""
    return (
        CasePerson.objects.filter(
            person_id__in=same_person_ids(person), case__in=case_queryset(user)
        )
        .select_related("case", "person")
        .order_by("-case__received_on", "case__ref")
    )


def screening_criteria(
    organization_id: int, *, active_only: bool = True
) -> QuerySet[ScreeningCriterion]:
    """The organization's screening checklist in its order; ``active_only=False`` adds the
    deactivated criteria (kept for the answers recorded against them)."""
    criteria = ScreeningCriterion.objects.filter(organization_id=organization_id)
    return (criteria.filter(active=True) if active_only else criteria).order_by("position", "id")


def case_facts_grouped(case: Case) -> dict[str, list[FactAssertion]]:
    """Sourced facts by key; a key with more than one distinct value is a conflict between sources."""
    grouped: dict[str, list[FactAssertion]] = {}
    for fact in case.facts.select_related("recorded_by"):
        grouped.setdefault(fact.key, []).append(fact)
    return grouped


def fact_conflicts(grouped: dict[str, list[FactAssertion]]) -> set[str]:
    return {
        key for key, facts in grouped.items() if len({f.value.strip().lower() for f in facts}) > 1
    }
