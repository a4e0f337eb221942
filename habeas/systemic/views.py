"""Systemic review pages: watchlists, bulk record files, review runs and their matches."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.core.errors import ApplicationError
from habeas.systemic.exports import export_response
from habeas.systemic.models import Decision
from habeas.systemic.selectors import (
    MATCHES_PAGE,
    bulk_imports,
    review_matches,
    review_run_get,
    watchlists,
)
from habeas.systemic.services.records import records_import
from habeas.systemic.services.reviews import (
    match_decide,
    match_to_intake,
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
        {"watchlists": watchlists(user=user), "imports": bulk_imports(user=user)[:50]},
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


@login_required
@require_POST
def watchlist_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    with tempfile.TemporaryDirectory(prefix="habeas-watch-") as tmp:
        try:
            rows = watchlist_entries_csv(_uploaded_to_path(request, "csv", Path(tmp)))
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


@login_required
def run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    user = request_user(request)
    run = review_run_get(user=user, run_id=run_id)
    decision = request.GET.get("decision", "")
    page = Paginator(review_matches(run, decision=decision), MATCHES_PAGE).get_page(
        request.GET.get("page")
    )
    audit_read(
        actor=user, action="review.read", obj=run, detail={"page": page.number}, request=request
    )
    return render(
        request,
        "systemic/run.html",
        {"run": run, "page": page, "decision": decision, "decisions": Decision.choices},
    )


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
