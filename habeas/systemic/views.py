"""Systemic review pages: watchlists, bulk record files, review runs and their matches."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.systemic.exports import export_response
from habeas.systemic.models import Decision, WatchKind
from habeas.systemic.permissions import can_manage_reviews
from habeas.systemic.selectors import (
    MatchFilter,
    bulk_imports,
    review_entries,
    review_known_cases,
    review_match_courts,
    review_matches,
    review_run_get,
    watchlists,
)
from habeas.systemic.services.records import records_import
from habeas.systemic.services.reviews import (
    match_decide,
    match_to_intake,
    matches_decide,
    review_enqueue,
    review_retry,
    watchlist_create,
    watchlist_entries_csv,
)


@login_required
def reviews_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    audit_read(actor=user, action="watchlist.list", request=request)
    return render(
        request,
        "systemic/home.html",
        {
            "watchlists": watchlists(user=user),
            "imports": bulk_imports(user=user)[:50],
            "watch_kinds": WatchKind.choices,
            "can_manage": can_manage_reviews(user),
        },
    )


def _uploaded_to_path(request: HttpRequest, field: str, tmp: Path) -> Path:
    upload = request.FILES.get(field)
    if upload is None:
        raise ApplicationError("Choose a file.", {field: ["No file was sent."]})
    path = tmp / Path(upload.name or "upload").name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


ENTRY_FIELDS = (
    "name",
    "kind",
    "agency",
    "badges",
    "aliases",
    "lab",
    "date_from",
    "date_to",
    "note",
)


def _entry_from_form(post: QueryDict) -> dict[str, str]:
    """The one-person form: its ``entry_*`` fields as the row a CSV would give."""
    return {f: post.get(f"entry_{f}", "").strip() for f in ENTRY_FIELDS}


@login_required
@require_POST
def watchlist_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    with tempfile.TemporaryDirectory(prefix="habeas-watch-") as tmp:
        try:
            rows = (
                watchlist_entries_csv(_uploaded_to_path(request, "csv", Path(tmp)))
                if "csv" in request.FILES or "entry_name" not in request.POST
                else [_entry_from_form(request.POST)]
            )
            watchlist, skipped = watchlist_create(
                actor=user,
                name=request.POST.get("name", ""),
                reason=request.POST.get("reason", ""),
                entries=rows,
            )
        except ApplicationError as exc:
            messages.error(
                request, f"{exc.message} {' '.join(p for ps in exc.fields.values() for p in ps)}"
            )
            return redirect("systemic:home")
    messages.success(
        request,
        f"Watchlist “{watchlist.name}” created with {watchlist.entries.count()} entries."
        + (f" Skipped: {'; '.join(skipped)}" if skipped else ""),
    )
    return redirect("systemic:home")


@login_required
@require_POST
def records_upload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    tmp = tempfile.mkdtemp(prefix="habeas-bulk-upload-")
    try:
        _, report = records_import(actor=user, path=_uploaded_to_path(request, "file", Path(tmp)))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if report.already_imported:
            messages.info(request, f"{report.name} was already imported; nothing changed.")
        else:
            problems = (
                report.rejected_count
                + sum(report.invalid_dates.values())
                + sum(report.impossible.values())
            )
            messages.success(
                request,
                f"{report.name}: {report.rows:,} rows imported; {report.rejected_count:,} malformed rows set aside; "
                f"{problems:,} rows with data problems (see the report below).",
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return redirect("systemic:home")


@login_required
@require_POST
def run_start(request: HttpRequest, watchlist_id: int) -> HttpResponse:
    run = review_enqueue(actor=request_user(request), watchlist=watchlist_id)
    return redirect("systemic:run", run_id=run.pk)


RUN_PAGE = 50  # matches per page on screen: a page a reviewer can work through (the API gives 100)


def _year(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() and len(raw.strip()) == 4 else None


def _match_filter(query: QueryDict) -> MatchFilter:
    entry = query.get("entry", "")
    return MatchFilter(
        decision=query.get("decision", ""),
        entry=int(entry) if entry.isdigit() else None,
        offense=query.get("offense", "")[:100],
        court=query.get("court", "")[:200],
        year_from=_year(query.get("year_from", "")),
        year_to=_year(query.get("year_to", "")),
        order=query.get("order", "score"),
    )


@login_required
def run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = request_user(request)
    run = review_run_get(user=user, run_id=run_id)
    only = _match_filter(request.GET)
    page = Paginator(review_matches(run, only=only), RUN_PAGE).get_page(request.GET.get("page"))
    entries = review_entries(run)
    known = review_known_cases(user=user, matches=page.object_list)
    audit_read(
        actor=user, action="review.read", obj=run, detail={"page": page.number}, request=request
    )
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "systemic/run.html",
        {
            "run": run,
            "can_manage": can_manage_reviews(user),
            "page": page,
            "only": only,
            "kept_query": kept.urlencode(),
            "decisions": Decision.choices,
            "orders": RUN_ORDERS,
            "entries": entries,
            "courts": review_match_courts(run),
            "rows": [(m, known.get(m.pk, [])) for m in page.object_list],
        },
    )


# The orderings of MATCH_ORDERS, in words, as the page offers them.
RUN_ORDERS = [
    ("score", "Strongest match first"),
    ("newest", "Newest conviction first"),
    ("oldest", "Oldest conviction first"),
    ("defendant", "Defendant's name"),
    ("docket", "Docket number"),
]


@login_required
@require_POST
def run_decisions(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run page's one form: a row's own button (``one`` = "<match id>:<decision>") or the
    selected rows with the bulk decision."""
    user = request_user(request)
    one = request.POST.get("one", "")
    if one:
        match_id, _, decision = one.partition(":")
        ids = [int(match_id)] if match_id.isdigit() else []
    else:
        decision = request.POST.get("decision", "")
        ids = [int(v) for v in request.POST.getlist("match") if v.isdigit()]
    try:
        changed = matches_decide(actor=user, run_id=run_id, match_ids=ids, decision=decision)
    except (NotFoundError, PermissionDeniedError):
        raise  # 404 / 403 pages, as for every other refused request
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if not one:
            label = Decision(decision).label.lower()
            messages.success(
                request, f"{changed} match{'es' if changed != 1 else ''} marked “{label}”."
            )
    back = QueryDict(request.POST.get("back", "")).urlencode()  # the page's filters, re-encoded
    anchor = f"#match-{ids[0]}" if one and ids else ""
    return redirect(f"/reviews/runs/{run_id}/?{back}{anchor}")


@login_required
@require_POST
def run_retry(request: HttpRequest, run_id: int) -> HttpResponse:
    run = review_retry(actor=request_user(request), run_id=run_id)
    messages.success(request, "The review run is queued again.")
    return redirect("systemic:run", run_id=run.pk)


@login_required
@require_POST
def match_decision(request: HttpRequest, match_id: int) -> HttpResponse:
    match = match_decide(
        actor=request_user(request), match_id=match_id, decision=request.POST.get("decision", "")
    )
    return redirect(
        f"/reviews/runs/{match.run_id}/?page={request.POST.get('page', '1')}#match-{match.pk}"
    )


@login_required
@require_POST
def match_intake(request: HttpRequest, match_id: int) -> HttpResponse:
    case = match_to_intake(actor=request_user(request), match_id=match_id)
    messages.success(request, f"Intake {case.ref} opened.")
    return redirect("cases:detail", ref=case.ref)


@login_required
def run_export(request: HttpRequest, run_id: int, fmt: str) -> HttpResponse:
    user = request_user(request)
    return export_response(user, review_run_get(user=user, run_id=run_id), fmt)
