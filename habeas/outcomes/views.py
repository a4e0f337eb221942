"""Saving a case's outcome coding from its Outcome tab."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError
from habeas.core.web import is_domain_refusal
from habeas.outcomes.services import outcome_code


@login_required
@require_POST
def outcome_code_view(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)  # outsiders are refused before their input is read
    data = {
        "factors": request.POST.getlist("factors"),
        "om_tags": request.POST.getlist("om_tags"),
        "tags": request.POST.getlist("tags"),
        **{
            name: request.POST.get(name, "")
            for name in ("exonerating_event", "crime_date", "exoneration_date", "notes")
        },
    }
    try:
        outcome_code(actor=user, case_ref=ref, data=data)
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        details = "; ".join(
            f"{field.replace('_', ' ')}: {' '.join(p)}" for field, p in exc.fields.items()
        )
        messages.error(request, f"{exc.message} {details}")
    else:
        messages.success(request, "Outcome coding saved.")
    return redirect(f"{reverse('cases:detail', args=[ref])}?tab=outcome")
