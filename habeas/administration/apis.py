"""/api/v1/audit: the audit log and its integrity check, for administrators and auditors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from habeas.accounts.current import request_user
from habeas.administration.selectors import audit_event_list, audit_reader_checked
from habeas.audit.selectors import audit_chain_verify
from habeas.audit.services import audit_record
from habeas.core.api import READ_ERRORS, ErrorOut, PageNumber

router = Router(tags=["audit"])


class EventFilters(Schema):
    username: str = Field("", max_length=150)
    case_ref: str = Field("", max_length=40)
    action: str = Field("", max_length=60, description="Prefix, e.g. 'case.' or 'auth.login'")
    page: PageNumber = 1
    page_size: int = Field(settings.HABEAS_PAGE_SIZE, ge=1, le=settings.HABEAS_MAX_PAGE_SIZE)


class EventOut(Schema):
    seq: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_id: str
    case_ref: str
    source: str
    address: str
    detail: dict[str, Any]


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EventOut]


class VerifyOut(Schema):
    checked: int
    ok: bool
    first_broken_seq: int | None
    reason: str | None


@router.get(
    "/events",
    response={200: EventPage, **READ_ERRORS, 403: ErrorOut},
    summary="Audit events, newest first",
)
def events(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, object]:
    user = request_user(request)
    audit_reader_checked(user)
    chosen = {
        "username": filters.username.strip(),
        "case_ref": filters.case_ref.strip(),
        "action": filters.action.strip(),
    }
    qs = audit_event_list(
        user=user, username=chosen["username"], case_ref=chosen["case_ref"], action=chosen["action"]
    )
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size])
    audit_record(
        actor=user,
        action="audit.read",
        detail={
            "view": "api",
            "filters": {k: v for k, v in chosen.items() if v},
            "page": filters.page,
        },
    )
    return {"count": count, "page": filters.page, "page_size": filters.page_size, "results": rows}


@router.get(
    "/verify",
    response={200: VerifyOut, **READ_ERRORS, 403: ErrorOut},
    summary="Check the audit log's hash chain",
)
def verify(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    audit_reader_checked(user)
    checked, broken = audit_chain_verify()
    result: dict[str, object] = {
        "checked": checked,
        "ok": broken is None,
        "first_broken_seq": broken.seq if broken else None,
        "reason": broken.reason if broken else None,
    }
    audit_record(
        actor=user, action="audit.verify", detail={k: v for k, v in result.items() if k != "reason"}
    )
    return result
