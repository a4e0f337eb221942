"""The case page: a header and tabs. Each tab is rendered by one context builder, used both for the
first page load and for htmx tab switches, and re-used with a bound form when a save fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES, TRANSITION_ROLES, VOTING_ROLES
from habeas.cases.forms import CaseForm
from habeas.cases.models import Case, ScreeningCriterion
from habeas.cases.selectors import Access, case_access, case_facts_grouped, case_get, fact_conflicts
from habeas.cases.services.kinds import KINDS, ChildKind
from habeas.cases.services.workflow import recusal_reason, screening_checklist
from habeas.cases.views.common import current_user
from habeas.domain.workflow import ACCEPT_REASON_CODES, ALLOWED, DECLINE_REASON_CODES, Stage, Vote

TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "overview": ("Overview", ("parties", "incidents", "facts")),
    "record": ("Conviction record", ("convictions", "charges", "sentences", "filings")),
    "people": ("People", ("people",)),
    "claims": ("Claims", ("claims",)),
    "evidence": ("Evidence", ("evidence", "custody-events")),
    "tasks": ("Tasks", ("tasks",)),
    "notes": ("Notes", ("notes",)),
    "leads": ("Leads", ("leads",)),
    "workflow": ("Workflow", ("resolutions",)),
    "outcome": ("Outcome", ()),
    "team": ("Team & sharing", ()),
}
TAB_OF_KIND = {slug: tab for tab, (_, slugs) in TABS.items() for slug in slugs}

BoundForms = dict[tuple[str, int | None], djforms.BaseForm]


def _display(obj: Model, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if callable(getter) else getattr(obj, name, "")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def record_section(kind: ChildKind, case: Case, can_write: bool, bound: BoundForms) -> dict[str, Any]:
    rows = []
    for obj in kind.queryset(case):
        form = bound.get((kind.slug, obj.pk)) or (kind.form(instance=obj, case=case, auto_id=f"{kind.slug}-{obj.pk}-%s") if can_write else None)
        rows.append({"obj": obj, "cells": [_display(obj, n) for n in kind.form.base_fields], "form": form})
    new_form = bound.get((kind.slug, None)) or (kind.form(case=case, auto_id=f"{kind.slug}-new-%s") if can_write else None)
    return {
        "kind": kind, "headers": [f.label or n for n, f in kind.form.base_fields.items()], "rows": rows,
        "new_form": new_form, "open_new": (kind.slug, None) in bound,
    }


def _workflow_context(case: Case, user: User, can_write: bool) -> dict[str, Any]:
    checklist = screening_checklist(case)
    answers = {a.criterion_id: a for a in case.screening_answers.select_related("answered_by")}
    criteria = [
        {"criterion": c, "answer": checklist.get(c.key), "record": answers.get(c.pk)}
        for c in ScreeningCriterion.objects.filter(organization_id=case.organization_id, active=True)
    ]
    targets = sorted(ALLOWED[case.stage_enum], key=lambda s: list(Stage).index(s))
    return {
        "transitions": case.transitions.select_related("by"),
        "criteria": criteria,
        "targets": targets,
        "accept_codes": ACCEPT_REASON_CODES,
        "decline_codes": DECLINE_REASON_CODES,
        "votes": case.votes.select_related("voter"),
        "vote_choices": [(v.value, v.value.replace("_", " ").capitalize()) for v in Vote],
        "recusals": case.recusals.select_related("user"),
        "my_recusal": recusal_reason(case, user),
        "can_transition": can_write and user.role in TRANSITION_ROLES,
        "can_vote": can_write and user.role in VOTING_ROLES and user.organization_id == case.organization_id,
        "quorum": case.organization.committee_quorum,
    }


def _team_context(case: Case, user: User, can_write: bool) -> dict[str, Any]:
    return {
        "team": case.team.select_related("user", "user__organization"),
        "shares": case.shares.select_related("organization", "granted_by").order_by("-granted_at"),
        "can_manage": can_write and user.role in TRANSITION_ROLES,
        "is_owner_org": user.organization_id == case.organization_id,
    }


def _outcome_context(case: Case, user: User, can_write: bool) -> dict[str, Any]:
    from django.utils import timezone

    from habeas.outcomes.selectors import case_outcome_summary

    today = timezone.localdate()
    summary = case_outcome_summary(case)
    return {"outcome": summary, "deadline_rows": [(d, d.days_remaining(today), d.status(today).value) for d in summary.deadlines]}


def tab_context(case: Case, user: User, tab: str, bound: BoundForms | None = None) -> dict[str, Any]:
    if tab not in TABS:
        raise Http404("No such tab.")
    bound = bound or {}
    can_write = case_access(user, case) is Access.WRITE
    sections = [record_section(KINDS[slug], case, can_write and user.role in KINDS[slug].write_roles, bound) for slug in TABS[tab][1]]
    context: dict[str, Any] = {"case": case, "tab": tab, "sections": sections, "can_write": can_write}
    extra: dict[str, Callable[[Case, User, bool], dict[str, Any]]] = {
        "workflow": _workflow_context, "team": _team_context, "outcome": _outcome_context,
    }
    if tab in extra:
        context.update(extra[tab](case, user, can_write))
    if tab == "overview":
        grouped = case_facts_grouped(case)
        context["facts_conflicts"] = sorted(fact_conflicts(grouped))
        context["case_form"] = bound.get(("case", None)) or (CaseForm(instance=case, auto_id="case-%s") if can_write else None)
        context["open_leads"] = case.leads.filter(status="open").count()
    return context


def render_case(request: HttpRequest, case: Case, tab: str, bound: BoundForms | None = None, status: int = 200) -> HttpResponse:
    user = current_user(request)
    context = tab_context(case, user, tab, bound)
    context.update(tabs=[(key, label) for key, (label, _) in TABS.items()], can_audit=user.role in AUDIT_ROLES)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "tab-body":
        return render(request, f"cases/tabs/{tab}.html", context, status=status)
    return render(request, "cases/detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    tab = request.GET.get("tab", "overview")
    tab = tab if tab in TABS else "overview"
    case = case_get(user=current_user(request), ref=ref, view=f"tab:{tab}")
    return render_case(request, case, tab)


@login_required
def case_tab(request: HttpRequest, ref: str, tab: str) -> HttpResponse:
    if tab not in TABS:
        raise Http404("No such tab.")
    case = case_get(user=current_user(request), ref=ref, view=f"tab:{tab}")
    context = tab_context(case, current_user(request), tab)
    context["can_audit"] = current_user(request).role in AUDIT_ROLES
    return render(request, f"cases/tabs/{tab}.html", context)
