"""Case-page actions on documents: upload, retry, classify, flag verdicts, flagging again after
the rules changed, suggestion decisions.
Each answers htmx with the refreshed tab panel, and a plain POST with a redirect to the tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.cases.selectors import case_get
from habeas.cases.views.tabs import tab_context
from habeas.core.errors import ApplicationError
from habeas.core.web import is_domain_refusal, is_htmx
from habeas.documents.services.ingest import document_retry, documents_ingest, ingest_summary
from habeas.documents.services.reflag import case_flags_refresh
from habeas.documents.services.verdicts import (
    document_classify,
    flag_verdict_set,
    mention_decide,
    mentions_decide,
)
from habeas.documents.uploads import upload_check


def _tab_reply(
    request: HttpRequest, ref: str, tab: str, message: str, *, error: bool = False
) -> HttpResponse:
    user = request_user(request)
    if is_htmx(request):
        case = case_get(user=user, ref=ref)  # the action itself is the audit row
        context = tab_context(case, user, tab)
        context["flash"] = message
        context["flash_error"] = error
        return render(request, context["tab_template"], context, status=400 if error else 200)
    (messages.error if error else messages.success)(request, message)
    return redirect(f"{reverse('cases:detail', args=[ref])}?tab={tab}")


def _run(request: HttpRequest, ref: str, tab: str, action: Callable[[], str]) -> HttpResponse:
    try:
        message = action()
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        details = " ".join(p for problems in exc.fields.values() for p in problems)
        return _tab_reply(request, ref, tab, f"{exc.message} {details}".strip(), error=True)
    return _tab_reply(request, ref, tab, message)


@login_required
@require_POST
def documents_upload(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)

    def act() -> str:
        case_get(user=user, ref=ref, write=True)  # outsiders get 404, whatever they sent
        files = request.FILES.getlist("files")
        upload_check(files)
        results = documents_ingest(
            actor=user, case_ref=ref, files=[(f.name or "unnamed", f) for f in files]
        )
        summary = ingest_summary(results)
        if any(r.document is None for r in results):
            raise ApplicationError(
                summary
            )  # shown as an error; the other files were added all the same
        return summary

    return _run(request, ref, "documents", act)


@login_required
@require_POST
def document_retry_view(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    user = request_user(request)
    return _run(
        request,
        ref,
        "documents",
        lambda: (
            f"“{document_retry(actor=user, case_ref=ref, document_id=document_id).name}” queued again."
        ),
    )


@login_required
@require_POST
def document_classify_view(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    user = request_user(request)

    def act() -> str:
        case_get(user=user, ref=ref, write=True)  # refuse outsiders before reading their input
        raw_date = request.POST.get("doc_date", "").strip()
        try:
            doc_date = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            raise ApplicationError(
                "Give the document date as YYYY-MM-DD.", {"doc_date": ["Not a date."]}
            ) from None
        doc = document_classify(
            actor=user,
            case_ref=ref,
            document_id=document_id,
            doc_type=request.POST.get("doc_type", ""),
            doc_date=doc_date,
        )
        return f"“{doc.name}” saved as {doc.get_doc_type_display().lower()}."

    return _run(request, ref, "documents", act)


@login_required
@require_POST
def flag_verdict_view(request: HttpRequest, ref: str, flag_id: int) -> HttpResponse:
    user = request_user(request)

    def act() -> str:
        flag = flag_verdict_set(
            actor=user,
            case_ref=ref,
            flag_id=flag_id,
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
        )
        return f"Verdict on “{flag.title}” recorded: {flag.get_verdict_display().lower()}."

    return _run(request, ref, "flags", act)


@login_required
@require_POST
def flags_refresh_view(request: HttpRequest, ref: str) -> HttpResponse:
    """Flag again the case's documents an earlier version of the flag rules flagged."""
    user = request_user(request)

    def act() -> str:
        read, counts, failed = case_flags_refresh(actor=user, case_ref=ref)
        if failed:
            raise ApplicationError(
                f"{len(failed)} of {read} documents could not be flagged again and were left as "
                "they were; try again."
            )
        if not read:
            return "Every document's flags are already up to date."
        done = f"{read} document{'s' if read != 1 else ''} flagged again with the current rules"
        parts = [
            (counts.added, "new passage", "new passages"),
            (counts.updated, "flag brought up to date", "flags brought up to date"),
            (counts.removed, "flag no longer raised and removed (nobody had reviewed it)",
             "flags no longer raised and removed (nobody had reviewed them)"),
            (counts.kept, "flag no longer raised but kept (a reviewer had ruled on it)",
             "flags no longer raised but kept (a reviewer had ruled on them)"),
        ]  # fmt: skip
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        if not said:
            return f"{done}; their flags did not change."
        return f"{done}: {'; '.join(said)}. Verdicts already recorded are kept."

    return _run(request, ref, "flags", act)


@login_required
@require_POST
def suggestion_decide_view(request: HttpRequest, ref: str, mention_id: int) -> HttpResponse:
    user = request_user(request)

    def act() -> str:
        confirm = request.POST.get("confirm") == "1"
        raw_person = request.POST.get("person_id", "").strip()
        m = mention_decide(
            actor=user,
            case_ref=ref,
            mention_id=mention_id,
            confirm=confirm,
            role=request.POST.get("role", ""),
            person_id=int(raw_person) if raw_person.isdigit() else None,
            label=request.POST.get("label", ""),
            value=request.POST.get("value", ""),
        )
        return f"“{m.value}” {'confirmed' if confirm else 'dismissed'}."

    return _run(request, ref, "suggestions", act)


def _ids(raw: str) -> list[int]:
    return [int(v) for v in raw.split(",") if v.strip().isdigit()]


@login_required
@require_POST
def suggestions_decide_view(request: HttpRequest, ref: str) -> HttpResponse:
    """The Suggestions tab's one form: a row's own button (``one`` = "<ids>:1" or "<ids>:0", the
    ids of every place its name or date was found) or the selected rows (``group``) with
    ``confirm``."""
    user = request_user(request)

    def act() -> str:
        case_get(user=user, ref=ref, write=True)  # outsiders get 404, whatever they sent
        one = request.POST.get("one", "")
        if one:
            raw, _, verdict = one.rpartition(":")
            groups, confirm = [_ids(raw)], verdict == "1"
        else:
            groups = [_ids(g) for g in request.POST.getlist("group")]
            confirm = request.POST.get("confirm") == "1"
        groups = [g for g in groups if g]
        if not groups:
            raise ApplicationError("Select the suggestions to decide.")
        roles = {g[0]: request.POST.get(f"role-{g[0]}", "") for g in groups}
        labels = {g[0]: request.POST.get(f"label-{g[0]}", "") for g in groups}
        n = mentions_decide(
            actor=user, case_ref=ref, groups=groups, confirm=confirm, roles=roles, labels=labels
        )
        what = "confirmed" if confirm else "dismissed"
        return f"{n} suggestion{'s' if n != 1 else ''} {what} ({len(groups)} row{'s' if len(groups) != 1 else ''})."

    return _run(request, ref, "suggestions", act)
