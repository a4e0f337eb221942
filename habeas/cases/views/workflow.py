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
from habeas.cases.views.common import back_to_tab, current_user, run_action, show_refusal
from habeas.core.errors import ApplicationError


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
        show_refusal(request, exc)
    return back_to_tab(request, ref, "workflow")


@login_required
@require_POST
def screening(request: HttpRequest, ref: str) -> HttpResponse:
    answers: dict[str, tuple[str, str]] = {}
    for key in request.POST:
        if key.startswith("answer-"):
            criterion = key.removeprefix("answer-")
            answers[criterion] = (str(request.POST.get(key, "")), str(request.POST.get(f"note-{criterion}", "")))
    user = current_user(request)
    return run_action(
        request, ref, "workflow", lambda: screening_answers_set(actor=user, case_ref=ref, answers=answers),
        "Screening checklist saved.",
    )


@login_required
@require_POST
def vote(request: HttpRequest, ref: str) -> HttpResponse:
    user, choice, rationale = current_user(request), request.POST.get("vote", ""), request.POST.get("rationale", "")
    return run_action(
        request, ref, "workflow", lambda: vote_cast(actor=user, case_ref=ref, vote=choice, rationale=rationale), "Vote recorded."
    )


@login_required
@require_POST
def recusal(request: HttpRequest, ref: str) -> HttpResponse:
    user, username, reason = current_user(request), request.POST.get("username", ""), request.POST.get("reason", "")
    return run_action(
        request, ref, "workflow", lambda: recusal_record(actor=user, case_ref=ref, username=username, reason=reason),
        "Recusal recorded.",
    )
