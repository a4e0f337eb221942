"""The deadline list (/deadlines/) and the case-level forms: add / done / delete a custom deadline,
acknowledge a computed one or undo that (POST, back to the case's Outcome tab with a message). The
case is fetched for writing before any input is read, so people who may not see it get 404 and
read-only roles 403, whatever they post."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.audit.services import audit_read
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.core.web import is_domain_refusal
from habeas.deadlines.forms import CaseDeadlineForm
from habeas.deadlines.selectors import DUE_SOON_DAYS, deadlines_listing, digest_buckets
from habeas.deadlines.services import (
    deadline_acknowledge,
    deadline_add,
    deadline_delete,
    deadline_done_set,
    deadline_from_trigger,
    deadline_unacknowledge,
)

WINDOWS = (14, 30, 60, 90, 180, 365)
DEFAULT_WINDOW = 60


def _window(raw: str | None) -> int:
    try:
        value = int(raw or DEFAULT_WINDOW)
    except ValueError:
        return DEFAULT_WINDOW
    return value if value in WINDOWS else DEFAULT_WINDOW


def _back(ref: str) -> HttpResponse:
    return redirect(f"{reverse('cases:detail', args=[ref])}?tab=outcome")


def _error_message(request: HttpRequest, exc: ApplicationError) -> None:
    # The case was already fetched for writing, so a 404 here is about the deadline (e.g. deleted in
    # another tab): say so on the case page. Refusals of the case itself went to the error page.
    if is_domain_refusal(exc) and not isinstance(exc, NotFoundError):
        raise exc
    details = "; ".join(
        f"{name.replace('_', ' ')}: {' '.join(problems)}" for name, problems in exc.fields.items()
    )
    messages.error(request, f"{exc.message} {details}".strip())


@login_required
@require_GET
def deadline_list_view(request: HttpRequest) -> HttpResponse:
    within = _window(request.GET.get("within"))
    include_overdue = request.GET.get("overdue", "1") != "0"
    show_acknowledged = request.GET.get("acknowledged", "0") == "1"
    user = request_user(request)
    rows, detail = deadlines_listing(
        user=user, within_days=within, include_overdue=include_overdue, include_acknowledged=True
    )
    audit_read(actor=user, action="deadlines.list", detail=detail, request=request)
    acknowledged = sum(r.is_acknowledged for r in rows)
    if not show_acknowledged:
        rows = [r for r in rows if not r.is_acknowledged]
    overdue, upcoming = digest_buckets(rows)
    return render(
        request,
        "deadlines/list.html",
        {
            "rows": rows,
            "overdue": overdue,
            "upcoming": upcoming,
            "within": within,
            "windows": WINDOWS,
            "include_overdue": include_overdue,
            "due_soon_days": DUE_SOON_DAYS,
            "show_acknowledged": show_acknowledged,
            "acknowledged": acknowledged,
        },
    )


def _case_write(request: HttpRequest, ref: str, write: Callable[[User], str]) -> HttpResponse:
    """Every case-level form here: fetch the case for writing (404 / 403 before any input is read), run
    ``write`` (the service call, returning the success message), report the outcome or the fields to
    fix as a message, and go back to the case's Outcome tab."""
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)
    try:
        message = write(user)
    except ApplicationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, message)
    return _back(ref)


@login_required
@require_POST
def deadline_add_view(request: HttpRequest, ref: str) -> HttpResponse:
    def write(user: User) -> str:
        data = {name: request.POST.get(name, "") for name in CaseDeadlineForm.base_fields}
        deadline = deadline_add(actor=user, case_ref=ref, data=data)
        return f"Deadline “{deadline.title}” recorded for {deadline.due_on:%Y-%m-%d}."

    return _case_write(request, ref, write)


@login_required
@require_POST
def deadline_done_view(request: HttpRequest, ref: str, deadline_id: int) -> HttpResponse:
    def write(user: User) -> str:
        done = request.POST.get("done", "1") != "0"
        deadline = deadline_done_set(actor=user, case_ref=ref, deadline_id=deadline_id, done=done)
        return f"Deadline “{deadline.title}” marked {'done' if done else 'open again'}."

    return _case_write(request, ref, write)


@login_required
@require_POST
def deadline_delete_view(request: HttpRequest, ref: str, deadline_id: int) -> HttpResponse:
    def write(user: User) -> str:
        deadline_delete(actor=user, case_ref=ref, deadline_id=deadline_id)
        return "Deadline deleted."

    return _case_write(request, ref, write)


@login_required
@require_POST
def deadline_acknowledge_view(request: HttpRequest, ref: str) -> HttpResponse:
    def write(user: User) -> str:
        ack = deadline_acknowledge(
            actor=user,
            case_ref=ref,
            rule_id=request.POST.get("rule_id", ""),
            due_on=request.POST.get("due_on", ""),
            reason=request.POST.get("reason", ""),
        )
        return (
            f"Deadline due {ack.due_on:%Y-%m-%d} acknowledged: it no longer alerts, unless a change to the record "
            "moves its date."
        )

    return _case_write(request, ref, write)


@login_required
@require_POST
def deadline_unacknowledge_view(request: HttpRequest, ref: str) -> HttpResponse:
    def write(user: User) -> str:
        due_on = request.POST.get("due_on", "")
        deadline_unacknowledge(
            actor=user, case_ref=ref, rule_id=request.POST.get("rule_id", ""), due_on=due_on
        )
        return f"Acknowledgement undone: the deadline due {due_on} alerts again."

    return _case_write(request, ref, write)


@login_required
@require_POST
def deadline_from_trigger_view(request: HttpRequest, ref: str) -> HttpResponse:
    def write(user: User) -> str:
        deadline = deadline_from_trigger(
            actor=user,
            case_ref=ref,
            rule_id=request.POST.get("rule_id", ""),
            trigger_on=request.POST.get("trigger_on", ""),
        )
        return f"“{deadline.title}” recorded: due {deadline.due_on:%Y-%m-%d} ({deadline.source})."

    return _case_write(request, ref, write)
