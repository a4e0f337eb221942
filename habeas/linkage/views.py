"""Linkage pages: runs and the review queue (/linking/), and merge/split on a person's page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from habeas.accounts.current import request_user
from habeas.accounts.roles import INTAKE_ROLES
from habeas.audit.services import audit_read
from habeas.core.errors import ApplicationError
from habeas.core.jobs import JobStatus
from habeas.core.web import is_domain_refusal
from habeas.linkage.selectors import link_runs, pairs_described, pairs_to_decide, record_keys_words
from habeas.linkage.services import link_enqueue, link_pair_decide, person_merge, person_split
from habeas.linkage.sources import person_key

QUEUE_PAGE = 50


@login_required
@require_GET
def linking_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    runs = list(link_runs(user=user)[:10])
    page = Paginator(pairs_to_decide(user=user), QUEUE_PAGE).get_page(request.GET.get("page"))
    audit_read(actor=user, action="link.review.read", detail={"page": page.number}, request=request)
    return render(
        request,
        "linkage/home.html",
        {
            "runs": runs,
            "last": next((r for r in runs if r.status == JobStatus.DONE), None),
            "page": page,
            "pairs": pairs_described(page),
            "busy": any(r.status in (JobStatus.QUEUED, JobStatus.RUNNING) for r in runs),
            "can_decide": user.role in INTAKE_ROLES,
        },
    )


def _act(request: HttpRequest, act: Callable[[], str], back: str) -> HttpResponse:
    """Run a write; a refusal the user can act on (a contradiction, a bad note) is a message, not a page."""
    try:
        messages.success(request, act())
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        messages.error(request, exc.message)
    return redirect(back)


@login_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        link_enqueue(actor=request_user(request))
        return "Linkage run queued: every record is compared in the background; reload to see the result."

    return _act(request, act, reverse("linkage:home"))


def _page(request: HttpRequest) -> int:
    raw = request.POST.get("page", "1")
    return int(raw) if raw.isdigit() else 1


def _same(request: HttpRequest) -> bool:
    value = request.POST.get("same", "")
    if value not in ("1", "0"):
        raise ApplicationError(
            "Say whether the records are the same person.", {"same": ["1 or 0."]}
        )
    return value == "1"


@login_required
@require_POST
def pair_decision(request: HttpRequest, pair_id: int) -> HttpResponse:
    def act() -> str:
        user = request_user(request)
        d = link_pair_decide(
            actor=user, pair_id=pair_id, same=_same(request), note=request.POST.get("note", "")
        )
        words = record_keys_words([d.left_key, d.right_key], user=user)
        verdict = "the same person" if d.same else "different people"
        return f"Recorded: {words[d.left_key]} and {words[d.right_key]} are {verdict}."

    return _act(request, act, reverse("linkage:home") + f"?page={_page(request)}")


@login_required
@require_POST
def person_merge_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def act() -> str:
        raw = request.POST.get("other_person_id", "").strip()
        if not raw.isdigit():
            raise ApplicationError(
                "Choose the person record to merge with.", {"other_person_id": ["A person id."]}
            )
        user = request_user(request)
        person_merge(
            actor=user,
            person_id=person_id,
            other_person_id=int(raw),
            note=request.POST.get("note", ""),
        )
        other = record_keys_words([person_key(int(raw))], user=user)[person_key(int(raw))]
        return f"Merged with {other}; the decision is kept for every later linkage run."

    return _act(request, act, reverse("cases:person", kwargs={"person_id": person_id}) + "#links")


@login_required
@require_POST
def person_split_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def act() -> str:
        user = request_user(request)
        d = person_split(
            actor=user,
            person_id=person_id,
            record_key=request.POST.get("record_key", "").strip(),
            note=request.POST.get("note", ""),
        )
        other = d.right_key if d.left_key == person_key(person_id) else d.left_key
        words = record_keys_words([other], user=user)[other]
        return f"Split: {words} is kept apart from this person in every later run."

    return _act(request, act, reverse("cases:person", kwargs={"person_id": person_id}) + "#links")
