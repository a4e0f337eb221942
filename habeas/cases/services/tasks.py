"""Marking a case task done or open again (the task form itself edits title, due date and assignee)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Task
from habeas.cases.selectors import case_get
from habeas.cases.services.kinds import KINDS
from habeas.core.errors import NotFoundError, PermissionDeniedError


@transaction.atomic
def task_done_set(*, actor: User, case_ref: str, pk: int, done: bool) -> Task:
    """Set or clear the task's completion time. Marking a done task done again keeps its first time."""
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.role not in KINDS["tasks"].write_roles:
        raise PermissionDeniedError("Your role may not change tasks.")
    task = Task.objects.select_for_update().filter(case=case, pk=pk).first()
    if task is None:
        raise NotFoundError("No such task on this case.")
    if done and task.done_at is None:
        task.done_at = timezone.now()
    elif not done:
        task.done_at = None
    task.save(update_fields=["done_at"])
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="tasks.done" if done else "tasks.reopen",
        obj=task,
        case=case,
        detail={"done": done},
    )
    return task
