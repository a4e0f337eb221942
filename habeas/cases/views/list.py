"""The case list: filters, sorting and numbered pages over the cases this user may see; staff open
on "My cases" (the cases whose team they are on) and switch to all the cases they may see.

Kept cheap at 100,000 cases: one COUNT and one page query, both from the permission-filtered
selector, reading only the columns the table shows; then a fixed number of queries for the facts of
that page's cases (offense, lead, last activity, and the columns features add through
``CASE_LIST_COLUMNS``), never one per case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.cases.list_filters import case_filters_params, case_filters_read, case_list_url
from habeas.cases.models import Case
from habeas.cases.models.saved_filter import MAX_SAVED_FILTERS
from habeas.cases.panels import CASE_LIST_COLUMNS, CaseColumn, placed
from habeas.cases.reads import cases_listed
from habeas.cases.selectors import (
    CaseFilters,
    CaseRowFacts,
    case_filters_saved,
    case_list,
    case_list_facts,
    days_in_stage,
)
from habeas.cases.views.list_cells import Cell, row_cells_html
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
# The list's own columns: key -> (header, sort key when clicked, the sort keys that mean "sorted
# by this column"). Features add theirs after one of these keys (``case_list_column``).
OWN_COLUMNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "case": ("Case", "ref", {"ref": "ascending", "-ref": "descending"}),
    "applicant": ("Applicant", "applicant", {"applicant": "ascending"}),
    "offense": ("Offense", "", {}),
    "stage": ("Stage", "stage", {"stage": "ascending"}),
    "days": ("Days in stage", "", {}),
    "lead": ("Lead attorney", "", {}),
    "activity": ("Last activity", "", {}),
}
SHOWN_FIELDS = (
    "ref",
    "title",
    "stage",
    "county",
    "applicant_name",
    "received_on",
    "stage_changed_at",
    "updated_at",
)
# "People v. Rivera", "The People of the State of California v. Rivera", "In re Rivera".
_CAPTION = re.compile(
    r"^\s*(?:(?:the\s+)?(?:people|state|commonwealth|united\s+states)(?:\s+of\s+[\w\s]+?)?"
    r"\s+(?:v|vs)\.?\s+|(?:in\s+re|ex\s+parte)\s+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’-]+")


def title_beyond_applicant(title: str, applicant: str) -> str:
    """The case title, or "" when it says no more than the applicant's name, which the list shows
    in its own column ("People v. Rivera" for Tomas Rivera; "People v. Rivera (Paramount)" stays)."""
    if not applicant.strip():
        return title
    names = {w.lower() for w in _WORD.findall(applicant)}
    left = [w for w in _WORD.findall(_CAPTION.sub("", title)) if w.lower() not in names]
    return title if left else ""


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


def _row_cells(
    case: Case, facts: CaseRowFacts, cells: tuple[Cell, ...], now: dt.datetime
) -> SafeString:
    """One row's ``<td>`` cells (list_cells.py)."""
    return row_cells_html(
        case,
        title=title_beyond_applicant(case.title, case.applicant_name),
        days=days_in_stage(case, now),
        facts=facts,
        cells=cells,
        case_url=reverse("cases:detail", kwargs={"ref": case.ref}),
    )


def _rows(cases: list[Case], order: list[str | CaseColumn]) -> list[SafeString]:
    ids = [c.pk for c in cases]
    own = case_list_facts(cases)
    extra = {col.key: col.facts(ids) for col in order if isinstance(col, CaseColumn)} if ids else {}
    now = timezone.now()
    return [
        _row_cells(
            case,
            own.get(case.pk, CaseRowFacts()),
            tuple(
                Cell(col, True)
                if isinstance(col, str)
                else Cell(col.key, False, extra[col.key].get(case.pk))
                for col in order
            ),
            now,
        )
        for case in cases
    ]


def _columns(params: QueryDict, sort: str, order: list[str | CaseColumn]) -> list[dict[str, str]]:
    columns = []
    # Clicking a sorted column flips it when the opposite order exists.
    flip = {
        "ref": "-ref",
        "-ref": "ref",
        "-received_on": "received_on",
        "received_on": "-received_on",
    }
    for col in order:
        if isinstance(col, CaseColumn):
            columns.append({"key": col.key, "label": col.label, "url": "", "aria_sort": ""})
            continue
        label, sort_key, active = OWN_COLUMNS[col]
        state = active.get(sort, "")
        target = flip.get(sort, sort_key) if state else sort_key
        columns.append(
            {
                "key": col,
                "label": label,
                "url": _query(params, sort=target) if sort_key else "",
                "aria_sort": state,
            }
        )
    return columns


@dataclass(frozen=True)
class SavedLink:
    id: int
    name: str
    url: str
    current: bool  # applying it gives the list as it is filtered now


def saved_filters_context(
    user: User,
    filters: CaseFilters,
    *,
    name: str = "",
    errors: Sequence[str] = (),
    notices: Sequence[str] = (),
) -> dict[str, Any]:
    """What the "Saved filters" block shows: the user's own sets as links (the one in use marked),
    and the form that saves the filters now applied (with what it said last time)."""
    links = [
        SavedLink(
            id=saved.pk,
            name=saved.name,
            url=case_list_url(saved.params),
            current=case_filters_read(saved.params, user) == filters,
        )
        for saved in case_filters_saved(user=user)
    ]
    return {
        "saved_filters": links,
        "saved_full": len(links) >= MAX_SAVED_FILTERS,
        "max_saved_filters": MAX_SAVED_FILTERS,
        "current_params": case_filters_params(filters),
        "save_name": name,
        "save_errors": list(errors),
        "save_notices": list(notices),
    }


def case_list_page(
    request: HttpRequest,
    params: QueryDict,
    *,
    save: Mapping[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case list filtered by ``params``; ``save``: what the save form says again (an error)."""
    user = request_user(request)
    filters = case_filters_read(params, user)
    cases = case_list(user=user, filters=filters).select_related(None).only(*SHOWN_FIELDS)
    cases_listed(user=user, filters=filters, request=request)
    page = Paginator(cases, settings.HABEAS_PAGE_SIZE).get_page(params.get("page"))
    order = placed(list(OWN_COLUMNS), CASE_LIST_COLUMNS)
    context = {
        "page": page,
        "rows": _rows(list(page.object_list), order),
        "filters": filters,
        "stages": list(Stage),
        "sort_labels": SORT_LABELS,
        "columns": _columns(params, filters.sort, order),
        "page_numbers": page_numbers(page),
        "base_query": _query(params),
        "all_url": _query(params, scope="all", mine=None),
        "filtered": bool(filters.stage or filters.county or filters.q),
        **saved_filters_context(user, filters, **(save or {})),
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "case-table":
        return render(request, "cases/_table.html", {**context, "oob": True}, status=status)
    return render(request, "cases/list.html", context, status=status)


@login_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    return case_list_page(request, request.GET)
