"""Stage transitions, the screening checklist, committee votes and recusals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from habeas.cases.services.workflow import (
    case_transition,
    recusal_record,
    screening_answers_set,
    vote_cast,
)
from habeas.cases.views.common import back_to_tab, current_user, is_domain_refusal
from habeas.core.errors import ApplicationError


def _refused(request: HttpRequest, exc: ApplicationError) -> None:
    """Guard failures are shown as messages on the workflow tab (they are about the case, not a field)."""
    if is_domain_refusal(exc):
        raise exc
    messages.error(request, exc.message)
    for name, problems in exc.fields.items():
        for problem in problems:
            messages.error(request, f"{name.replace('_', ' ')}: {problem}")


@login_required
@require_POST
def transition(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        case = case_transition(
            actor=current_user(request), case_ref=ref, target=request.POST.get("target", ""),
            reason=request.POST.get("reason", "")[:5000], reason_code=request.POST.get("reason_code", "")[:40],
        )
        messages.success(request, f"Moved to {case.stage_enum.label}.")
    except ApplicationError as exc:
        _refused(request, exc)
    return back_to_tab(request, ref, "workflow")


@login_required
@require_POST
def screening(request: HttpRequest, ref: str) -> HttpResponse:
    answers: dict[str, tuple[str, str]] = {}
    for key in request.POST:
        if key.startswith("answer-"):
            criterion = key.removeprefix("answer-")
            answers[criterion] = (str(request.POST.get(key, "")), str(request.POST.get(f"note-{criterion}", "")))
    try:
        screening_answers_set(actor=current_user(request), case_ref=ref, answers=answers)
        messages.success(request, "Screening checklist saved.")
    except ApplicationError as exc:
        _refused(request, exc)
    return back_to_tab(request, ref, "workflow")


@login_required
@require_POST
def vote(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        vote_cast(actor=current_user(request), case_ref=ref, vote=request.POST.get("vote", ""), rationale=request.POST.get("rationale", ""))
        messages.success(request, "Vote recorded.")
    except ApplicationError as exc:
        _refused(request, exc)
    return back_to_tab(request, ref, "workflow")


@login_required
@require_POST
def recusal(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        recusal_record(actor=current_user(request), case_ref=ref, username=request.POST.get("username", ""), reason=request.POST.get("reason", ""))
        messages.success(request, "Recusal recorded.")
    except ApplicationError as exc:
        _refused(request, exc)
    return back_to_tab(request, ref, "workflow")
