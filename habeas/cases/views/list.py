"""The case list: filters, sorting and numbered pages over the cases this user may see; staff open
on "My cases" (the cases whose team they are on) and switch to all the cases they may see.

Kept cheap at 100,000 cases: one COUNT and one page query, both from the permission-filtered
selector, reading only the columns the table shows; then a fixed number of queries for the facts of
that page's cases (offense, lead, last activity, and the columns features add through
``CASE_LIST_COLUMNS``), never one per case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import CASE_LIST_COLUMNS, CaseColumn, CaseFact, placed
from habeas.cases.reads import cases_listed
from habeas.cases.selectors import (
    SORTS,
    CaseFilters,
    CaseRowFacts,
    case_list,
    case_list_facts,
    days_in_stage,
    mine_by_default,
)
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


def _scope_mine(params: QueryDict, user: User) -> bool:
    """``scope=mine|all`` from the toggle; ``mine=1`` as before; otherwise the user's default."""
    if params.get("mine") == "1":
        return True
    scope = params.get("scope", "")
    if scope in ("mine", "all"):
        return scope == "mine"
    return mine_by_default(user)


def _filters(params: QueryDict, user: User) -> CaseFilters:
    sort = params.get("sort", "-received_on")
    stage = params.get("stage", "")
    return CaseFilters(
        stage=stage if stage in Stage.__members__.values() else "",
        county=params.get("county", "").strip()[:80],
        q=params.get("q", "").strip()[:100],
        mine=_scope_mine(params, user),
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


@dataclass(frozen=True)
class Cell:
    key: str
    own: bool  # one of the list's own columns (the template knows it) or a feature's CaseFact
    fact: CaseFact | None = None


@dataclass(frozen=True)
class Row:
    case: Case
    title: str  # "" when the title only repeats the applicant's name
    days: int | None  # None once the case has ended
    facts: CaseRowFacts
    cells: tuple[Cell, ...]


def _rows(cases: list[Case], order: list[str | CaseColumn]) -> list[Row]:
    ids = [c.pk for c in cases]
    own = case_list_facts(cases)
    extra = {col.key: col.facts(ids) for col in order if isinstance(col, CaseColumn)} if ids else {}
    now = timezone.now()
    return [
        Row(
            case=case,
            title=title_beyond_applicant(case.title, case.applicant_name),
            days=days_in_stage(case, now),
            facts=own.get(case.pk, CaseRowFacts()),
            cells=tuple(
                Cell(col, True)
                if isinstance(col, str)
                else Cell(col.key, False, extra[col.key].get(case.pk))
                for col in order
            ),
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


@login_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filters = _filters(request.GET, user)
    cases = case_list(user=user, filters=filters).select_related(None).only(*SHOWN_FIELDS)
    cases_listed(user=user, filters=filters, request=request)
    page = Paginator(cases, settings.HABEAS_PAGE_SIZE).get_page(request.GET.get("page"))
    order = placed(list(OWN_COLUMNS), CASE_LIST_COLUMNS)
    context = {
        "page": page,
        "rows": _rows(list(page.object_list), order),
        "filters": filters,
        "stages": list(Stage),
        "sort_labels": SORT_LABELS,
        "columns": _columns(request.GET, filters.sort, order),
        "page_numbers": page_numbers(page),
        "base_query": _query(request.GET),
        "all_url": _query(request.GET, scope="all", mine=None),
        "filtered": bool(filters.stage or filters.county or filters.q),
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "case-table":
        return render(request, "cases/_table.html", {**context, "oob": True})
    return render(request, "cases/list.html", context)
