"""Small pieces every case view needs: HTML form data, error mapping and the htmx-or-redirect reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment (a history restore asks for the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def html_form_data(
    form_class: type[forms.Form] | type[forms.ModelForm], post: QueryDict
) -> dict[str, Any]:
    """A browser omits unchecked boxes and repeats multi-selects; turn that into plain values so a
    partial update unchecks what the user unchecked."""
    data: dict[str, Any] = {}
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, forms.MultipleChoiceField):
            data[name] = post.getlist(name)
        elif isinstance(form_field, forms.BooleanField):
            data[name] = post.get(name) in ("on", "true", "1", "True")
        elif name in post:
            data[name] = post.get(name)
    return data


def is_domain_refusal(exc: ApplicationError) -> bool:
    """404/403 are not form errors: they go to the error page (and reveal nothing)."""
    return isinstance(exc, NotFoundError | PermissionDeniedError)


def attach_errors(form: forms.BaseForm, exc: ApplicationError, prefix: str = "") -> None:
    """Put the service's field errors next to the form's inputs; unknown keys become form-level errors."""
    for name, problems in exc.fields.items():
        key = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        target = key if key in form.fields else None
        existing: list[str] = (
            [str(e) for e in form.errors.get(target or "__all__", [])] if form.is_bound else []
        )
        for problem in problems:
            if problem in existing:
                continue
            if target is None and key not in ("__all__", ""):
                problem = f"{key.replace('_', ' ').capitalize()}: {problem}"
            form.add_error(target, problem)
    if not exc.fields:
        form.add_error(None, exc.message)


def tab_url(ref: str, tab: str, anchor: str = "") -> str:
    url = reverse("cases:detail", kwargs={"ref": ref}) + f"?tab={tab}"
    return f"{url}#{anchor}" if anchor else url


def back_to_tab(request: HttpRequest, ref: str, tab: str, anchor: str = "") -> HttpResponse:
    """After a successful POST: the tab again (htmx reloads the page so the header follows too)."""
    url = tab_url(ref, tab, anchor)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@dataclass
class ActionState:
    """What a small workflow/team form needs to show again after the service refused it."""

    values: Mapping[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""

    @property
    def problems(self) -> list[str]:
        """The message and every field's messages, for a form that shows them together."""
        return (
            [self.message, *(p for problems in self.errors.values() for p in problems)]
            if self.message
            else []
        )

    @classmethod
    def from_error(cls, request: HttpRequest, exc: ApplicationError) -> ActionState:
        values = {
            key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"
        }
        return cls(values=values, errors=dict(exc.fields), message=exc.message)


def run_action(
    request: HttpRequest,
    ref: str,
    tab: str,
    name: str,
    action: Callable[[], object],
    done: str | Callable[[object], str],
    anchor: str = "",
    refusals_inline: bool = False,
) -> HttpResponse:
    """Run one service call for a small POST form. On success go back to the tab with a message; when
    the rules refuse, show the tab again with the form's values and each error next to its input.

    ``refusals_inline``: a 403 from the service (e.g. "you are recused") is shown on the tab, next to
    the form, instead of on the error page. A 404 always goes to the error page.
    """
    from habeas.cases.selectors import case_get
    from habeas.cases.views.detail import render_case

    try:
        result = action()
    except ApplicationError as exc:
        if isinstance(exc, NotFoundError) or (
            isinstance(exc, PermissionDeniedError) and not refusals_inline
        ):
            raise
        case = case_get(user=current_user(request), ref=ref, view=f"tab:{tab}")
        status = exc.status_code if isinstance(exc, PermissionDeniedError) else 400
        return render_case(
            request, case, tab, actions={name: ActionState.from_error(request, exc)}, status=status
        )
    messages.success(request, done(result) if callable(done) else done)
    return back_to_tab(request, ref, tab, anchor)
