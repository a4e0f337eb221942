"""REST API for person linkage: /api/v1/linking/... and /api/v1/people/{id}/links (organization-scoped)."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.cases.selectors import person_get
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, Body, Flag, PageNumber, UtcDateTime
from habeas.core.errors import NotFoundError
from habeas.linkage.models import LinkDecision, LinkPair, LinkRecord, LinkRun
from habeas.linkage.selectors import (
    group_read,
    link_run_get,
    link_runs,
    pairs_to_decide,
    person_links,
)
from habeas.linkage.services import link_decide, link_enqueue, link_pair_decide

router = Router(tags=["person linkage"])
PAGE = 100


class RunIn(Body):
    backend: Literal["duckdb", "spark"] | None = Field(
        None, description="Default: the HABEAS_LINK_BACKEND setting"
    )


class LinkRunOut(Schema):
    id: int
    status: str
    backend: str
    started_at: UtcDateTime
    finished_at: UtcDateTime | None
    error: str
    records: int
    skipped: int
    by_source: dict[str, int]
    pairs_scored: int
    merged_pairs: int
    review_pairs: int
    groups: int
    trained: bool
    warnings: list[str]


class RecordOut(Schema):
    key: str
    source: str
    name: str
    role: str
    dob: str | None
    badge: str
    agency: str
    person_id: int | None
    case_ref: str | None
    detail: dict[str, Any]
    group: str


class PairOut(Schema):
    id: int
    left: RecordOut
    right: RecordOut
    probability: float
    weight: float
    agreed: list[str]
    disagreed: list[str]


class PairPage(Schema):
    count: int
    page: int
    results: list[PairOut]


class LinkReviewQuery(Schema):
    page: PageNumber = 1


class PairDecisionIn(Body):
    same: Flag = Field(
        ..., description="true: the same person (merge); false: different people (keep apart)"
    )
    note: str = Field("", max_length=500)


class LinkDecisionIn(PairDecisionIn):
    left_key: str = Field(
        ..., min_length=1, max_length=80, description="A record key, e.g. p12 (Person 12)"
    )
    right_key: str = Field(..., min_length=1, max_length=80)


class LinkDecisionOut(Schema):
    left_key: str
    right_key: str
    same: bool
    origin: str
    note: str
    decided_by: str
    decided_at: UtcDateTime


class MemberOut(Schema):
    record: RecordOut
    evidence: list[str]


class LinksOut(Schema):
    record: RecordOut
    members: list[MemberOut]
    hidden: int | None = Field(
        description="Group members you may not see (only if your organization shows the count)"
    )
    bulk_rows: int
    decisions: list[LinkDecisionOut]
    review: list[PairOut]


def _run_out(run: LinkRun) -> dict[str, Any]:
    return {f: getattr(run, f) for f in LinkRunOut.model_fields}


def _record_out(r: LinkRecord) -> dict[str, Any]:
    return {
        "key": r.key,
        "source": r.source,
        "name": r.name,
        "role": r.role,
        "dob": r.dob.isoformat() if r.dob else None,
        "badge": r.badge,
        "agency": r.agency,
        "person_id": r.person_id,
        "case_ref": r.case.ref if r.case else None,
        "detail": r.detail,
        "group": r.group,
    }


def _pair_out(p: LinkPair) -> dict[str, Any]:
    return {
        "id": p.pk,
        "left": _record_out(p.left),
        "right": _record_out(p.right),
        "probability": p.probability,
        "weight": p.weight,
        "agreed": p.agreed,
        "disagreed": p.disagreed,
    }


def _decision_out(d: LinkDecision) -> dict[str, Any]:
    return {
        "left_key": d.left_key,
        "right_key": d.right_key,
        "same": d.same,
        "origin": d.origin,
        "note": d.note,
        "decided_by": d.decided_by.username,
        "decided_at": d.decided_at,
    }


@router.post(
    "/linking/runs",
    response={202: LinkRunOut, **WRITE_ERRORS},
    summary="Start a linkage run (background)",
)
def run_start(request: HttpRequest, payload: RunIn) -> Status[dict[str, Any]]:
    return Status(202, _run_out(link_enqueue(actor=request_user(request), backend=payload.backend)))


@router.get(
    "/linking/runs", response={200: list[LinkRunOut], **READ_ERRORS}, summary="Recent linkage runs"
)
def runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_run_out(r) for r in link_runs(user=request_user(request))[:20]]


@router.get(
    "/linking/runs/{run_id}", response={200: LinkRunOut, **READ_ERRORS}, summary="One linkage run"
)
def run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    user = request_user(request)
    run = link_run_get(user=user, run_id=run_id)
    audit_read(actor=user, action="link.run.read", obj=run, request=request)
    return _run_out(run)


@router.get(
    "/linking/review",
    response={200: PairPage, **READ_ERRORS},
    summary="Pairs the model was unsure of (never merged automatically), strongest first",
)
def review(request: HttpRequest, query: Query[LinkReviewQuery]) -> dict[str, Any]:
    user = request_user(request)
    pairs = pairs_to_decide(user=user)
    audit_read(actor=user, action="link.review.read", detail={"page": query.page}, request=request)
    start = (query.page - 1) * PAGE
    return {
        "count": pairs.count(),
        "page": query.page,
        "results": [_pair_out(p) for p in pairs[start : start + PAGE]],
    }


@router.post(
    "/linking/pairs/{pair_id}/decision",
    response={200: LinkDecisionOut, **WRITE_ERRORS},
    summary="Decide a review pair: the same person or not",
)
def pair_decide(request: HttpRequest, pair_id: int, payload: PairDecisionIn) -> dict[str, Any]:
    return _decision_out(
        link_pair_decide(
            actor=request_user(request), pair_id=pair_id, same=payload.same, note=payload.note
        )
    )


@router.post(
    "/linking/decisions",
    response={200: LinkDecisionOut, **WRITE_ERRORS},
    summary="Merge (same) or split (not same) two records by key; kept for every later run",
)
def decide(request: HttpRequest, payload: LinkDecisionIn) -> dict[str, Any]:
    return _decision_out(
        link_decide(
            actor=request_user(request),
            left_key=payload.left_key,
            right_key=payload.right_key,
            same=payload.same,
            note=payload.note,
            origin=LinkDecision.Origin.MERGE if payload.same else LinkDecision.Origin.SPLIT,
        )
    )


@router.get(
    "/people/{person_id}/links",
    response={200: LinksOut, **READ_ERRORS},
    summary="The records linked to a person, with the evidence for each",
)
def links(request: HttpRequest, person_id: int) -> dict[str, Any]:
    user = request_user(request)
    person, _ = person_get(user=user, person_id=person_id)
    found = person_links(user=user, person=person)
    if found is None:
        raise NotFoundError("This person has not been through a linkage run yet.")
    group_read(user=user, person=person, links=found, request=request)
    return {
        "record": _record_out(found.record),
        "members": [
            {"record": _record_out(m.record), "evidence": m.evidence} for m in found.members
        ],
        "hidden": found.hidden,
        "bulk_rows": found.bulk_rows,
        "decisions": [_decision_out(d) for d in found.decisions],
        "review": [_pair_out(p) for p in found.review],
    }
