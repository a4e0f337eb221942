"""REST API for the credibility registry: /api/v1/credibility (the organization's own list) and
/api/v1/cases/{ref}/credibility-alerts (a case's alerts, behind the case wall)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.cases.selectors import case_get
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, Body, IsoDate
from habeas.credibility.models import CredibilityAlert, Finding, Official
from habeas.credibility.selectors import OfficialFilter, case_alerts, official_get, officials
from habeas.credibility.services.alerts import alert_review
from habeas.credibility.services.convictions import find_convictions
from habeas.credibility.services.registry import finding_add, finding_status_set, official_create
from habeas.credibility.services.sheets import sheet_import, sheet_preview, sheet_read

router = Router(tags=["credibility registry"])
cases_router = Router(tags=["credibility registry"])


class CredibilityFindingOut(Schema):
    id: int
    type: str
    om_code: str
    date: dt.date | None
    description: str
    citation: str
    status: str
    removed_reason: str
    notified_on: dt.date | None
    response: str


class CredibilityOfficialOut(Schema):
    id: int
    kind: str
    full_name: str
    aliases: list[str]
    agency: str
    badges: list[str]
    notes: str
    findings: list[CredibilityFindingOut]


class CredibilityOfficialIn(Body):
    full_name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["officer", "detective", "analyst", "informant", "expert"] = "officer"
    agency: str = Field("", max_length=300)
    badges: list[str] = Field(default_factory=list, max_length=20)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=5000)


class CredibilityFindingIn(Body):
    type: Literal[
        "sustained_ia",
        "court_credibility",
        "perjury",
        "criminal_charge",
        "criminal_conviction",
        "lab_audit",
        "decertification",
        "discipline",
        "other",
    ]
    description: str = Field("", max_length=5000)
    date: IsoDate | None = None
    om_code: str = Field("", max_length=4, description="NRE official-misconduct sub-code")
    status: Literal["pending", "listed", "disclosed", "removed"] = "pending"
    citation: str = Field("", max_length=1000)


class CredibilityStatusIn(Body):
    status: Literal["pending", "listed", "disclosed", "removed"]
    reason: str = Field("", max_length=1000, description="Required for a removal")


class CredibilityAlertOut(Schema):
    id: int
    official_id: int
    official: str
    source: str
    written: str
    passage: str
    reason: str
    score: float
    status: str
    disclosed_on: dt.date | None


class CredibilityAlertIn(Body):
    status: Literal["new", "not_him", "confirmed"]


class CredibilityRunOut(Schema):
    run_id: int
    watchlist_id: int


class CredibilityImportIn(Body):
    content: str = Field(
        ..., min_length=1, max_length=20_000_000, description="The sheet as CSV text"
    )
    mapping: dict[str, str] = Field(
        default_factory=dict,
        description="Field (name, aliases, kind, agency, badges, finding_type, finding, date, "
        "status, source, notes) -> the header of its column, overriding the guess ('' leaves it out)",
    )
    valid_only: bool = Field(False, description="Import the valid rows and leave the others out")
    check_only: bool = Field(False, description="Only check: store nothing")


class CredibilityRowErrorOut(Schema):
    row: int
    column: str
    problem: str


class CredibilityImportOut(Schema):
    mapping: dict[str, str]
    valid_rows: int
    errors: list[CredibilityRowErrorOut]
    imported: bool
    officials_created: int = 0
    officials_updated: int = 0
    findings_created: int = 0
    findings_updated: int = 0


class CredibilityQuery(Schema):
    q: str = Field("", max_length=100)
    kind: str = Field("", max_length=12)
    status: str = Field("", max_length=10)


def _finding_out(f: Finding) -> dict[str, Any]:
    return {
        **{
            k: getattr(f, k)
            for k in (
                "id",
                "type",
                "om_code",
                "date",
                "description",
                "status",
                "removed_reason",
                "notified_on",
                "response",
            )
        },
        "citation": f.source_citation,
    }


def _official_out(o: Official) -> dict[str, Any]:
    return {
        **{
            k: getattr(o, k)
            for k in ("id", "kind", "full_name", "aliases", "agency", "badges", "notes")
        },
        "findings": [_finding_out(f) for f in o.findings.all()],
    }


def _alert_out(a: CredibilityAlert) -> dict[str, Any]:
    return {
        **{
            k: getattr(a, k)
            for k in (
                "id",
                "official_id",
                "source",
                "written",
                "passage",
                "reason",
                "score",
                "status",
                "disclosed_on",
            )
        },
        "official": a.official.full_name,
    }


@router.get(
    "/officials",
    response={200: list[CredibilityOfficialOut], **READ_ERRORS},
    summary="Your organization's credibility list",
)
def officials_list(request: HttpRequest, query: Query[CredibilityQuery]) -> list[dict[str, Any]]:
    user = request_user(request)
    only = OfficialFilter(q=query.q, kind=query.kind, status=query.status)
    audit_read(actor=user, action="credibility.list", request=request)
    return [_official_out(o) for o in officials(user=user, only=only)[:1000]]


@router.post(
    "/officials",
    response={201: CredibilityOfficialOut, **WRITE_ERRORS},
    summary="Add an official",
)
def official_add(request: HttpRequest, payload: CredibilityOfficialIn) -> Status[dict[str, Any]]:
    official = official_create(actor=request_user(request), **payload.model_dump())
    return Status(201, _official_out(official))


@router.post(
    "/import",
    response={200: CredibilityImportOut, **WRITE_ERRORS},
    summary="Import the office's spreadsheet (CSV text): all rows or none, unless valid_only",
)
def sheet_in(request: HttpRequest, payload: CredibilityImportIn) -> dict[str, Any]:
    user = request_user(request)
    sheet = sheet_read(payload.content.encode(), "sheet.csv")
    preview = sheet_preview(actor=user, sheet=sheet, override=payload.mapping)
    out: dict[str, Any] = {
        "mapping": preview.mapped(),
        "valid_rows": len(preview.check.rows),
        "errors": [
            {"row": e.row, "column": e.column, "problem": e.problem} for e in preview.check.errors
        ],
        "imported": False,
    }
    if payload.check_only:
        return out
    result = sheet_import(actor=user, preview=preview, valid_only=payload.valid_only)
    return {
        **out,
        "imported": True,
        "officials_created": result.officials_created,
        "officials_updated": result.officials_updated,
        "findings_created": result.findings_created,
        "findings_updated": result.findings_updated,
    }


@router.get(
    "/officials/{official_id}",
    response={200: CredibilityOfficialOut, **READ_ERRORS},
    summary="One official with his findings",
)
def official_read(request: HttpRequest, official_id: int) -> dict[str, Any]:
    user = request_user(request)
    official = official_get(user=user, official_id=official_id)
    audit_read(actor=user, action="credibility.official", obj=official, request=request)
    return _official_out(official)


@router.post(
    "/officials/{official_id}/findings",
    response={201: CredibilityFindingOut, **WRITE_ERRORS},
    summary="Add a finding (only administrators and attorneys may set a status other than pending)",
)
def finding_new(
    request: HttpRequest, official_id: int, payload: CredibilityFindingIn
) -> Status[dict[str, Any]]:
    finding = finding_add(
        actor=request_user(request), official_id=official_id, **payload.model_dump()
    )
    return Status(201, _finding_out(finding))


@router.post(
    "/findings/{finding_id}/status",
    response={200: CredibilityFindingOut, **WRITE_ERRORS},
    summary="Change a finding's list status (administrators and attorneys)",
)
def finding_status(
    request: HttpRequest, finding_id: int, payload: CredibilityStatusIn
) -> dict[str, Any]:
    finding = finding_status_set(
        actor=request_user(request),
        finding_id=finding_id,
        status=payload.status,
        reason=payload.reason,
    )
    return _finding_out(finding)


@router.post(
    "/officials/{official_id}/find-convictions",
    response={202: CredibilityRunOut, **WRITE_ERRORS},
    summary="Run the systemic review with his identity (background)",
)
def convictions(request: HttpRequest, official_id: int) -> Status[dict[str, Any]]:
    run = find_convictions(actor=request_user(request), official_id=official_id)
    return Status(202, {"run_id": run.pk, "watchlist_id": run.watchlist_id})


@router.post(
    "/alerts/{alert_id}",
    response={200: CredibilityAlertOut, **WRITE_ERRORS},
    summary="Review an alert: confirmed, or not the same person",
)
def alert_decide(
    request: HttpRequest, alert_id: int, payload: CredibilityAlertIn
) -> dict[str, Any]:
    alert = alert_review(actor=request_user(request), alert_id=alert_id, status=payload.status)
    return _alert_out(alert)


@cases_router.get(
    "/{ref}/credibility-alerts",
    response={200: list[CredibilityAlertOut], **READ_ERRORS},
    summary="The listed officials a case names (your organization's list only)",
)
def case_alert_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    user = request_user(request)
    case = case_get(user=user, ref=ref)
    audit_read(actor=user, action="credibility.case_alerts", case=case, request=request)
    return [_alert_out(a) for a in case_alerts(user=user, case=case)]
