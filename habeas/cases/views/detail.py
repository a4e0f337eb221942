"""The case page: a header and tabs. The first tab is rendered inline (the page works without
JavaScript); htmx loads the others into the tab panel from ``cases:tab``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from habeas.accounts.current import request_user
from habeas.cases.models import Case
from habeas.cases.panels import CASE_TABS, TabState
from habeas.cases.reads import case_read
from habeas.cases.selectors import days_in_stage
from habeas.cases.views.sections import BoundForms
from habeas.cases.views.tabs import tab_bar, tab_check, tab_context, tabs_for
from habeas.core.web import ActionState, is_htmx


def render_case(
    request: HttpRequest,
    case: Case,
    tab: str,
    *,
    bound: BoundForms | None = None,
    editing: str = "",
    actions: dict[str, ActionState] | None = None,
    person_q: str = "",
    status: int = 200,
) -> HttpResponse:
    """The whole case page on ``tab`` (or only the tab panel when htmx asked for it)."""
    user = request_user(request)
    state = TabState(bound=bound or {}, editing=editing, actions=actions or {}, person_q=person_q)
    context = tab_context(case, user, tab, state)
    if is_htmx(request) and request.headers.get("HX-Target") == "tab-body":
        return render(request, context["tab_template"], context, status=status)
    context.update(
        tabs=tab_bar(user, tab),
        stage_days=days_in_stage(case),
        shared_with=[
            s.organization
            for s in case.shares.filter(revoked_at__isnull=True).select_related("organization")
        ],
    )
    return render(request, "cases/detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    tab = request.GET.get("tab", "overview")
    known = dict(tabs_for(user))
    tab = tab if tab in known else "overview"
    case = case_read(user=user, ref=ref, view=f"tab:{tab}", request=request)
    return render_case(
        request,
        case,
        tab,
        editing=request.GET.get("edit", "")[:60],
        person_q=request.GET.get("person_q", "").strip()[:100],
    )


@login_required
def case_tab(request: HttpRequest, ref: str, tab: str) -> HttpResponse:
    """One tab's panel (what htmx swaps in). Asked for without htmx it is the whole page on that tab."""
    user = request_user(request)
    if tab not in CASE_TABS:
        raise Http404("No such tab.")
    case = case_read(user=user, ref=ref, view=f"tab:{tab}", request=request)
    tab_check(user, tab)
    if not is_htmx(request):
        return render_case(request, case, tab)
    context = tab_context(
        case, user, tab, TabState(person_q=request.GET.get("person_q", "").strip()[:100])
    )
    return render(request, context["tab_template"], context)
