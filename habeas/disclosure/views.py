"""Pages of the disclosure app: the production builder (with its progress, polled by htmx), the
privilege log's files, and a document's redactions and production history (loaded into the page
viewer). Thin: selectors to read, services to write; refusals by the rules come back as messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.cases.permissions import Action, may
from habeas.cases.selectors import Access, case_access, case_get
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.core.web import is_domain_refusal, is_htmx
from habeas.disclosure.cover import privilege_log_entries_pdf
from habeas.disclosure.models import (
    PATTERN_KINDS,
    DeliveryMethod,
    Obligation,
    PrivilegeGround,
    Production,
    RecipientKind,
    RedactionReason,
    RedactionStatus,
)
from habeas.disclosure.reads import disclosure_shown, package_downloaded, privilege_log_exported
from habeas.disclosure.selectors import (
    case_document,
    case_documents,
    document_production_history,
    privilege_log,
    production_get,
    production_items,
    redaction_queryset,
)
from habeas.disclosure.services.ledger import disclosure_record
from habeas.disclosure.services.privilege_log import (
    EDITABLE,
    privilege_log_csv,
    privilege_log_entry_update,
    privilege_log_xlsx,
)
from habeas.disclosure.services.productions import (
    production_build,
    production_correction_start,
    production_create,
    production_document_remove,
    production_documents_add,
    production_package_path,
)
from habeas.disclosure.services.redactions import (
    redaction_add,
    redactions_accept,
    redactions_propose,
    redactions_remove,
)


def _act(request: HttpRequest, back: str, action: Callable[[], str]) -> HttpResponse:
    """Run a write; its message (or the refusal in words) is shown on the page it came from."""
    try:
        messages.success(request, action())
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        messages.error(request, _refusal_words(exc))
    return redirect(back)


def _refusal_words(exc: ApplicationError) -> str:
    details = " ".join(p for problems in exc.fields.values() for p in problems)
    return f"{exc.message} {details}".strip()


def _int(value: str | None, field: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ApplicationError(
            "Give a whole number.", fields={field: ["Give a whole number."]}
        ) from None


def _production_url(ref: str, production_id: int) -> str:
    return reverse("disclosure:production", kwargs={"ref": ref, "production_id": production_id})


@login_required
def production_new(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    case = case_get(user=user, ref=ref, write=request.method == "POST")
    if request.method == "POST":
        post = request.POST

        start = post.get("bates_start", "").strip()
        try:
            production = production_create(
                actor=user,
                case_ref=ref,
                name=post.get("name", ""),
                recipient_name=post.get("recipient_name", ""),
                recipient_kind=post.get("recipient_kind", ""),
                recipient_organization=post.get("recipient_organization", ""),
                obligation=post.get("obligation", ""),
                bates_prefix=post.get("bates_prefix", ""),
                bates_start=_int(start, "bates_start") if start else None,
                bates_padding=_int(post.get("bates_padding", "6"), "bates_padding"),
                bates_suffix=post.get("bates_suffix", "").strip(),
                legend=post.get("legend", ""),
                cover_note=post.get("cover_note", ""),
            )
        except ApplicationError as exc:
            if is_domain_refusal(exc):
                raise
            messages.error(request, _refusal_words(exc))
            return redirect(request.path)
        messages.success(request, f"Production “{production.name}” started: choose its documents.")
        return redirect(_production_url(ref, production.pk))
    disclosure_shown(user=user, case=case, view="new production", request=request)
    return render(
        request,
        "disclosure/production_new.html",
        {
            "case": case,
            "recipient_kinds": RecipientKind.choices,
            "obligations": Obligation.choices,
            "partners": [s.organization for s in case.shares.select_related("organization")],
            "can_produce": case_access(user, case) >= Access.WRITE
            and may(user, case, Action.PRODUCE),
        },
    )


def _production_context(user: User, production: Production) -> dict[str, object]:
    case = production.case
    writable = case_access(user, case) >= Access.WRITE
    items = list(production_items(production))
    chosen = {i.document_id for i in items}
    return {
        "case": case,
        "production": production,
        "items": items,
        "available": [d for d in case_documents(case=case) if d.pk not in chosen]
        if production.is_draft
        else [],
        "can_produce": writable and may(user, case, Action.PRODUCE),
        "can_deliver": writable and may(user, case, Action.DELIVER),
        "grounds": PrivilegeGround.choices,
        "reasons": RedactionReason.choices,
        "patterns": [(k.value, k.label) for k in PATTERN_KINDS],
        "methods": DeliveryMethod.choices,
        "deliveries": list(production.deliveries.select_related("disclosed_by")),
        "percent": int(100 * production.pages_done / production.pages_total)
        if production.pages_total
        else 0,
    }


@login_required
def production_view(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    return _production_page(request, ref, production_id, "disclosure/production.html", "production")


@login_required
def production_progress(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    """The build's status and progress bar (polled with ``X-Habeas-Poll``: not audited then)."""
    return _production_page(request, ref, production_id, "disclosure/_progress.html", "progress")


