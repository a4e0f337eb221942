"""Adding, completing and deleting a case's custom deadlines; acknowledging computed ones.

Each write first fetches the case with ``case_get(write=True)``: a user who may not see the case gets
404 before any input is looked at, a read-only role (auditor) gets 403. Values are checked by
``CaseDeadlineForm`` / ``DeadlineAcknowledgementForm`` (400 with every field error at once). Every
write is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.selectors import case_get
from habeas.cases.services.validation import form_errors_raise
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError
from habeas.deadlines.forms import (
    CaseDeadlineForm,
    DeadlineAcknowledgementForm,
    DeadlineAcknowledgementKeyForm,
)
from habeas.deadlines.models import CaseDeadline, DeadlineAcknowledgement
from habeas.deadlines.selectors import record_deadlines
from habeas.domain.deadlines import TRIGGERED_RULES, Deadline, deadline_compute, deadline_rules


def _deadline_get(case: Case, deadline_id: int, *, lock: bool = False) -> CaseDeadline:
    qs = CaseDeadline.objects.filter(case=case, pk=deadline_id)
    deadline = (qs.select_for_update() if lock else qs).first()
    if deadline is None:
        raise NotFoundError("No such deadline on this case.")
    return deadline


@transaction.atomic
def deadline_add(*, actor: User, case_ref: str, data: Mapping[str, Any]) -> CaseDeadline:
    """Record a custom deadline. ``data``: title, due_on (date or ISO string), rule, source."""
    case = case_get(user=actor, ref=case_ref, write=True)
    # Omitted optional text fields are empty, so API callers may send only title and due_on.
    form = CaseDeadlineForm(data={"rule": "", "source": "", **data})
    form_errors_raise(form)
    deadline: CaseDeadline = form.save(commit=False)
    deadline.case = case
    deadline.created_by = actor
    deadline.save()
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="deadlines.create",
        obj=deadline,
        case=case,
        detail={"title": deadline.title, "due_on": deadline.due_on.isoformat()},
    )
    return deadline


@transaction.atomic
def deadline_done_set(
    *, actor: User, case_ref: str, deadline_id: int, done: bool = True
) -> CaseDeadline:
    """Mark done (or open again). Marking a done deadline done again keeps its first time and person."""
    case = case_get(user=actor, ref=case_ref, write=True)
    deadline = _deadline_get(case, deadline_id, lock=True)
    if done and deadline.done_at is None:
        deadline.done_at, deadline.done_by = timezone.now(), actor
    elif not done:
        deadline.done_at, deadline.done_by = None, None
    deadline.save(update_fields=["done_at", "done_by"])
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="deadlines.done" if done else "deadlines.reopen",
        obj=deadline,
        case=case,
        detail={"title": deadline.title, "done": done},
    )
    return deadline


@transaction.atomic
def deadline_delete(*, actor: User, case_ref: str, deadline_id: int) -> None:
    case = case_get(user=actor, ref=case_ref, write=True)
    deadline = _deadline_get(case, deadline_id, lock=True)
    # The audit row keeps what was deleted: the deadline itself is gone after this.
    detail = {
        "title": deadline.title,
        "due_on": deadline.due_on.isoformat(),
        "rule": deadline.rule,
        "source": deadline.source,
        "done": deadline.done_at is not None,
    }
    audit_record(actor=actor, action="deadlines.delete", obj=deadline, case=case, detail=detail)
    deadline.delete()
    case.save(update_fields=["updated_at"])


@transaction.atomic
def deadline_from_trigger(
    *, actor: User, case_ref: str, rule_id: str, trigger_on: dt.date | str
) -> CaseDeadline:
    """Record a statutory deadline computed from its trigger date (e.g. PC 1473.6: one year from the
    discovery of the misconduct): the due date, the rule in words and the statute come from the rule
    file, and the trigger date is kept in the rule text so the computation can be checked."""
    case_get(user=actor, ref=case_ref, write=True)  # 404 / 403 before the input is looked at
    if rule_id not in TRIGGERED_RULES:
        raise ApplicationError(
            "Choose the statutory rule.", {"rule_id": [f"One of: {', '.join(TRIGGERED_RULES)}."]}
        )
    trigger, words = TRIGGERED_RULES[rule_id]
    try:
        start = (
            trigger_on
            if isinstance(trigger_on, dt.date)
            else dt.date.fromisoformat(str(trigger_on).strip())
        )
    except ValueError:
        raise ApplicationError(
            "Give the trigger date as YYYY-MM-DD.", {"trigger_on": ["Not a date."]}
        ) from None
    if start > timezone.localdate():
        raise ApplicationError(
            "The trigger date is in the future.",
            {"trigger_on": [f"Give {words}, which has happened."]},
        )
    d = deadline_compute(rule_id, {trigger: start})
    rule = deadline_rules()[rule_id]
    unverified = (
        " Unverified: check the statute before relying on this date."
        if rule.verification != "sourced"
        else ""
    )
    return deadline_add(
        actor=actor,
        case_ref=case_ref,
        data={
            "title": d.name,
            "due_on": d.due,
            "rule": f"{d.rule} Computed from {words}: {start.isoformat()}.{unverified}"[:2000],
            "source": d.source[:300],
        },
    )


def _computed_deadline(case: Case, rule_id: str, due_on: dt.date) -> Deadline:
    """The case's computed deadline with this rule and due date, as the record stands now; otherwise a
    400 naming the field to fix and what the record does compute."""
    computed = record_deadlines(case, case.filings.all(), case.resolution_events.all())
    same_rule = [d for d in computed if d.rule_id == rule_id]
    for d in same_rule:
        if d.due == due_on:
            return d
    if same_rule:
        now = ", ".join(d.due.isoformat() for d in same_rule)
        raise ApplicationError(
            "This deadline is not computed for that date.",
            fields={
                "due_on": [
                    f"The record now gives {same_rule[0].name} as due {now}, not {due_on.isoformat()}: the record has changed. "
                    "Reload the page and acknowledge the current date if it still applies."
                ]
            },
        )
    known = ", ".join(f"{d.rule_id} (due {d.due.isoformat()})" for d in computed) or "none"
    raise ApplicationError(
        "This case has no such computed deadline.",
        fields={
            "rule_id": [
                f"No computed deadline {rule_id!r} for this case. Computed from its record now: {known}."
            ]
        },
    )


@transaction.atomic
def deadline_acknowledge(
    *, actor: User, case_ref: str, rule_id: str, due_on: dt.date | str, reason: str
) -> DeadlineAcknowledgement:
    """Acknowledge a computed deadline (rule and due date as the record computes them now) with a
    reason: it stops alerting on the dashboard, the deadline list and in the digest until the record
    moves the date. Acknowledging it again replaces the reason (the audit log keeps the earlier one)."""
    case = case_get(user=actor, ref=case_ref, write=True)
    form = DeadlineAcknowledgementForm(
        data={"rule_id": rule_id, "due_on": due_on, "reason": reason}
    )
    form_errors_raise(form)
    data = form.cleaned_data
    deadline = _computed_deadline(case, data["rule_id"], data["due_on"])
    ack = (
        DeadlineAcknowledgement.objects.select_for_update()
        .filter(case=case, rule_id=deadline.rule_id, due_on=deadline.due)
        .first()
    )
    previous = None
    if ack is None:
        ack = DeadlineAcknowledgement(case=case, rule_id=deadline.rule_id, due_on=deadline.due)
    else:
        previous = {
            "reason": ack.reason,
            "by": ack.acknowledged_by.username,
            "at": ack.acknowledged_at.isoformat(),
        }
    ack.reason, ack.acknowledged_by, ack.acknowledged_at = data["reason"], actor, timezone.now()
    try:
        with transaction.atomic():
            ack.save()
    except IntegrityError:  # someone acknowledged the same deadline at the same moment
        raise ConflictError(
            "Someone else acknowledged this deadline just now: reload the page to see their reason."
        ) from None
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="deadlines.acknowledge",
        obj=ack,
        case=case,
        detail={
            "rule_id": ack.rule_id,
            "name": deadline.name,
            "due_on": ack.due_on.isoformat(),
            "reason": ack.reason,
            "previous": previous,
        },
    )
    return ack


@transaction.atomic
def deadline_unacknowledge(
    *, actor: User, case_ref: str, rule_id: str, due_on: dt.date | str
) -> None:
    """Undo an acknowledgement: the deadline alerts again. Works for any acknowledgement of the case,
    also one whose date the record no longer computes."""
    case = case_get(user=actor, ref=case_ref, write=True)
    form = DeadlineAcknowledgementKeyForm(data={"rule_id": rule_id, "due_on": due_on})
    form_errors_raise(form)
    ack = (
        DeadlineAcknowledgement.objects.select_for_update()
        .filter(case=case, rule_id=form.cleaned_data["rule_id"], due_on=form.cleaned_data["due_on"])
        .first()
    )
    if ack is None:
        raise NotFoundError("No such acknowledgement on this case.")
    # The audit row keeps what was undone: the acknowledgement itself is gone after this.
    audit_record(
        actor=actor,
        action="deadlines.unacknowledge",
        obj=ack,
        case=case,
        detail={
            "rule_id": ack.rule_id,
            "due_on": ack.due_on.isoformat(),
            "reason": ack.reason,
            "acknowledged_by": ack.acknowledged_by.username,
            "acknowledged_at": ack.acknowledged_at.isoformat(),
        },
    )
    ack.delete()
    case.save(update_fields=["updated_at"])
