"""Every read of case data goes through here: visibility is decided in the query, never after it.

Selectors have no side effects: the interface that shows what they return (a page, an API call, a
command) writes the one audit row for it (``habeas.cases.reads``, ``audit_read``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from django.db.models import Q, QuerySet

from habeas.accounts.models import User
from habeas.accounts.roles import ORG_WIDE_READ_ROLES, WRITER_ROLES, Role
from habeas.cases.models import (
    Case,
    CasePerson,
    CaseShare,
    CaseTeamMember,
    FactAssertion,
    Person,
    ScreeningCriterion,
)
from habeas.cases.panels import same_person_ids
from habeas.core.errors import NotFoundError, PermissionDeniedError


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


def case_access(user: User, case: Case) -> Access:
    if not Case.objects.filter(case_visibility_q(user), pk=case.pk).exists():
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
    mine: bool = False  # only cases where the user is on the team
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


def case_get(*, user: User, ref: str, write: bool = False) -> Case:
    """Fetch one case for ``user`` or raise NotFoundError (never 'exists but forbidden');
    ``write=True`` also requires write access (else PermissionDeniedError)."""
    case = case_queryset(user).select_related("organization").filter(ref=ref).first()
    if case is None:
        raise NotFoundError("Case not found.")
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


def person_get(*, user: User, person_id: int) -> tuple[Person, QuerySet[CasePerson]]:
    """A person and their appearances in the cases this user may see (never counts of hidden ones)."""
    person = person_list(user=user).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError("Person not found.")
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
