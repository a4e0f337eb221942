"""Reads for systemic review, always within the user's own organization (another organization's
watchlists, runs, matches and bulk files answer 404, as if they did not exist)."""

from __future__ import annotations

from django.db.models import QuerySet

from habeas.accounts.models import User
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.systemic.models import BulkImport, Decision, ReviewMatch, ReviewRun, Watchlist

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


def review_matches(run: ReviewRun, *, decision: str = "") -> QuerySet[ReviewMatch]:
    """A run already fetched through ``review_run_get``: its matches, optionally by decision."""
    matches = ReviewMatch.objects.filter(run=run).select_related("entry", "case")
    return matches.filter(decision=decision) if decision in Decision.values else matches


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
