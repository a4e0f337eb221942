"""REST API for systemic review: /api/v1/watchlists and /api/v1/reviews (organization-scoped)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, Body, IsoDate, UtcDateTime
from habeas.core.errors import NotFoundError
from habeas.systemic.models import ReviewMatch, ReviewRun, Watchlist
from habeas.systemic.services import (
    match_decide,
    match_to_intake,
    review_enqueue,
    watchlist_create,
    watchlist_get,
)
from habeas.systemic.views import export_response

router = Router(tags=["systemic review"])


class EntryIn(Body):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["officer", "analyst", "witness", "any"] = "any"
    lab: str = Field("", max_length=200)
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    note: str = Field("", max_length=500)


class WatchlistIn(Body):
    name: str = Field(..., min_length=1, max_length=200)
    reason: str = Field(
        ..., min_length=1, max_length=5000, description="The documented problem and its source"
    )
    entries: list[EntryIn] = Field(..., min_length=1, max_length=100_000)


class WatchlistOut(Schema):
    id: int
    name: str
    reason: str
    entries: int
    skipped: list[str] = Field(default_factory=list)


class RunOut(Schema):
    id: int
    watchlist_id: int
    started_at: UtcDateTime
    finished_at: UtcDateTime | None
    status: str = Field(description="running or finished")
    records_files: int
    matches: int
    partners: list[dict[str, Any]]


class MatchOut(Schema):
    id: int
    watch_name: str
    field: str
    written: str
    score: float
    reason: str
    docket: str
    court: str
    defendant: str
    dob: dt.date | None
    offense: str
    conviction_date: dt.date | None
    decision: str
    intake: str


class MatchPage(Schema):
    count: int
    page: int
    results: list[MatchOut]


class MatchQuery(Schema):
    page: int = Field(1, ge=1)
    decision: str = ""


class DecisionIn(Body):
    decision: Literal["pending", "confirmed", "rejected"]


def _run(user: User, run_id: int) -> ReviewRun:
    run = ReviewRun.objects.filter(pk=run_id, watchlist__organization=user.organization).first()
    if run is None or user.organization is None:
        raise NotFoundError("Review run not found.")
    return run


def _run_out(run: ReviewRun) -> dict[str, Any]:
    return {
        **{
            f: getattr(run, f)
            for f in (
                "id",
                "watchlist_id",
                "started_at",
                "finished_at",
                "records_files",
                "matches",
                "partners",
            )
        },
        "status": "finished" if run.finished_at else "running",
    }


def _match_out(m: ReviewMatch) -> dict[str, Any]:
    return {
        **{
            f: getattr(m, f)
            for f in (
                "id",
                "field",
                "written",
                "score",
                "reason",
                "docket",
                "court",
                "defendant",
                "dob",
                "offense",
                "conviction_date",
                "decision",
            )
        },
        "watch_name": m.entry.name,
        "intake": m.case.ref if m.case else "",
    }


@router.get(
    "/watchlists",
    response={200: list[WatchlistOut], **READ_ERRORS},
    summary="Your organization's watchlists",
)
def watchlists(request: HttpRequest) -> list[dict[str, Any]]:
    user = request_user(request)
    audit_record(actor=user, action="watchlist.list")
    return [
        {"id": w.pk, "name": w.name, "reason": w.reason, "entries": w.entries.count()}
        for w in Watchlist.objects.filter(organization=user.organization).prefetch_related(
            "entries"
        )
    ]


@router.post(
    "/watchlists", response={201: WatchlistOut, **WRITE_ERRORS}, summary="Create a watchlist"
)
def watchlist_add(request: HttpRequest, payload: WatchlistIn) -> Status[dict[str, Any]]:
    wl, skipped = watchlist_create(
        actor=request_user(request),
        name=payload.name,
        reason=payload.reason,
        entries=[e.model_dump() for e in payload.entries],
    )
    return Status(
        201,
        {
            "id": wl.pk,
            "name": wl.name,
            "reason": wl.reason,
            "entries": wl.entries.count(),
            "skipped": skipped,
        },
    )


@router.post(
    "/watchlists/{watchlist_id}/runs",
    response={202: RunOut, **WRITE_ERRORS},
    summary="Start a review run (background)",
)
def run_start(request: HttpRequest, watchlist_id: int) -> Status[dict[str, Any]]:
    watchlist_get(user=request_user(request), watchlist=watchlist_id)
    return Status(
        202, _run_out(review_enqueue(actor=request_user(request), watchlist=watchlist_id))
    )


@router.get(
    "/reviews/{run_id}",
    response={200: RunOut, **READ_ERRORS},
    summary="A review run: progress and partners",
)
def run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = _run(request_user(request), run_id)
    audit_record(actor=request_user(request), action="review.read", obj=run)
    return _run_out(run)


@router.get(
    "/reviews/{run_id}/matches",
    response={200: MatchPage, **READ_ERRORS},
    summary="A run's matches, 100 a page",
)
def run_matches(request: HttpRequest, run_id: int, query: Query[MatchQuery]) -> dict[str, Any]:
    run = _run(request_user(request), run_id)
    matches = ReviewMatch.objects.filter(run=run).select_related("entry", "case")
    if query.decision:
        matches = matches.filter(decision=query.decision)
    start = (query.page - 1) * 100
    audit_record(
        actor=request_user(request), action="review.read", obj=run, detail={"page": query.page}
    )
    return {
        "count": matches.count(),
        "page": query.page,
        "results": [_match_out(m) for m in matches[start : start + 100]],
    }


@router.get(
    "/reviews/{run_id}/export",
    response={200: bytes, **READ_ERRORS},
    summary="A run's matches as CSV or XLSX",
)
def run_export(
    request: HttpRequest, run_id: int, format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:  # noqa: A002
    return export_response(request_user(request), _run(request_user(request), run_id), format)


@router.post(
    "/reviews/matches/{match_id}/decision",
    response={200: MatchOut, **WRITE_ERRORS},
    summary="Decide one match",
)
def decide(request: HttpRequest, match_id: int, payload: DecisionIn) -> dict[str, Any]:
    match_decide(actor=request_user(request), match_id=match_id, decision=payload.decision)
    return _match_out(ReviewMatch.objects.select_related("entry", "case").get(pk=match_id))


@router.post(
    "/reviews/matches/{match_id}/intake",
    response={201: MatchOut, **WRITE_ERRORS},
    summary="Open an intake for a confirmed match",
)
def intake(request: HttpRequest, match_id: int) -> Status[dict[str, Any]]:
    match_to_intake(actor=request_user(request), match_id=match_id)
    return Status(
        201, _match_out(ReviewMatch.objects.select_related("entry", "case").get(pk=match_id))
    )
