"""REST API for systemic review: /api/v1/watchlists and /api/v1/reviews (organization-scoped)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, Body, IsoDate, PageNumber, UtcDateTime
from habeas.systemic.exports import export_response
from habeas.systemic.models import ReviewMatch, ReviewRun
from habeas.systemic.selectors import (
    MATCHES_PAGE,
    match_get,
    review_matches,
    review_run_get,
    watchlists,
)
from habeas.systemic.services.reviews import (
    match_decide,
    match_to_intake,
    review_enqueue,
    review_retry,
    watchlist_create,
)

router = Router(tags=["systemic review"])


class EntryIn(Body):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["officer", "analyst", "witness", "any"] = "any"
    agency: str = Field("", max_length=300, description="Agencies served with, separated by ';'")
    badges: list[str] = Field(
        default_factory=list, max_length=20, description="Badge, shield or serial numbers"
    )
    aliases: list[str] = Field(
        default_factory=list, max_length=20, description="Other names he is written as"
    )
    lab: str = Field("", max_length=200)
    date_from: IsoDate | None = Field(
        None, description="Start of the employment or assignment window"
    )
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


class ReviewRunOut(Schema):
    id: int
    watchlist_id: int
    started_at: UtcDateTime
    finished_at: UtcDateTime | None
    status: Literal["running", "finished", "failed"] = Field(
        description="running (queued or under way), finished, or failed (see error; it can be retried)"
    )
    error: str = Field(description="Why the run failed, when it did")
    attempts: int = Field(description="How many times a worker took the run")
    can_retry: bool = Field(description="Failed, or abandoned by its worker: POST .../retry")
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
    page: PageNumber = 1
    decision: str = ""


class MatchDecisionIn(Body):
    decision: Literal["pending", "confirmed", "rejected"]


def _run_out(run: ReviewRun) -> dict[str, Any]:
    return {
        **{
            f: getattr(run, f)
            for f in (
                "id",
                "watchlist_id",
                "started_at",
                "finished_at",
                "error",
                "attempts",
                "records_files",
                "matches",
                "partners",
            )
        },
        "status": "failed" if run.failed else "running" if run.in_progress else "finished",
        "can_retry": run.can_retry,
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
def watchlists_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = request_user(request)
    audit_read(actor=user, action="watchlist.list", request=request)
    return [
        {"id": w.pk, "name": w.name, "reason": w.reason, "entries": w.entries.count()}
        for w in watchlists(user=user)
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
    response={202: ReviewRunOut, **WRITE_ERRORS},
    summary="Start a review run (background)",
)
def run_start(request: HttpRequest, watchlist_id: int) -> Status[dict[str, Any]]:
    return Status(
        202, _run_out(review_enqueue(actor=request_user(request), watchlist=watchlist_id))
    )


@router.get(
    "/reviews/{run_id}",
    response={200: ReviewRunOut, **READ_ERRORS},
    summary="A review run: progress and partners",
)
def run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    user = request_user(request)
    run = review_run_get(user=user, run_id=run_id)
    audit_read(actor=user, action="review.read", obj=run, request=request)
    return _run_out(run)


@router.post(
    "/reviews/{run_id}/retry",
    response={202: ReviewRunOut, **WRITE_ERRORS},
    summary="Queue a failed or abandoned review run again",
)
def run_retry(request: HttpRequest, run_id: int) -> Status[dict[str, Any]]:
    return Status(202, _run_out(review_retry(actor=request_user(request), run_id=run_id)))


@router.get(
    "/reviews/{run_id}/matches",
    response={200: MatchPage, **READ_ERRORS},
    summary="A run's matches, 100 a page",
)
def run_matches(request: HttpRequest, run_id: int, query: Query[MatchQuery]) -> dict[str, Any]:
    user = request_user(request)
    run = review_run_get(user=user, run_id=run_id)
    matches = review_matches(run, decision=query.decision)
    start = (query.page - 1) * MATCHES_PAGE
    audit_read(
        actor=user, action="review.read", obj=run, detail={"page": query.page}, request=request
    )
    return {
        "count": matches.count(),
        "page": query.page,
        "results": [_match_out(m) for m in matches[start : start + MATCHES_PAGE]],
    }


@router.get(
    "/reviews/{run_id}/export",
    response={200: None, **READ_ERRORS},
    summary="A run's matches as CSV or XLSX",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def run_export(
    request: HttpRequest, run_id: int, format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:  # noqa: A002
    user = request_user(request)
    return export_response(user, review_run_get(user=user, run_id=run_id), format)


@router.post(
    "/reviews/matches/{match_id}/decision",
    response={200: MatchOut, **WRITE_ERRORS},
    summary="Decide one match",
)
def decide(request: HttpRequest, match_id: int, payload: MatchDecisionIn) -> dict[str, Any]:
    match = match_decide(actor=request_user(request), match_id=match_id, decision=payload.decision)
    return _match_out(match)


@router.post(
    "/reviews/matches/{match_id}/intake",
    response={201: MatchOut, **WRITE_ERRORS},
    summary="Open an intake for a confirmed match",
)
def intake(request: HttpRequest, match_id: int) -> Status[dict[str, Any]]:
    user = request_user(request)
    match_to_intake(actor=user, match_id=match_id)
    return Status(201, _match_out(match_get(user=user, match_id=match_id)))