def _production_page(
    request: HttpRequest, ref: str, production_id: int, template: str, view: str
) -> HttpResponse:
    user = request_user(request)
    production = production_get(user=user, case_ref=ref, production_id=production_id)
    context = _production_context(user, production)
    disclosure_shown(
        user=user, case=production.case, view=view, production=production, request=request
    )
    return render(request, template, context)


@login_required
@require_POST
def production_documents(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)

    def act() -> str:
        ids = [_int(v, "document_ids") for v in request.POST.getlist("document_ids")]
        withheld = request.POST.get("withheld") == "1"
        items = production_documents_add(
            actor=user,
            case_ref=ref,
            production_id=production_id,
            document_ids=ids,
            withheld=withheld,
            privilege_ground=request.POST.get("privilege_ground", ""),
        )
        return f"{len(items)} document{'s' if len(items) != 1 else ''} {'withheld' if withheld else 'added'}."

    return _act(request, _production_url(ref, production_id), act)


@login_required
@require_POST
def production_document_drop(
    request: HttpRequest, ref: str, production_id: int, document_id: int
) -> HttpResponse:
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)

    def act() -> str:
        production_document_remove(
            actor=user, case_ref=ref, production_id=production_id, document_id=document_id
        )
        return "The document was taken out of the production."

    return _act(request, _production_url(ref, production_id), act)


@login_required
@require_POST
def production_build_view(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)

    def act() -> str:
        production_build(actor=user, case_ref=ref, production_id=production_id)
        return "The production is being built."

    return _act(request, _production_url(ref, production_id), act)


@login_required
@require_POST
def production_propose(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    """Pattern hits (phone numbers, dates of birth...) across the production's documents,
    proposed for review in each document's page viewer."""
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)

    def act() -> str:
        proposed = redactions_propose(
            actor=user,
            case_ref=ref,
            kinds=request.POST.getlist("kinds"),
            reason=request.POST.get("reason", RedactionReason.PRIVACY),
            production_id=production_id,
        )
        documents = len({r.document_id for r in proposed})
        if not proposed:
            return "Nothing new of those kinds was found in this production's documents."
        return (
            f"{len(proposed)} proposed redaction{'s' if len(proposed) != 1 else ''} in "
            f"{documents} document{'s' if documents != 1 else ''}: review them in each "
            "document's pages before building."
        )

    return _act(request, _production_url(ref, production_id), act)


@login_required
@require_POST
def production_correct(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    """A corrected production of a built one: the same documents, recipient and settings, under
    new Bates numbers (the next free ones of the prefix); the original is superseded once the
    correction is built."""
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)
    try:
        correction = production_correction_start(
            actor=user, case_ref=ref, production_id=production_id, name=request.POST.get("name", "")
        )
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        messages.error(request, _refusal_words(exc))
        return redirect(_production_url(ref, production_id))
    messages.success(
        request,
        f"Correction “{correction.name}” started with the same documents: change what needs "
        "changing, then build it. It gets new Bates numbers.",
    )
    return redirect(_production_url(ref, correction.pk))


@login_required
@require_POST
def production_deliver(request: HttpRequest, ref: str, production_id: int) -> HttpResponse:
    user = request_user(request)
    production_get(user=user, case_ref=ref, production_id=production_id, write=True)

    def act() -> str:
        raw = request.POST.get("disclosed_on", "").strip()
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ApplicationError(
                "Give the date as year-month-day.", fields={"disclosed_on": ["Give a date."]}
            ) from None
        # A past day is recorded at noon (UTC) of that day; today or no date: now.
        when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if day else None
        if day and day >= timezone.localdate():
            when = None
        disclosure_record(
            actor=user,
            case_ref=ref,
            production_id=production_id,
            method=request.POST.get("method", ""),
            disclosed_at=when,
            note=request.POST.get("note", ""),
        )
        return "The delivery is recorded in the disclosure ledger."

    return _act(request, _production_url(ref, production_id), act)


@login_required
def production_package(request: HttpRequest, ref: str, production_id: int) -> FileResponse:
    user = request_user(request)
    production = production_get(user=user, case_ref=ref, production_id=production_id)
    path = production_package_path(production)
    package_downloaded(user=user, production=production, request=request)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{production.bates_prefix}-{production.pk}.zip",
        content_type="application/zip",
    )


FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def privilege_log_file(request: HttpRequest, ref: str, fmt: str) -> HttpResponse:
    user = request_user(request)
    case, entries = privilege_log(user=user, case_ref=ref)
    if fmt not in FILE_TYPES:
        raise NotFoundError("No such format.")
    rows = list(entries)
    if fmt == "csv":
        content = privilege_log_csv(rows)
    elif fmt == "xlsx":
        content = privilege_log_xlsx(rows)
    else:
        content = privilege_log_entries_pdf(case, rows)
    privilege_log_exported(user=user, case=case, fmt=fmt, request=request)
    response = HttpResponse(content, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{case.ref}-privilege-log.{fmt}"'
    return response


@login_required
@require_POST
def privilege_log_entry_edit(request: HttpRequest, ref: str, entry_id: int) -> HttpResponse:
    """One entry of the privilege log as the unit describes it for a court (date, author,
    recipients, type, ground, description); the fields the form sends are the fields changed."""
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)
    back = reverse("cases:detail", kwargs={"ref": ref}) + "?tab=disclosure#h-privilege-log"

    def act() -> str:
        changes: dict[str, object] = {
            name: request.POST[name] for name in EDITABLE if name in request.POST
        }
        if "date" in changes:
            text = str(changes["date"]).strip()
            try:
                changes["date"] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                raise ApplicationError(
                    "The entry was not changed.", fields={"date": ["Give a date (YYYY-MM-DD)."]}
                ) from None
        privilege_log_entry_update(actor=user, case_ref=ref, entry_id=entry_id, changes=changes)
        return "The privilege log entry was saved."

    return _act(request, back, act)


@login_required
def document_redactions(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    """A document's redactions (with forms to add, propose and review) and where it was produced;
    loaded into the page viewer."""
    user = request_user(request)
    case = case_get(user=user, ref=ref)
    document = case_document(case=case, document_id=document_id)
    document.case = case
    page = request.GET.get("page", "")
    redactions = list(redaction_queryset(user=user, case=case).filter(document=document))
    disclosure_shown(user=user, case=case, view=f"redactions of {document.pk}", request=request)
    return render(
        request,
        "disclosure/document_redactions.html"
        if is_htmx(request)
        else "disclosure/document_redactions_page.html",
        {
            "case": case,
            "document": document,
            "page_number": page if page.isdigit() else "",
            "proposed": [r for r in redactions if r.status == RedactionStatus.PROPOSED],
            "applied": [r for r in redactions if r.status == RedactionStatus.APPLIED],
            "removed": [r for r in redactions if r.status == RedactionStatus.REMOVED],
            "history": list(document_production_history(user=user, document=document)),
            "can_redact": case_access(user, case) >= Access.WRITE
            and may(user, case, Action.REDACT),
            "reasons": RedactionReason.choices,
            "patterns": [(k.value, k.label) for k in PATTERN_KINDS],
        },
    )


def _page_back(request: HttpRequest, ref: str, document_id: int) -> str:
    page = request.POST.get("page", "")
    number = int(page) if page.isdigit() else 1
    return reverse(
        "documents:page", kwargs={"ref": ref, "document_id": document_id, "number": number}
    )


@login_required
@require_POST
def redaction_create(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)
    post = request.POST

    def act() -> str:
        boxes_raw = post.get("boxes", "").strip()
        boxes: list[list[float]] = []
        if boxes_raw:
            try:
                boxes = [[float(v) for v in box.split(",")] for box in boxes_raw.split(";") if box]
            except ValueError:
                raise ApplicationError(
                    "The drawn boxes could not be read; draw them again.",
                    fields={"boxes": ["Draw again."]},
                ) from None
        page = post.get("page_number", "")
        every = post.get("scope") == "every"
        redaction_add(
            actor=user,
            case_ref=ref,
            document_id=document_id,
            reason=post.get("reason", ""),
            text=post.get("text", ""),
            boxes=boxes,
            page_number=None
            if every and not boxes
            else (_int(page, "page_number") if page else None),
            note=post.get("note", ""),
        )
        return "The redaction is applied; it will be burned in when a production is built."

    return _act(request, _page_back(request, ref, document_id), act)


@login_required
@require_POST
def redaction_propose(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)

    def act() -> str:
        proposed = redactions_propose(
            actor=user,
            case_ref=ref,
            kinds=request.POST.getlist("kinds"),
            reason=request.POST.get("reason", RedactionReason.PRIVACY),
            document_ids=None if request.POST.get("scope") == "case" else [document_id],
        )
        return f"{len(proposed)} proposed redaction{'s' if len(proposed) != 1 else ''} to review."

    return _act(request, _page_back(request, ref, document_id), act)


@login_required
@require_POST
def redaction_decide(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    user = request_user(request)
    case_get(user=user, ref=ref, write=True)

    def act() -> str:
        ids = [_int(v, "ids") for v in request.POST.getlist("ids")]
        if request.POST.get("decision") == "accept":
            changed = redactions_accept(actor=user, case_ref=ref, ids=ids)
            return f"{changed} redaction{'s' if changed != 1 else ''} applied."
        why = request.POST.get("why", "") or "Rejected on review"
        changed = redactions_remove(actor=user, case_ref=ref, ids=ids, why=why)
        return f"{changed} redaction{'s' if changed != 1 else ''} removed."

    return _act(request, _page_back(request, ref, document_id), act)
