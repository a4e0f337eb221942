"""Audit log pages for administrators and auditors. Reading the log is itself logged."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.administration.selectors import audit_event_list, audit_reader_checked
from habeas.audit.selectors import audit_chain_verify
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get


class AuditFilterForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="User")
    case_ref = forms.CharField(required=False, max_length=40, label="Case reference")
    action = forms.CharField(
        required=False,
        max_length=60,
        label="Action starts with",
        help_text="e.g. case. or auth.login",
    )


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, str]]:
    form = AuditFilterForm(request.GET)
    cleaned = (
        {k: str(v).strip() for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    )
    return form, cleaned


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    audit_reader_checked(user)
    form, filters = _filters(request)
    events = audit_event_list(user=user, **filters)
    page = Paginator(events, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=user,
        action="audit.read",
        detail={"view": "list", "filters": filters, "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "administration/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_GET
def case_events(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    case = case_get(user=user, ref=ref)  # 404 first: outsiders learn nothing, not even a 403
    audit_reader_checked(user)
    events = audit_event_list(user=user, case_ref=case.ref)
    page = Paginator(events, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        actor=user, action="audit.read", case=case, detail={"view": "case", "page": page.number}
    )
    return render(
        request, "administration/audit_case.html", {"case": case, "page": page, "query": ""}
    )


@login_required
@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    audit_reader_checked(user)
    checked, broken = audit_chain_verify()
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
        request, "administration/audit_verify.html", {"checked": checked, "broken": broken}
    )
