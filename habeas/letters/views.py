"""Letter templates (attorneys and administrators) and letters for one case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from habeas.accounts.current import request_user
from habeas.core.errors import ApplicationError
from habeas.core.middleware import inline_styles_allowed
from habeas.letters.forms import LetterTemplateForm
from habeas.letters.models import LetterTemplate
from habeas.letters.rendering import LETTER_VARIABLE_HELP, letter_template_check
from habeas.letters.selectors import letter_editor_checked, letter_kind_checked
from habeas.letters.services import (
    case_letter_export,
    letter_preview,
    letter_template_save,
    letter_templates_for,
)


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    letter_editor_checked(user)
    assert user.organization is not None  # noqa: S101  (checked above)
    templates = letter_templates_for(organization=user.organization)
    return render(request, "letters/templates.html", {"templates": list(templates.values())})


@login_required
@require_http_methods(["GET", "POST"])
@inline_styles_allowed
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    user = request_user(request)
    letter_editor_checked(user)
    letter_kind_checked(kind)
    assert user.organization is not None  # noqa: S101
    template = letter_templates_for(organization=user.organization)[kind]
    preview_html = ""
    saved_problems: list[str] = []
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                if "preview" in request.POST:
                    preview_html = letter_preview(actor=user, kind=kind, **form.cleaned_data)
                else:
                    letter_template_save(actor=user, kind=kind, **form.cleaned_data)
                    messages.success(request, f"{template.get_kind_display()} saved.")
                    return redirect("letters:templates")
            except ApplicationError as exc:
                for name, field_messages in exc.fields.items():
                    for message in field_messages:
                        form.add_error(name if name in form.fields else None, message)
                if not exc.fields:
                    form.add_error(None, exc.message)
    else:
        form = LetterTemplateForm(initial={"subject": template.subject, "body": template.body})
        # A template saved before a rule existed: say what to fix instead of a preview.
        saved_problems = _problems(template)
        preview_html = (
            ""
            if saved_problems
            else letter_preview(actor=user, kind=kind, subject=template.subject, body=template.body)
        )
    context = {
        "form": form,
        "template": template,
        "kind_label": LetterTemplate.Kind(kind).label,
        "preview_html": preview_html,
        "saved_problems": saved_problems,
        "variables": list(LETTER_VARIABLE_HELP.items()),
    }
    return render(
        request, "letters/template_edit.html", context, status=400 if form.errors else 200
    )


def _problems(template: LetterTemplate) -> list[str]:
    errors = letter_template_check(subject=template.subject, body=template.body)
    return [message for messages in errors.values() for message in messages]


@login_required
@require_GET
@inline_styles_allowed
def case_letter(request: HttpRequest, ref: str, kind: str) -> HttpResponse:
    fmt = request.GET.get("format", "html")
    letter = case_letter_export(actor=request.user, case_ref=ref, kind=kind, fmt=fmt)  # type: ignore[arg-type]
    response = HttpResponse(letter.content, content_type=letter.content_type)
    if fmt == "pdf":
        response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    # Letters carry personal data: never cache them.
    response["Cache-Control"] = "no-store"
    return response
