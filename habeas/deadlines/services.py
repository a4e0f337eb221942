"""Adding, completing and deleting a case's custom deadlines.

Each write first fetches the case with ``case_get(write=True)``: a user who may not see the case gets
404 before any input is looked at, a read-only role (auditor) gets 403. Values are checked by
``CaseDeadlineForm`` (400 with every field error at once). Every write is audit-logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.selectors import case_get
from habeas.cases.services.validation import form_errors_raise
from habeas.core.errors import NotFoundError
from habeas.deadlines.forms import CaseDeadlineForm
from habeas.deadlines.models import CaseDeadline


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
    audit_record(actor=actor, action="deadlines.create", obj=deadline, case=case,
                 detail={"title": deadline.title, "due_on": deadline.due_on.isoformat()})
    return deadline


@transaction.atomic
def deadline_done_set(*, actor: User, case_ref: str, deadline_id: int, done: bool = True) -> CaseDeadline:
    """Mark done (or open again). Marking a done deadline done again keeps its first time and person."""
    case = case_get(user=actor, ref=case_ref, write=True)
    deadline = _deadline_get(case, deadline_id, lock=True)
    if done and deadline.done_at is None:
        deadline.done_at, deadline.done_by = timezone.now(), actor
    elif not done:
        deadline.done_at, deadline.done_by = None, None
    deadline.save(update_fields=["done_at", "done_by"])
    case.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="deadlines.done" if done else "deadlines.reopen", obj=deadline, case=case,
                 detail={"title": deadline.title, "done": done})
    return deadline


@transaction.atomic
def deadline_delete(*, actor: User, case_ref: str, deadline_id: int) -> None:
    case = case_get(user=actor, ref=case_ref, write=True)
    deadline = _deadline_get(case, deadline_id, lock=True)
    # The audit row keeps what was deleted: the deadline itself is gone after this.
    detail = {"title": deadline.title, "due_on": deadline.due_on.isoformat(), "rule": deadline.rule, "source": deadline.source,
              "done": deadline.done_at is not None}
    audit_record(actor=actor, action="deadlines.delete", obj=deadline, case=case, detail=detail)
    deadline.delete()
    case.save(update_fields=["updated_at"])
