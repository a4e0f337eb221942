"""Systemic review pages: watchlists, bulk record files, review runs and their matches."""

from __future__ import annotations

import io
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
from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.records.models import BulkImport
from habeas.records.services import records_import
from habeas.systemic.exports import review_csv_write, review_xlsx_write
from habeas.systemic.models import Decision, ReviewMatch, ReviewRun, Watchlist
from habeas.systemic.services import (
    match_decide,
    match_to_intake,
    review_enqueue,
    watchlist_create,
    watchlist_entries_csv,
)


def _run_for(request: HttpRequest, run_id: int) -> ReviewRun:
    user = request_user(request)
    run = (
        ReviewRun.objects.filter(pk=run_id, watchlist__organization=user.organization)
        .select_related("watchlist")
        .first()
    )
    if run is None or user.organization is None:
        raise NotFoundError("Review run not found.")
    return run


@login_required
def reviews_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    audit_record(actor=user, action="watchlist.list")
    return render(
        request,
        "systemic/home.html",
        {
            "watchlists": Watchlist.objects.filter(organization=user.organization).prefetch_related(
                "entries", "runs"
            ),
            "imports": BulkImport.objects.filter(organization=user.organization).select_related(
                "imported_by"
            )[:50],
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
    run = _run_for(request, run_id)
    decision = request.GET.get("decision", "")
    matches = ReviewMatch.objects.filter(run=run).select_related("entry", "case")
    if decision in Decision.values:
        matches = matches.filter(decision=decision)
    page = Paginator(matches, 100).get_page(request.GET.get("page"))
    audit_record(
        actor=request_user(request), action="review.read", obj=run, detail={"page": page.number}
    )
    return render(
        request,
        "systemic/run.html",
        {"run": run, "page": page, "decision": decision, "decisions": Decision.choices},
    )


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


def export_response(user: User, run: ReviewRun, fmt: str) -> HttpResponse:
    """A run's matches as a CSV or XLSX download, audited (shared by the page and the API)."""
    matches = ReviewMatch.objects.filter(run=run).select_related("entry", "case")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        count = review_xlsx_write(buffer, matches)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        count = review_csv_write(text, matches)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    audit_record(actor=user, action="review.export", obj=run, detail={"format": fmt, "rows": count})
    response["Content-Disposition"] = f'attachment; filename="review-{run.pk}.{fmt}"'
    return response


@login_required
def run_export(request: HttpRequest, run_id: int, fmt: str) -> HttpResponse:
    return export_response(request_user(request), _run_for(request, run_id), fmt)
