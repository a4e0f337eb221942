"""REST API for deadlines: ``router`` (mounted at /cases: /cases/{ref}/deadlines…) and
``deadlines_router`` (mounted at /deadlines: the caller's upcoming deadlines). Thin: reads through
deadlines/selectors.py, writes through deadlines/services.py; domain errors become JSON in habeas/api.py.

(No ``from __future__ import annotations``: ninja reads the handlers' schemas from their annotations.)
Custom deadline ids are matched as ``{int:deadline_id}`` so that /deadlines/acknowledgements is never
taken for a deadline id.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.cases.reads import case_shown
from habeas.core.api import READ_ERRORS, WRITE_ERRORS
from habeas.deadlines.models import CaseDeadline, DeadlineAcknowledgement
from habeas.deadlines.schemas import (
    AcknowledgementIn,
    AcknowledgementOut,
    CaseDeadlinesOut,
    CustomDeadlineOut,
    DeadlineIn,
    FromRuleIn,
    UpcomingOut,
    UpcomingQuery,
)
from habeas.deadlines.selectors import case_deadlines, deadlines_listing
from habeas.deadlines.services import (
    deadline_acknowledge,
    deadline_add,
    deadline_delete,
    deadline_done_set,
    deadline_from_trigger,
    deadline_unacknowledge,
)

router = Router(tags=["deadlines"])
deadlines_router = Router(tags=["deadlines"])

DISCLAIMER = (
    "Planning aid, not legal advice: each date comes with the rule and source it was computed from or recorded "
    "with. Dates are not moved off weekends or court holidays. Check before relying on a date."
)


def _custom_out(d: CaseDeadline, case_ref: str) -> dict[str, Any]:
    return {
        "id": d.pk,
        "case_ref": case_ref,
        "title": d.title,
        "due_on": d.due_on,
        "rule": d.rule,
        "source": d.source,
        "created_by": d.created_by.username,
        "created_at": d.created_at,
        "done_at": d.done_at,
        "done_by": d.done_by.username if d.done_by else None,
    }


def _acknowledgement_out(ack: DeadlineAcknowledgement, case_ref: str) -> dict[str, Any]:
    return {
        "case_ref": case_ref,
        "rule_id": ack.rule_id,
        "due_on": ack.due_on,
        "reason": ack.reason,
        "acknowledged_by": ack.acknowledged_by.username,
        "acknowledged_at": ack.acknowledged_at,
    }


@deadlines_router.get(
    "",
    response={200: UpcomingOut, **READ_ERRORS},
    summary="Your upcoming and overdue deadlines",
    description="Computed and open custom deadlines of the cases you may see, soonest first. Computed deadlines "
    "a case team acknowledged for their current date are left out unless include_acknowledged.",
)
def deadlines_list(request: HttpRequest, query: Query[UpcomingQuery]) -> dict[str, Any]:
    user = request_user(request)
    rows, detail = deadlines_listing(
        user=user,
        within_days=query.within_days,
        include_overdue=query.include_overdue,
        include_acknowledged=query.include_acknowledged,
    )
    audit_read(actor=user, action="deadlines.list", detail=detail, request=request)
    return {
        "today": timezone.localdate(),
        "within_days": query.within_days,
        "include_overdue": query.include_overdue,
        "include_acknowledged": query.include_acknowledged,
        "disclaimer": DISCLAIMER,
        "deadlines": [r.as_dict() for r in rows],
    }


@router.get(
    "/{ref}/deadlines",
    response={200: CaseDeadlinesOut, **READ_ERRORS},
    summary="A case's deadlines, computed and custom",
)
def case_deadlines_list(request: HttpRequest, ref: str) -> dict[str, Any]:
    user = request_user(request)
    case, rows = case_deadlines(user=user, ref=ref)
    case_shown(user=user, case=case, view="api:deadlines", request=request)
    return {
        "case_ref": case.ref,
        "today": timezone.localdate(),
        "disclaimer": DISCLAIMER,
        "deadlines": [r.as_dict() for r in rows],
    }


@router.post(
    "/{ref}/deadlines",
    response={201: CustomDeadlineOut, **WRITE_ERRORS},
    summary="Record a custom deadline",
)
def case_deadline_create(
    request: HttpRequest, ref: str, payload: DeadlineIn
) -> Status[dict[str, Any]]:
    deadline = deadline_add(actor=request_user(request), case_ref=ref, data=payload.model_dump())
    return Status(201, _custom_out(deadline, ref))


@router.post(
    "/{ref}/deadlines/from-rule",
    response={201: CustomDeadlineOut, **WRITE_ERRORS},
    summary="Record a statutory deadline computed from its trigger date",
    description="For rules whose start date the case record does not hold (Cal. PC 1473.6 from the discovery of the "
    "misconduct, PC 1417.9 and 18 U.S.C. 3600A from an evidence-destruction notice, PC 1509 from the "
    "appointment of habeas counsel). Stored as a team deadline with the rule, the statute and the trigger date.",
)
def case_deadline_from_rule(
    request: HttpRequest, ref: str, payload: FromRuleIn
) -> Status[dict[str, Any]]:
    deadline = deadline_from_trigger(
        actor=request_user(request),
        case_ref=ref,
        rule_id=payload.rule_id,
        trigger_on=payload.trigger_on or "",
    )
    return Status(201, _custom_out(deadline, ref))


@router.post(
    "/{ref}/deadlines/{int:deadline_id}/done",
    response={200: CustomDeadlineOut, **WRITE_ERRORS},
    summary="Mark a custom deadline done (done=false opens it again)",
)
def case_deadline_done(
    request: HttpRequest, ref: str, deadline_id: int, done: bool = True
) -> dict[str, Any]:
    deadline = deadline_done_set(
        actor=request_user(request), case_ref=ref, deadline_id=deadline_id, done=done
    )
    return _custom_out(deadline, ref)


@router.delete(
    "/{ref}/deadlines/{int:deadline_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a custom deadline",
)
def case_deadline_delete(request: HttpRequest, ref: str, deadline_id: int) -> Status[None]:
    deadline_delete(actor=request_user(request), case_ref=ref, deadline_id=deadline_id)
    return Status(204, None)


@router.post(
    "/{ref}/deadlines/acknowledgements",
    response={201: AcknowledgementOut, **WRITE_ERRORS},
    summary="Acknowledge a computed deadline (it stops alerting)",
    description="rule_id and due_on must name one of the case's computed deadlines as the record gives them now (400 "
    "otherwise, naming the field); reason is required. The acknowledgement holds for that due date only: if a "
    "change to the record moves the date, the deadline alerts again. Acknowledging again replaces the reason.",
)
def case_deadline_acknowledge(
    request: HttpRequest, ref: str, payload: AcknowledgementIn
) -> Status[dict[str, Any]]:
    ack = deadline_acknowledge(
        actor=request_user(request),
        case_ref=ref,
        rule_id=payload.rule_id,
        due_on=payload.due_on or "",
        reason=payload.reason,
    )
    return Status(201, _acknowledgement_out(ack, ref))


@router.delete(
    "/{ref}/deadlines/acknowledgements/{rule_id}/{due_on}",
    response={204: None, **WRITE_ERRORS},
    summary="Undo an acknowledgement (the deadline alerts again)",
    description="due_on is the acknowledged due date, YYYY-MM-DD.",
)
def case_deadline_unacknowledge(
    request: HttpRequest, ref: str, rule_id: str, due_on: str
) -> Status[None]:
    deadline_unacknowledge(
        actor=request_user(request), case_ref=ref, rule_id=rule_id, due_on=due_on
    )
    return Status(204, None)
