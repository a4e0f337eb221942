"""The intake form: one page, five sections, one call to ``case_intake`` (all or nothing)."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from habeas.accounts.current import request_user
from habeas.cases import forms
from habeas.cases.permissions import can_open_intake
from habeas.cases.services.intake import SECTIONS, case_intake
from habeas.core.errors import ApplicationError, PermissionDeniedError
from habeas.core.web import attach_errors, html_form_data, is_domain_refusal

# Fields the intake page leaves out per section (the applicant's kind is fixed; the rest is for later).
HIDDEN = {"applicant": {"kind", "notes"}, "claim": {"status"}, "incident": {"description"}}
LEGENDS = {
    "case": ("Case", "How the application reached the unit and where the conviction was entered."),
    "applicant": ("Applicant", "The person who says they were wrongly convicted."),
    "incident": ("Incident", "The crime as charged. Leave empty if not known yet."),
    "conviction": ("Conviction", "Court, docket and dates. Leave empty if not known yet."),
    "claim": (
        "Claim of innocence",
        "What the claim rests on, classified by the National Registry of Exonerations' contributing factors.",
    ),
}
OPTIONAL = {"incident", "conviction", "claim"}


def _forms(data: Any = None) -> dict[str, djforms.BaseForm]:
    result: dict[str, djforms.BaseForm] = {"case": forms.CaseForm(data=data, prefix="case")}
    for name, form_class in SECTIONS:
        form = form_class(data=data, prefix=name)
        for hidden in HIDDEN.get(name, ()):
            form.fields.pop(hidden, None)
        result[name] = form
    return result


def _section_data(
    name: str, form_class: type[djforms.Form] | type[djforms.ModelForm[Any]], post: QueryDict
) -> dict[str, Any]:
    prefixed = QueryDict(mutable=True)
    for key in post:
        if key.startswith(f"{name}-"):
            prefixed.setlist(key[len(name) + 1 :], post.getlist(key))
    return {
        k: v
        for k, v in html_form_data(form_class, prefixed).items()
        if k not in HIDDEN.get(name, ()) and v not in ("", [], False)
    }


def _context(bound: dict[str, djforms.BaseForm], error: str = "") -> dict[str, Any]:
    sections = [
        {
            "name": name,
            "legend": LEGENDS[name][0],
            "help": LEGENDS[name][1],
            "form": form,
            "optional": name in OPTIONAL,
        }
        for name, form in bound.items()
    ]
    summary: list[dict[str, str]] = []
    for name, form in bound.items():
        legend = LEGENDS[name][0]
        summary.extend(
            {"label": legend, "message": str(p), "anchor": f"section-{name}"}
            for p in form.non_field_errors()
        )
        summary.extend(
            {"label": f"{legend}: {field.label}", "message": str(p), "anchor": field.auto_id}
            for field in form
            for p in field.errors
        )
    return {"sections": sections, "forms": bound, "error": error, "summary": summary}


@login_required
@require_http_methods(["GET", "POST"])
def intake_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_open_intake(user):
        raise PermissionDeniedError(
            "Your role may not open cases. Attorneys, investigators and administrators can."
        )
    if request.method == "POST":
        case_data = _section_data("case", forms.CaseForm, request.POST)
        sections = {
            name: _section_data(name, form_class, request.POST) for name, form_class in SECTIONS
        }
        try:
            case = case_intake(actor=user, case=case_data, sections=sections)
        except ApplicationError as exc:
            if is_domain_refusal(exc):
                raise
            bound = _forms(request.POST)
            empty = _forms()
            for name, form in bound.items():
                if name in OPTIONAL and not sections.get(name):
                    bound[name] = empty[name]  # an optional section left empty shows no errors
                    continue
                form.is_valid()
                mine = {
                    k.removeprefix(f"{name}."): v
                    for k, v in exc.fields.items()
                    if k.startswith(f"{name}.") or k == name or (name == "case" and "." not in k)
                }
                if mine:
                    attach_errors(
                        form,
                        ApplicationError(
                            exc.message,
                            {("__all__" if k == name else k): v for k, v in mine.items()},
                        ),
                    )
            return render(request, "cases/intake.html", _context(bound, exc.message), status=400)
        messages.success(request, f"Case {case.ref} opened. You are its lead.")
        return redirect("cases:detail", ref=case.ref)
    return render(request, "cases/intake.html", _context(_forms()))
