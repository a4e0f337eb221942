from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from habeas.cases import forms
from habeas.cases.services.intake import SECTIONS, case_intake
from habeas.cases.views.common import attach_errors, current_user, html_form_data, is_domain_refusal
from habeas.core.errors import ApplicationError

# Fields the intake page shows per section (the applicant's kind is fixed).
HIDDEN = {"applicant": {"kind", "notes"}, "claim": {"status"}, "incident": {"description"}}


def _forms(data: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = {"case": forms.CaseForm(data=data, prefix="case")}
    for name, form_class in SECTIONS:
        form = form_class(data=data, prefix=name)
        for hidden in HIDDEN.get(name, ()):
            form.fields.pop(hidden, None)
        result[name] = form
    return result


def _section_data(name: str, form_class: type[forms.CaseChildForm] | type[forms.CaseForm], post: Any) -> dict[str, Any]:
    prefixed = post.__class__(mutable=True)
    for key in post:
        if key.startswith(f"{name}-"):
            prefixed.setlist(key[len(name) + 1:], post.getlist(key))
    return {k: v for k, v in html_form_data(form_class, prefixed).items() if k not in HIDDEN.get(name, ()) and v not in ("", [])}


@login_required
def intake_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        case_data = _section_data("case", forms.CaseForm, request.POST)
        sections = {name: _section_data(name, form_class, request.POST) for name, form_class in SECTIONS}
        try:
            case = case_intake(actor=user, case=case_data, sections=sections)
        except ApplicationError as exc:
            if is_domain_refusal(exc):
                raise
            bound = _forms(request.POST)
            for name, form in bound.items():
                if name not in ("case", "applicant") and not sections.get(name):
                    bound[name] = _forms()[name]  # an optional section left empty shows no errors
                    continue
                form.is_valid()
                errors = ApplicationError(exc.message, {k.removeprefix(f"{name}."): v for k, v in exc.fields.items() if k.startswith(f"{name}.") or (name == "case" and "." not in k)})
                if errors.fields:
                    attach_errors(form, errors)
            return render(request, "cases/intake.html", {"forms": bound, "error": exc.message}, status=400)
        return redirect("cases:detail", ref=case.ref)
    return render(request, "cases/intake.html", {"forms": _forms()})
