"""Reads of the credibility registry. Officials and findings: the user's own organization only
(404 otherwise). Alerts: only on cases the user may see (``case_visibility_q``) AND about officials
of the user's own organization, so a partner organization on a shared case sees no registry data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.selectors import case_visibility_q
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.credibility.models import CredibilityAlert, Finding, Official
from habeas.documents.models import Document
from habeas.documents.selectors import document_get
from habeas.domain.credibility.vocabulary import ACTIVE_STATUSES
from habeas.domain.workflow import Stage
from habeas.systemic.models import ReviewRun

CLOSED_STAGES = (Stage.CLOSED, Stage.DECLINED, Stage.WITHDRAWN)

PAGE = 50


def _organization_id(user: User) -> int:
    if not user.is_active or user.organization_id is None:
        raise PermissionDeniedError("You belong to no organization.")
    return user.organization_id


@dataclass(frozen=True)
class OfficialFilter:
    q: str = ""  # name, alias, agency or badge
    kind: str = ""
    status: str = ""  # officials with at least one finding of this status
    agency: str = ""


def officials(*, user: User, only: OfficialFilter | None = None) -> QuerySet[Official]:
    only = only or OfficialFilter()
    qs = Official.objects.filter(organization_id=_organization_id(user))
    if only.q.strip():
        q = only.q.strip()
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(aliases__icontains=q)
            | Q(agency__icontains=q)
            | Q(badges__icontains=q)
        )
    if only.kind:
        qs = qs.filter(kind=only.kind)
    if only.agency.strip():
        qs = qs.filter(agency__icontains=only.agency.strip())
    if only.status:
        qs = qs.filter(findings__status=only.status).distinct()
    return (
        qs.annotate(finding_count=Count("findings", distinct=True))
        .prefetch_related("findings")
        .order_by("full_name", "pk")
    )


def official_get(*, user: User, official_id: int) -> Official:
    found = (
        Official.objects.filter(pk=official_id, organization_id=_organization_id(user))
        .prefetch_related("findings", "assignments")
        .first()
    )
    if found is None:
        raise NotFoundError("Official not found.")
    return found


def finding_get(*, user: User, finding_id: int) -> Finding:
    found = (
        Finding.objects.filter(pk=finding_id, official__organization_id=_organization_id(user))
        .select_related("official", "source_document__case")
        .first()
    )
    if found is None:
        raise NotFoundError("Finding not found.")
    return found


def source_document_get(*, user: User, case_ref: str, document_id: int) -> Document:
    """A case document as a finding's source: one the user may read, of a case of their own
    organization (a partner's case document is not the owner's registry's to cite)."""
    case, document = document_get(user=user, case_ref=case_ref, document_id=document_id)
    if case.organization_id != user.organization_id:
        raise NotFoundError("Document not found.")
    return document


def listed_officials(organization_id: int) -> QuerySet[Official]:
    """Officials with at least one finding on the list or disclosed (the ones that alert)."""
    return (
        Official.objects.filter(
            organization_id=organization_id, findings__status__in=ACTIVE_STATUSES
        )
        .distinct()
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.filter(status__in=ACTIVE_STATUSES)),
            "assignments",
        )
    )


def _alerts_visible(user: User) -> QuerySet[CredibilityAlert]:
    if not user.is_active or user.organization_id is None:
        return CredibilityAlert.objects.none()
    return CredibilityAlert.objects.filter(
        case__in=Case.objects.filter(case_visibility_q(user)),
        official__organization_id=user.organization_id,
    )


def case_alerts(*, user: User, case: Case) -> list[CredibilityAlert]:
    """A case already fetched through ``case_get``: its alerts the user may see, about officials
    with a finding still on the list (the findings prefetched: only those on the list)."""
    return list(
        _alerts_visible(user)
        .filter(case=case, official__findings__status__in=ACTIVE_STATUSES)
        .distinct()
        .select_related("official", "case")
        .prefetch_related(
            Prefetch(
                "official__findings",
                queryset=Finding.objects.filter(status__in=ACTIVE_STATUSES),
            )
        )
        .order_by("official__full_name", "source", "pk")
    )


def official_alerts(*, user: User, official: Official) -> QuerySet[CredibilityAlert]:
    """An official already fetched through ``official_get``: his alerts on cases the user may see."""
    return _alerts_visible(user).filter(official=official).select_related("case")


def official_hidden_alert_cases(*, user: User, official: Official) -> int | None:
    """How many other cases name him that the user may not see, when the organization shows hidden
    counts (the pattern-alert setting); None otherwise. Never which ones."""
    organization = user.organization
    if organization is None or not organization.pattern_hidden_counts:
        return None
    every = set(
        CredibilityAlert.objects.filter(official=official)
        .exclude(status="not_him")
        .values_list("case_id", flat=True)
    )
    seen = set(official_alerts(user=user, official=official).values_list("case_id", flat=True))
    return len(every - seen)


def alert_get(*, user: User, alert_id: int) -> CredibilityAlert:
    found = _alerts_visible(user).filter(pk=alert_id).select_related("case", "official").first()
    if found is None:
        raise NotFoundError("Alert not found.")
    return found


@dataclass(frozen=True)
class UndisclosedCase:
    case: Case
    officials: list[str]
    alerts: int


def undisclosed_cases(*, user: User) -> list[UndisclosedCase]:
    """Open cases the user may see that name a listed official and have not disclosed it."""
    alerts = (
        _alerts_visible(user)
        .filter(
            disclosed_on__isnull=True,
            official__findings__status__in=ACTIVE_STATUSES,
        )
        .exclude(status="not_him")
        .exclude(case__stage__in=CLOSED_STAGES)
        .distinct()
        .select_related("case", "official")
        .order_by("case__ref", "official__full_name")
    )
    by_case: dict[int, UndisclosedCase] = {}
    for alert in alerts:
        row = by_case.setdefault(alert.case_id, UndisclosedCase(alert.case, [], 0))
        if alert.official.full_name not in row.officials:
            row.officials.append(alert.official.full_name)
        by_case[alert.case_id] = UndisclosedCase(row.case, row.officials, row.alerts + 1)
    return list(by_case.values())


def official_runs(official: Official) -> list[ReviewRun]:
    """An official already fetched through ``official_get``: his latest "find every conviction" runs."""
    if official.watchlist_id is None:
        return []
    return list(
        ReviewRun.objects.filter(watchlist_id=official.watchlist_id).order_by("-started_at")[:5]
    )
