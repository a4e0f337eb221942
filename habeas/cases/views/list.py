from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from habeas.cases.selectors import SORTS, CaseFilters, case_list
from habeas.cases.views.common import current_user
from habeas.domain.workflow import Stage


@login_required
def case_list_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    sort = request.GET.get("sort", "-received_on")
    filters = CaseFilters(
        stage=request.GET.get("stage", "") if request.GET.get("stage", "") in Stage.__members__.values() else "",
        county=request.GET.get("county", "").strip()[:80],
        q=request.GET.get("q", "").strip()[:100],
        mine=request.GET.get("mine") == "1",
        sort=sort if sort in SORTS else "-received_on",
    )
    cases = case_list(user=user, filters=filters).only(
        "ref", "title", "stage", "county", "applicant_name", "received_on", "stage_changed_at", "organization__name"
    )
    page = Paginator(cases, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(case, (now - case.stage_changed_at).days) for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page, "rows": rows, "filters": filters, "stages": list(Stage), "sorts": SORTS,
        "querystring": query.urlencode(),
    }
    template = "cases/_table.html" if request.headers.get("HX-Request") else "cases/list.html"
    return render(request, template, context)
