"""Reads for systemic review, always within the user's own organization (another organization's
watchlists, runs, matches and bulk files answer 404, as if they did not exist)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from habeas.accounts.models import User
from habeas.cases.models import Party
from habeas.cases.selectors import case_list
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.systemic.models import (
    BulkImport,
    Decision,
    ReviewMatch,
    ReviewRun,
    WatchEntry,
    Watchlist,
)

MATCHES_PAGE = 100


def organization_id_checked(user: User) -> int:
    if user.organization_id is None:
        raise PermissionDeniedError("You belong to no organization.")
    return user.organization_id


def watchlists(*, user: User) -> QuerySet[Watchlist]:
    return Watchlist.objects.filter(organization_id=organization_id_checked(user)).prefetch_related(
        "entries", "runs"
    )


def watchlist_get(*, user: User, watchlist: str | int) -> Watchlist:
    """A watchlist of the user's own organization, by id or name (404 otherwise)."""
    qs = Watchlist.objects.filter(organization_id=organization_id_checked(user))
    found = (
        qs.filter(pk=int(watchlist)).first()
        if str(watchlist).isdigit()
        else qs.filter(name=watchlist).first()
    )
    if found is None:
        raise NotFoundError("Watchlist not found.")
    return found


def bulk_imports(*, user: User) -> QuerySet[BulkImport]:
    return BulkImport.objects.filter(organization_id=organization_id_checked(user)).select_related(
        "imported_by"
    )


def review_run_get(*, user: User, run_id: int) -> ReviewRun:
    run = (
        ReviewRun.objects.filter(
            pk=run_id, watchlist__organization_id=organization_id_checked(user)
        )
        .select_related("watchlist", "started_by")
        .first()
    )
    if run is None:
        raise NotFoundError("Review run not found.")
    return run


# How a reviewer may order the matches: the key in the page's query string -> the ORM ordering.
MATCH_ORDERS = {
    "score": ("entry_id", "-score", "docket"),
    "newest": ("-conviction_date", "docket"),
    "oldest": ("conviction_date", "docket"),
    "defendant": ("last_name", "first_name", "defendant", "docket"),
    "docket": ("docket",),
}


@dataclass(frozen=True)
class MatchFilter:
    """What the run page narrows the matches to; every field empty means all of them."""

    decision: str = ""
    entry: int | None = None  # one watched person of the list
    offense: str = ""  # words of the offense ("robbery", "211")
    year_from: int | None = None  # conviction year
    year_to: int | None = None
    court: str = ""
    order: str = "score"


def review_matches(
    run: ReviewRun, *, decision: str = "", only: MatchFilter | None = None
) -> QuerySet[ReviewMatch]:
    """A run already fetched through ``review_run_get``: its matches, narrowed and ordered."""
    only = only or MatchFilter(decision=decision)
    matches = ReviewMatch.objects.filter(run=run).select_related("entry", "case")
    if only.decision in Decision.values:
        matches = matches.filter(decision=only.decision)
    if only.entry is not None:
        matches = matches.filter(entry_id=only.entry)
    if only.offense.strip():
        matches = matches.filter(offense__icontains=only.offense.strip())
    if only.court.strip():
        matches = matches.filter(court__icontains=only.court.strip())
    if only.year_from is not None:
        matches = matches.filter(conviction_date__year__gte=only.year_from)
    if only.year_to is not None:
        matches = matches.filter(conviction_date__year__lte=only.year_to)
    return matches.order_by(*MATCH_ORDERS.get(only.order, MATCH_ORDERS["score"]))


def review_entries(run: ReviewRun) -> list[WatchEntry]:
    """The watched people of a run already fetched through ``review_run_get``."""
    return list(run.watchlist.entries.order_by("pk"))


def review_match_courts(run: ReviewRun) -> list[str]:
    """The courts a run's matches come from, for the page's filter."""
    return sorted(
        c
        for c in ReviewMatch.objects.filter(run=run).values_list("court", flat=True).distinct()
        if c
    )


@dataclass(frozen=True)
class KnownCase:
    ref: str
    title: str
    stage: str


def review_known_cases(*, user: User, matches: Iterable[ReviewMatch]) -> dict[int, list[KnownCase]]:
    """Cases the user may see whose applicant or co-defendant has a match's defendant's name (and
    date of birth, where both are known): so a reviewer sees that a record is on a case already.
    One query for the whole page of matches."""
    wanted = [m for m in matches if m.last_name and m.first_name]
    if not wanted:
        return {}
    names = Q()
    for m in wanted:
        names |= Q(first_name__iexact=m.first_name, last_name__iexact=m.last_name)
    parties = (
        Party.objects.filter(names, case__in=case_list(user=user))
        .exclude(kind=Party.Kind.VICTIM)
        .select_related("case")
    )
    by_name: dict[tuple[str, str], list[Party]] = {}
    for party in parties:
        by_name.setdefault((party.first_name.lower(), party.last_name.lower()), []).append(party)
    found: dict[int, list[KnownCase]] = {}
    for m in wanted:
        for party in by_name.get((m.first_name.lower(), m.last_name.lower()), []):
            if m.dob and party.date_of_birth and m.dob != party.date_of_birth:
                continue
            known = KnownCase(party.case.ref, party.case.title, party.case.stage)
            if known not in found.setdefault(m.pk, []):
                found[m.pk].append(known)
    return found


def match_get(*, user: User, match_id: int) -> ReviewMatch:
    match = (
        ReviewMatch.objects.filter(
            pk=match_id, run__watchlist__organization_id=organization_id_checked(user)
        )
        .select_related("run__watchlist", "entry", "case")
        .first()
    )
    if match is None:
        raise NotFoundError("Review match not found.")
    return match
