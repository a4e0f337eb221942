"""One set of views for every record kind in the KINDS registry, and the case's own fields.

- GET  records/<slug>/            the kind's section (htmx), or the tab
- POST records/<slug>/            create
- GET  records/<slug>/<pk>/       the section with that row in edit mode (htmx), or the tab
- POST records/<slug>/<pk>/       update
- POST records/<slug>/<pk>/delete/ delete (only kinds marked deletable)

With htmx the answer is the re-rendered section (errors inline, status 200 so htmx swaps it);
without, a redirect back to the tab on success and the whole page with the errors otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from habeas.accounts.current import request_user
from habeas.cases.forms import CaseForm
from habeas.cases.models import Case
from habeas.cases.panels import TabState
from habeas.cases.reads import case_read
from habeas.cases.selectors import Access, case_access, case_get, days_in_stage
from habeas.cases.services.children import case_child_create, case_child_delete, case_child_update
from habeas.cases.services.intake import case_update
from habeas.cases.services.kinds import ChildKind, kind_get
from habeas.cases.services.tasks import task_done_set
from habeas.cases.views.common import back_to_tab, tab_url
from habeas.cases.views.detail import render_case
from habeas.cases.views.sections import BoundForms, bound_form, bound_key, build_section, top_slug
from habeas.cases.views.tabs import tab_context, tab_of_kind
from habeas.core.errors import ApplicationError
from habeas.core.web import attach_errors, html_form_data, is_domain_refusal, is_htmx


def _where(kind: ChildKind) -> tuple[str, str]:
    """(section slug, tab) a kind is shown in."""
    top = top_slug(kind.slug)
    return top, tab_of_kind(top)


def section_response(
    request: HttpRequest,
    case: Case,
    kind: ChildKind,
    *,
    bound: BoundForms | None = None,
    editing: str = "",
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    top, tab = _where(kind)
    section = build_section(
        top,
        case,
        user,
        tab=tab,
        can_write=case_access(user, case) is Access.WRITE,
        bound=bound,
        editing=editing,
        message=message,
    )
    return render(
        request, section.spec.template, {"case": case, "s": section, "tab": tab}, status=status
    )


def _show(request: HttpRequest, ref: str, kind: ChildKind, editing: str) -> HttpResponse:
    top, tab = _where(kind)
    case = case_read(user=request_user(request), ref=ref, view=f"tab:{tab}", request=request)
    if not is_htmx(request):
        url = (
            reverse("cases:detail", kwargs={"ref": ref})
            + f"?tab={tab}"
            + (f"&edit={editing}" if editing else "")
        )
        return redirect(f"{url}#section-{top}")
    return section_response(request, case, kind, editing=editing)


def _save(request: HttpRequest, ref: str, kind: ChildKind, pk: int | None) -> HttpResponse:
    user = request_user(request)
    top, tab = _where(kind)
    data = html_form_data(kind.form, request.POST)
    try:
        if pk is None:
            case_child_create(actor=user, case_ref=ref, kind_slug=kind.slug, data=data)
            done = f"Added to {kind.label.lower()}."
        else:
            case_child_update(actor=user, case_ref=ref, kind_slug=kind.slug, pk=pk, data=data)
            done = f"Saved in {kind.label.lower()}."
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        case = case_get(user=user, ref=ref, write=True)
        instance = kind.queryset(case).filter(pk=pk).first() if pk is not None else None
        if pk is not None and instance is None:
            raise Http404("No such record.") from exc
        form = bound_form(kind, case, user, request.POST, instance=instance)
        form.is_valid()
        attach_errors(form, exc)
        bound = {bound_key(kind, request.POST, pk): form}
        if is_htmx(request):
            return section_response(request, case, kind, bound=bound)
        return render_case(request, case, tab, bound=bound, status=400)
    if is_htmx(request):
        return section_response(
            request, case_get(user=user, ref=ref, write=True), kind, message=done
        )
    messages.success(request, done)
    return redirect(tab_url(ref, tab, f"section-{top}"))


@login_required
@require_http_methods(["GET", "POST"])
def record_collection(request: HttpRequest, ref: str, slug: str) -> HttpResponse:
    kind = kind_get(slug)
    if request.method == "GET":
        return _show(request, ref, kind, editing="")
    return _save(request, ref, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def record_item(request: HttpRequest, ref: str, slug: str, pk: int) -> HttpResponse:
    kind = kind_get(slug)
    if request.method == "GET":
        return _show(request, ref, kind, editing=f"{slug}:{pk}")
    return _save(request, ref, kind, pk)


@login_required
@require_POST
def record_delete(request: HttpRequest, ref: str, slug: str, pk: int) -> HttpResponse:
    user = request_user(request)
    kind = kind_get(slug)
    top, tab = _where(kind)
    try:
        case_child_delete(actor=user, case_ref=ref, kind_slug=slug, pk=pk)
        done, failed = f"Deleted from {kind.label.lower()}.", ""
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        done, failed = "", exc.message
    if is_htmx(request):
        return section_response(
            request, case_get(user=user, ref=ref, write=True), kind, message=done or failed
        )
    if failed:
        messages.error(request, failed)
    else:
        messages.success(request, done)
    return redirect(tab_url(ref, tab, f"section-{top}"))


# --- the case's own fields -------------------------------------------------------------------------


def _case_section(
    request: HttpRequest,
    case: Case,
    *,
    form: CaseForm | None = None,
    editing: bool = False,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    bound: BoundForms = {"case": form} if form is not None else {}
    context: dict[str, Any] = tab_context(
        case, user, "overview", TabState(bound=bound, editing="case" if editing else "")
    )
    context.update(
        message=message,
        oob_header=True,
        stage_days=days_in_stage(case),
    )
    return render(request, "cases/sections/case.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, ref: str) -> HttpResponse:
    user = request_user(request)
    if request.method == "GET":
        case = case_read(user=user, ref=ref, view="tab:overview", request=request)
        if not is_htmx(request):
            return redirect(
                reverse("cases:detail", kwargs={"ref": ref})
                + "?tab=overview&edit=case#section-case"
            )
        return _case_section(request, case, editing=request.GET.get("cancel") != "1")
    try:
        case = case_update(actor=user, case_ref=ref, data=html_form_data(CaseForm, request.POST))
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        case = case_get(user=user, ref=ref, write=True)
        # A second copy for the form: validating writes the posted values into its instance, and
        # the page around the form must keep showing the case as stored.
        form = CaseForm(data=request.POST, instance=case_get(user=user, ref=ref), auto_id="case-%s")
        form.is_valid()
        attach_errors(form, exc)
        if is_htmx(request):
            return _case_section(request, case, form=form)
        return render_case(request, case, "overview", bound={"case": form}, status=400)
    if is_htmx(request):
        return _case_section(request, case, message="Case saved.")
    messages.success(request, "Case saved.")
    return back_to_tab(request, ref, "overview", "section-case")


# --- tasks ---------------------------------------------------------------------------------------


@login_required
@require_POST
def task_done(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    user = request_user(request)
    done = request.POST.get("done", "1") == "1"
    task = task_done_set(actor=user, case_ref=ref, pk=pk, done=done)
    message = f"“{task.title}” marked done." if done else f"“{task.title}” reopened."
    kind = kind_get("tasks")
    if is_htmx(request):
        return section_response(
            request, case_get(user=user, ref=ref, write=True), kind, message=message
        )
    messages.success(request, message)
    return redirect(tab_url(ref, "tasks", "section-tasks"))
