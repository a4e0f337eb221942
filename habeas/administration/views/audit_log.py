"""Audit log pages for administrators and auditors. Reading the log is itself logged."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.administration.audit_words import AUDIT_ACTIONS, audit_lines
from habeas.administration.selectors import (
    audit_event_list,
    audit_members,
    audit_names,
    audit_reader_checked,
)
from habeas.audit.models import AuditEvent
from habeas.audit.selectors import audit_chain_verify
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get
from habeas.core.labels import code_words

_GROUP_WORDS = {
    "auth.": "Signing in and out",
    "otp.": "Two-factor authentication",
    "case.": "Cases",
    "document.": "Documents",
    "deadlines.": "Deadlines",
    "review.": "Systemic reviews",
    "link.": "Person linkage",
    "audit.": "The audit log",
    "user.": "User accounts",
    "team.": "Case teams",
}


def _action_choices() -> list[tuple[str, str]]:
    """Every event of a kind ("case." = all case events) first, then each action, in words."""
    prefixes = sorted({action.split(".")[0] + "." for action in AUDIT_ACTIONS})
    groups = [
        (p, f"{_GROUP_WORDS.get(p, code_words(p))}: every event")
        for p in sorted(prefixes, key=lambda p: _GROUP_WORDS.get(p, code_words(p)))
    ]
    actions = sorted(AUDIT_ACTIONS.items(), key=lambda item: item[1])
    return [("", "Anything"), *groups, *actions]


class AuditFilterForm(forms.Form):
    username = forms.ChoiceField(required=False, label="Who")
    case_ref = forms.CharField(required=False, max_length=40, label="Case reference")
    action = forms.ChoiceField(required=False, label="What happened")
    changes_only = forms.BooleanField(
        required=False, label="Only changes (leave out pages viewed and lists read)"
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who, what = self.fields["username"], self.fields["action"]
        assert isinstance(who, forms.ChoiceField) and isinstance(what, forms.ChoiceField)
        who.choices = [("", "Anyone"), *members]
        what.choices = _action_choices()


def _filters(
    request: HttpRequest, members: list[tuple[str, str]]
) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET, members=members)
    cleaned = (
        {
            k: (v if isinstance(v, bool) else str(v).strip())
            for k, v in form.cleaned_data.items()
            if v
        }
        if form.is_valid()
        else {}
    )
    return form, cleaned


def _page_context(user: User, organization_id: int, page: Page[AuditEvent]) -> dict[str, Any]:
    events = list(page.object_list)
    names = audit_names(organization_id, usernames={e.username for e in events if e.username})
    return {"page": page, "lines": audit_lines(events, names)}


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organization_id = audit_reader_checked(user)
    form, filters = _filters(request, audit_members(organization_id))
    events = audit_event_list(user=user, **filters)
    page = Paginator(events, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=user,
        action="audit.read",
        detail={"view": "list", "filters": filters, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "query": query.urlencode(), "filtered": bool(filters)}
    return render(
        request,
        "administration/audit_list.html",
        context | _page_context(user, organization_id, page),
    )


@login_required
@require_GET
def case_events(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    case = case_get(user=user, ref=ref)  # 404 first: outsiders learn nothing, not even a 403
    organization_id = audit_reader_checked(user)
    events = audit_event_list(user=user, case_ref=case.ref)
    page = Paginator(events, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=user, action="audit.read", case=case, detail={"view": "case", "page": page.number}
    )
    return render(
        request,
        "administration/audit_case.html",
        {"case": case, "query": ""} | _page_context(user, organization_id, page),
    )


@login_required
@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    audit_reader_checked(user)
    checked, broken = audit_chain_verify()
    own = audit_event_list(user=user).count()
    audit_record(
        actor=user,
        action="audit.verify",
        detail={
            "checked": checked,
            "ok": broken is None,
            "first_broken_seq": broken.seq if broken else None,
        },
    )
    return render(
        request,
        "administration/audit_verify.html",
        {"checked": checked, "broken": broken, "own": own},
    )
