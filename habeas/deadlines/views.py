"""The deadline list (/deadlines/) and the case-level add / done / delete forms (POST, back to the
case's Outcome tab with a message). The case is fetched for writing before any input is read, so
people who may not see it get 404 and read-only roles 403, whatever they post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from habeas.cases.selectors import case_get
from habeas.cases.views.common import current_user, is_domain_refusal
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.deadlines.forms import CaseDeadlineForm
from habeas.deadlines.selectors import DUE_SOON_DAYS, deadlines_upcoming, digest_buckets
from habeas.deadlines.services import deadline_add, deadline_delete, deadline_done_set

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
    details = "; ".join(f"{name.replace('_', ' ')}: {' '.join(problems)}" for name, problems in exc.fields.items())
    messages.error(request, f"{exc.message} {details}".strip())


@login_required
@require_GET
def deadline_list_view(request: HttpRequest) -> HttpResponse:
    within = _window(request.GET.get("within"))
    include_overdue = request.GET.get("overdue", "1") != "0"
    rows = deadlines_upcoming(user=current_user(request), within_days=within, include_overdue=include_overdue)
    overdue, upcoming = digest_buckets(rows)
    return render(request, "deadlines/list.html", {
        "rows": rows, "overdue": overdue, "upcoming": upcoming, "within": within, "windows": WINDOWS,
        "include_overdue": include_overdue, "due_soon_days": DUE_SOON_DAYS,
    })


@login_required
@require_POST
def deadline_add_view(request: HttpRequest, ref: str) -> HttpResponse:
    user = current_user(request)
    case_get(user=user, ref=ref, write=True)
    data = {name: request.POST.get(name, "") for name in CaseDeadlineForm.base_fields}
    try:
        deadline = deadline_add(actor=user, case_ref=ref, data=data)
    except ApplicationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, f"Deadline “{deadline.title}” recorded for {deadline.due_on:%Y-%m-%d}.")
    return _back(ref)


@login_required
@require_POST
def deadline_done_view(request: HttpRequest, ref: str, deadline_id: int) -> HttpResponse:
    user = current_user(request)
    case_get(user=user, ref=ref, write=True)
    done = request.POST.get("done", "1") != "0"
    try:
        deadline = deadline_done_set(actor=user, case_ref=ref, deadline_id=deadline_id, done=done)
    except ApplicationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, f"Deadline “{deadline.title}” marked {'done' if done else 'open again'}.")
    return _back(ref)


@login_required
@require_POST
def deadline_delete_view(request: HttpRequest, ref: str, deadline_id: int) -> HttpResponse:
    user = current_user(request)
    case_get(user=user, ref=ref, write=True)
    try:
        deadline_delete(actor=user, case_ref=ref, deadline_id=deadline_id)
    except ApplicationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, "Deadline deleted.")
    return _back(ref)
