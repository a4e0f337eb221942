"""The case list: filters, sorting and numbered pages over the cases this user may see.

Kept cheap at 100,000 cases: one COUNT and one page query, both from the permission-filtered
selector, reading only the columns the table shows (no joins: the organization is not shown).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.cases.reads import cases_listed
from habeas.cases.selectors import SORTS, CaseFilters, case_list
from habeas.core.web import is_htmx
from habeas.domain.workflow import Stage

SORT_LABELS: dict[str, str] = {
    "-received_on": "Received, newest first",
    "received_on": "Received, oldest first",
    "ref": "Reference, A–Z",
    "-ref": "Reference, Z–A",
    "applicant": "Applicant, A–Z",
    "stage": "Stage",
    "updated": "Recently updated",
}
# Sortable columns: (header, sort key when clicked, the sort keys that mean "sorted by this column").
COLUMNS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("Reference", "ref", {"ref": "ascending", "-ref": "descending"}),
    ("Applicant", "applicant", {"applicant": "ascending"}),
    ("Title", "", {}),
    ("Stage", "stage", {"stage": "ascending"}),
    ("County", "", {}),
    ("Received", "-received_on", {"-received_on": "descending", "received_on": "ascending"}),
    ("Days in stage", "", {}),
)
SHOWN_FIELDS = (
    "ref",
    "title",
    "stage",
    "county",
    "applicant_name",
    "received_on",
    "stage_changed_at",
)


def _filters(params: QueryDict) -> CaseFilters:
    sort = params.get("sort", "-received_on")
    stage = params.get("stage", "")
    return CaseFilters(
        stage=stage if stage in Stage.__members__.values() else "",
        county=params.get("county", "").strip()[:80],
        q=params.get("q", "").strip()[:100],
        mine=params.get("mine") == "1",
        sort=sort if sort in SORTS else "-received_on",
    )


def _query(params: QueryDict, **changes: Any) -> str:
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_numbers(page: Page[Any], around: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 40: the first, the last and a window around the current page (None = gap)."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(max(1, page.number - around), min(last, page.number + around) + 1)}
    numbers: list[int | None] = []
    for n in sorted(wanted):
        if numbers and numbers[-1] is not None and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


@login_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filters = _filters(request.GET)
    cases = case_list(user=user, filters=filters).select_related(None).only(*SHOWN_FIELDS)
    cases_listed(user=user, filters=filters, request=request)
    page = Paginator(cases, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(case, (now - case.stage_changed_at).days) for case in page.object_list]
    base = _query(request.GET)
    columns = []
    for label, sort_key, active in COLUMNS:
        state = active.get(filters.sort, "")
        # Clicking a sorted column flips it when the opposite order exists.
        flip = {
            "ref": "-ref",
            "-ref": "ref",
            "-received_on": "received_on",
            "received_on": "-received_on",
        }
        target = flip.get(filters.sort, sort_key) if state else sort_key
        columns.append(
            {
                "label": label,
                "url": _query(request.GET, sort=target) if sort_key else "",
                "aria_sort": state,
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "stages": list(Stage),
        "sort_labels": SORT_LABELS,
        "columns": columns,
        "page_numbers": page_numbers(page),
        "base_query": base,
        "filtered": bool(filters.stage or filters.county or filters.q or filters.mine),
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "case-table":
        return render(request, "cases/_table.html", {**context, "oob": True})
    return render(request, "cases/list.html", context)
