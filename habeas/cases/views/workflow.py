"""Stage transitions, the screening checklist, committee votes and recusals: one small view each,
calling its service. A refusal shows the workflow tab again with the errors next to the inputs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.cases.models import Case
from habeas.cases.services.workflow import (
    case_transition,
    recusal_record,
    screening_answers_set,
    vote_cast,
)
from habeas.cases.views.common import run_action


@login_required
@require_POST
def transition(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    target = request.POST.get("target", "")
    reason = request.POST.get("reason", "")
    reason_code = request.POST.get("reason_code", "")[:40]

    def moved(case: object) -> str:
        assert isinstance(case, Case)
        return f"Moved to {case.stage_enum.label}."

    return run_action(
        request,
        ref,
        "workflow",
        "transition",
        lambda: case_transition(
            actor=user, case_ref=ref, target=target, reason=reason, reason_code=reason_code
        ),
        moved,
    )


@login_required
@require_POST
def screening(request: HttpRequest, ref: str) -> HttpResponse:
    answers: dict[str, tuple[str, str]] = {}
    for key in request.POST:
        if key.startswith("answer-"):
            criterion = key.removeprefix("answer-")
            answers[criterion] = (
                str(request.POST.get(key, "")),
                str(request.POST.get(f"note-{criterion}", "")),
            )
    user = request_user(request)
    return run_action(
        request,
        ref,
        "workflow",
        "screening",
        lambda: screening_answers_set(actor=user, case_ref=ref, answers=answers),
        "Screening checklist saved.",
        anchor="screening",
    )


@login_required
@require_POST
def vote(request: HttpRequest, ref: str) -> HttpResponse:
    user, choice, rationale = (
        request_user(request),
        request.POST.get("vote", ""),
        request.POST.get("rationale", ""),
    )
    return run_action(
        request,
        ref,
        "workflow",
        "vote",
        lambda: vote_cast(actor=user, case_ref=ref, vote=choice, rationale=rationale),
        "Vote recorded.",
        anchor="committee",
        refusals_inline=True,
    )


@login_required
@require_POST
def recusal(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    username = request.POST.get("username", "").strip() or user.username
    reason = request.POST.get("reason", "")
    return run_action(
        request,
        ref,
        "workflow",
        "recusal",
        lambda: recusal_record(actor=user, case_ref=ref, username=username, reason=reason),
        f"Recusal of {username} recorded.",
        anchor="committee",
        refusals_inline=True,
    )
