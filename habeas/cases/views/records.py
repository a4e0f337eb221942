"""One set of create/update/delete views for every record kind in the KINDS registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from habeas.cases.forms import CaseForm
from habeas.cases.selectors import case_get
from habeas.cases.services.children import case_child_create, case_child_delete, case_child_update
from habeas.cases.services.intake import case_update
from habeas.cases.services.kinds import kind_get
from habeas.cases.views.common import (
    attach_errors,
    back_to_tab,
    current_user,
    html_form_data,
    is_domain_refusal,
)
from habeas.cases.views.detail import TAB_OF_KIND, render_case
from habeas.core.errors import ApplicationError


@login_required
@require_POST
def record_save(request: HttpRequest, ref: str, slug: str, pk: int | None = None) -> HttpResponse:
    user = current_user(request)
    kind = kind_get(slug)
    tab = TAB_OF_KIND.get(slug, "overview")
    data = html_form_data(kind.form, request.POST)
    try:
        if pk is None:
            case_child_create(actor=user, case_ref=ref, kind_slug=slug, data=data)
            messages.success(request, f"Added to {kind.label.lower()}.")
        else:
            case_child_update(actor=user, case_ref=ref, kind_slug=slug, pk=pk, data=data)
            messages.success(request, f"Saved in {kind.label.lower()}.")
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        case = case_get(user=user, ref=ref, write=True)
        instance = kind.queryset(case).filter(pk=pk).first() if pk is not None else None
        form = kind.form(data=request.POST, case=case, instance=instance, auto_id=f"{slug}-{pk or 'new'}-%s")
        form.is_valid()
        attach_errors(form, exc)
        return render_case(request, case, tab, bound={(slug, pk): form}, status=400)
    return back_to_tab(request, ref, tab)


@login_required
@require_POST
def record_delete(request: HttpRequest, ref: str, slug: str, pk: int) -> HttpResponse:
    case_child_delete(actor=current_user(request), case_ref=ref, kind_slug=slug, pk=pk)
    messages.success(request, "Deleted.")
    return back_to_tab(request, ref, TAB_OF_KIND.get(slug, "overview"))


@login_required
@require_POST
def case_edit(request: HttpRequest, ref: str) -> HttpResponse:
    user = current_user(request)
    try:
        case_update(actor=user, case_ref=ref, data=html_form_data(CaseForm, request.POST))
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        case = case_get(user=user, ref=ref, write=True)
        form = CaseForm(data=request.POST, instance=case, auto_id="case-%s")
        form.is_valid()
        attach_errors(form, exc)
        return render_case(request, case, "overview", bound={("case", None): form}, status=400)
    messages.success(request, "Case saved.")
    return back_to_tab(request, ref, "overview")
