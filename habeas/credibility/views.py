"""Registry pages: the list with search and filters, an official's page (findings, postings,
alerts, "find every conviction"), the spreadsheet import with its mapping preview and error
report, the alerts to review, and the case's disclosure letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.audit.services import audit_read
from habeas.core.errors import ApplicationError
from habeas.credibility.permissions import can_change_list_status, can_keep_registry
from habeas.credibility.selectors import (
    PAGE,
    OfficialFilter,
    official_alerts,
    official_get,
    official_hidden_alert_cases,
    official_runs,
    officials,
    undisclosed_cases,
)
from habeas.credibility.services.alerts import alert_review, alerts_compute
from habeas.credibility.services.convictions import find_convictions
from habeas.credibility.services.disclosure import giglio_letter
from habeas.credibility.services.registry import (
    assignment_add,
    finding_add,
    finding_notice_set,
    finding_status_set,
    official_create,
)
from habeas.credibility.services.sheets import (
    Sheet,
    sheet_export,
    sheet_import,
    sheet_preview,
    sheet_read,
)
from habeas.domain.credibility.sheet import FIELD_WORDS
from habeas.domain.credibility.vocabulary import FINDING_TYPES, KINDS, OM_CODES, STATUSES

SESSION_SHEET = "credibility_sheet"
WEB_SHEET_MAX_ROWS = 5000  # kept in the session between preview and import; the CLI takes more


def _error(request: HttpRequest, exc: ApplicationError) -> None:
    details = " ".join(p for ps in exc.fields.values() for p in ps[:20])
    messages.error(request, f"{exc.message} {details}".strip())


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ApplicationError(
            f"“{raw}” is not a date.", {"date": ["Write it YYYY-MM-DD."]}
        ) from exc


def _filter(request: HttpRequest) -> OfficialFilter:
    return OfficialFilter(
        q=request.GET.get("q", "")[:100],
        kind=request.GET.get("kind", "") if request.GET.get("kind") in KINDS else "",
        status=request.GET.get("status", "") if request.GET.get("status") in STATUSES else "",
        agency=request.GET.get("agency", "")[:100],
    )


@login_required
def registry_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    only = _filter(request)
    page = Paginator(officials(user=user, only=only), PAGE).get_page(request.GET.get("page"))
    audit_read(actor=user, action="credibility.list", detail={"q": only.q}, request=request)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "credibility/home.html",
        {
            "page": page,
            "only": only,
            "kept_query": kept.urlencode(),
            "kinds": KINDS.items(),
            "statuses": STATUSES.items(),
            "can_keep": can_keep_registry(user),
            "undisclosed": undisclosed_cases(user=user)[:100],
        },
    )


@login_required
@require_POST
def official_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    try:
        official = official_create(
            actor=user,
            full_name=request.POST.get("full_name", ""),
            kind=request.POST.get("kind", "officer"),
            agency=request.POST.get("agency", ""),
            badges=request.POST.get("badges", "").split(";"),
            aliases=request.POST.get("aliases", "").split(";"),
            notes=request.POST.get("notes", ""),
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("credibility:home")
    return redirect("credibility:official", official_id=official.pk)


@login_required
def official_view(request: HttpRequest, official_id: int) -> HttpResponse:
    user = request_user(request)
    official = official_get(user=user, official_id=official_id)
    runs = official_runs(official)
    audit_read(actor=user, action="credibility.official", obj=official, request=request)
    return render(
        request,
        "credibility/official.html",
        {
            "official": official,
            "findings": official.findings.all(),
            "assignments": official.assignments.all(),
            "alerts": official_alerts(user=user, official=official),
            "hidden": official_hidden_alert_cases(user=user, official=official),
            "runs": runs,
            "can_keep": can_keep_registry(user),
            "can_status": can_change_list_status(user),
            "finding_types": FINDING_TYPES.items(),
            "statuses": STATUSES.items(),
            "om_codes": OM_CODES.items(),
        },
    )


@login_required
@require_POST
def finding_new(request: HttpRequest, official_id: int) -> HttpResponse:
    user = request_user(request)
    post = request.POST
    upload = request.FILES.get("source_file")
    try:
        finding_add(
            actor=user,
            official_id=official_id,
            type=post.get("type", ""),
            description=post.get("description", ""),
            date=_date(post.get("date", "")),
            om_code=post.get("om_code", ""),
            status=post.get("status", "pending"),
            citation=post.get("citation", ""),
            source_case_ref=post.get("source_case", "").strip(),
            source_document_id=int(doc)
            if (doc := post.get("source_document", "").strip()).isdigit()
            else None,
            upload=upload.file if upload else None,
            upload_name=(upload.name or "") if upload else "",
        )
    except ApplicationError as exc:
        _error(request, exc)
    return redirect("credibility:official", official_id=official_id)


@login_required
@require_POST
def assignment_new(request: HttpRequest, official_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        assignment_add(
            actor=user,
            official_id=official_id,
            agency=request.POST.get("agency", ""),
            unit=request.POST.get("unit", ""),
            badge=request.POST.get("badge", ""),
            date_from=_date(request.POST.get("date_from", "")),
            date_to=_date(request.POST.get("date_to", "")),
        )
    except ApplicationError as exc:
        _error(request, exc)
    return redirect("credibility:official", official_id=official_id)


@login_required
@require_POST
def finding_status(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        finding = finding_status_set(
            actor=user,
            finding_id=finding_id,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("credibility:home")
    return redirect("credibility:official", official_id=finding.official_id)


@login_required
@require_POST
def finding_notice(request: HttpRequest, finding_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        finding = finding_notice_set(
            actor=user,
            finding_id=finding_id,
            notified_on=_date(request.POST.get("notified_on", "")),
            response=request.POST.get("response", ""),
        )
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("credibility:home")
    return redirect("credibility:official", official_id=finding.official_id)


@login_required
@require_POST
def convictions_find(request: HttpRequest, official_id: int) -> HttpResponse:
    user = request_user(request)
    try:
        run = find_convictions(actor=user, official_id=official_id)
    except ApplicationError as exc:
        _error(request, exc)
        return redirect("credibility:official", official_id=official_id)
    return redirect("systemic:run", run_id=run.pk)


def _preview_context(
    request: HttpRequest, sheet: Sheet, override: dict[str, str]
) -> dict[str, Any]:
    preview = sheet_preview(actor=request_user(request), sheet=sheet, override=override)
    return {
        "preview": preview,
        "fields": FIELD_WORDS.items(),
        "mapped": preview.mapped(),
        "headers": sheet.headers,
        "sample": sheet.rows[:5],
        "errors": preview.check.errors[:500],
        "valid": len(preview.check.rows),
    }


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST with a file: the preview. POST with ``step=import``: store."""
    user = request_user(request)
    context: dict[str, Any] = {"can_keep": can_keep_registry(user)}
    if request.method == "POST":
        try:
            upload = request.FILES.get("file")
            if upload is not None:
                sheet = sheet_read(upload.read(), upload.name or "sheet.csv")
                if len(sheet.rows) > WEB_SHEET_MAX_ROWS:
                    raise ApplicationError(
                        f"Sheets over {WEB_SHEET_MAX_ROWS:,} rows are imported with the command "
                        "line (habeas credibility import).",
                        {"file": ["Too many rows for the page."]},
                    )
                request.session[SESSION_SHEET] = {"headers": sheet.headers, "rows": sheet.rows}
            else:
                stored = request.session.get(SESSION_SHEET)
                if not stored:
                    raise ApplicationError("Choose the spreadsheet again.", {"file": ["Expired."]})
                sheet = Sheet(headers=stored["headers"], rows=stored["rows"])
            override = {
                name: request.POST[f"map_{name}"]
                for name in FIELD_WORDS
                if f"map_{name}" in request.POST
            }
            context.update(_preview_context(request, sheet, override))
            if request.POST.get("step") == "import":
                result = sheet_import(
                    actor=user,
                    preview=context["preview"],
                    valid_only=request.POST.get("valid_only") == "yes",
                )
                request.session.pop(SESSION_SHEET, None)
                messages.success(
                    request,
                    f"Imported: {result.officials_created} new and {result.officials_updated} "
                    f"updated officials, {result.findings_created} new and "
                    f"{result.findings_updated} updated findings"
                    + (f"; {len(result.skipped)} rows left out." if result.skipped else "."),
                )
                return redirect("credibility:home")
        except ApplicationError as exc:
            _error(request, exc)
    return render(request, "credibility/import.html", context)


@login_required
def export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request_user(request)
    content, content_type = sheet_export(
        actor=user, officials=officials(user=user, only=_filter(request)), fmt=fmt
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="credibility-list.{fmt}"'
    return response


@login_required
@require_POST
def alerts_refresh_view(request: HttpRequest) -> HttpResponse:
    try:
        count = alerts_compute(actor=request_user(request))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            f"Checked every case against the list: {count.created} new alerts, "
            f"{count.withdrawn} withdrawn.",
        )
    return redirect("credibility:home")


@login_required
@require_POST
def alert_review_view(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = alert_review(
        actor=request_user(request), alert_id=alert_id, status=request.POST.get("status", "")
    )
    return redirect(reverse("cases:detail", kwargs={"ref": alert.case.ref}) + "?tab=credibility")


@login_required
@require_POST
def disclose_view(request: HttpRequest, ref: str) -> HttpResponse:
    letter = giglio_letter(actor=request_user(request), case_ref=ref)
    return HttpResponse(letter.content, content_type=letter.content_type)
