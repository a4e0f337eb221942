"""Small pieces every case view needs: HTML form data, error mapping and the htmx-or-redirect reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from habeas.accounts.models import User
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


def html_form_data(form_class: type[forms.Form] | type[forms.ModelForm], post: QueryDict) -> dict[str, Any]:
    """A browser omits unchecked boxes and repeats multi-selects; turn that into plain values so a
    partial update unchecks what the user unchecked."""
    data: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = post.getlist(name)
        elif isinstance(field, forms.BooleanField):
            data[name] = post.get(name) in ("on", "true", "1", "True")
        elif name in post:
            data[name] = post.get(name)
    return data


def is_domain_refusal(exc: ApplicationError) -> bool:
    """404/403 are not form errors: they go to the error page (and reveal nothing)."""
    return isinstance(exc, NotFoundError | PermissionDeniedError)


def attach_errors(form: forms.BaseForm, exc: ApplicationError, prefix: str = "") -> None:
    for name, problems in exc.fields.items():
        field = name[len(prefix):] if prefix and name.startswith(prefix) else name
        target = field if field in form.fields else None
        existing: list[str] = [str(e) for e in form.errors.get(target or "__all__", [])] if form.is_bound else []
        for problem in problems:
            if problem not in existing:
                form.add_error(target, problem)
    if not exc.fields:
        form.add_error(None, exc.message)


def back_to_tab(request: HttpRequest, ref: str, tab: str) -> HttpResponse:
    url = reverse("cases:detail", kwargs={"ref": ref}) + f"?tab={tab}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def show_refusal(request: HttpRequest, exc: ApplicationError) -> None:
    """Guard failures (checklist incomplete, recused, not on the team) are about the case, not one
    input: show them as messages. 404/403 still go to the error page."""
    if is_domain_refusal(exc):
        raise exc
    messages.error(request, exc.message)
    for name, problems in exc.fields.items():
        for problem in problems:
            messages.error(request, f"{name.replace('_', ' ')}: {problem}")


def run_action(request: HttpRequest, ref: str, tab: str, action: Callable[[], object], done: str) -> HttpResponse:
    """Run one service call for a small POST form and go back to the tab it came from."""
    try:
        action()
        messages.success(request, done)
    except ApplicationError as exc:
        show_refusal(request, exc)
    return back_to_tab(request, ref, tab)
