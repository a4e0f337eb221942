from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist

from habeas.core.errors import ApplicationError


def form_errors_dict(form: forms.BaseForm, prefix: str = "") -> dict[str, list[str]]:
    return {
        (f"{prefix}{name}" if name != "__all__" else (prefix.rstrip(".") or "__all__")): [
            str(m) for m in messages
        ]
        for name, messages in form.errors.items()
    }


def form_errors_raise(form: forms.BaseForm, prefix: str = "") -> None:
    if not form.is_valid():
        raise ApplicationError("Some fields need attention.", fields=form_errors_dict(form, prefix))


def with_model_defaults(
    form_class: type[forms.ModelForm[Any]], data: Mapping[str, Any]
) -> dict[str, Any]:
    """Fill fields the caller left out with the model's defaults, so API and CSV callers may omit them.

    (An HTML form always posts every field; a JSON body or a CSV row often does not.)
    """
    model = form_class._meta.model
    result = dict(data)
    for name in form_class.base_fields:
        if name in result:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field has no model default
            continue
        if field.has_default():
            default = field.get_default()
            result[name] = default() if callable(default) else default
    return result
