"""What every HTML view shares: htmx requests and polls, plain values from browser forms, and a
service's refusal shown next to the inputs it names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError

POLL_HEADER = "X-Habeas-Poll"


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment (a history restore asks for the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def is_poll(request: HttpRequest) -> bool:
    """An htmx refresh of something already on the user's screen (a processing status, a running
    job): not a new read, so it writes no audit row. Pages mark their polls with
    ``hx-headers='{"X-Habeas-Poll": "1"}'``."""
    return is_htmx(request) and request.headers.get(POLL_HEADER) == "1"


def html_form_data(
    form_class: type[forms.Form] | type[forms.ModelForm[Any]], post: QueryDict
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
