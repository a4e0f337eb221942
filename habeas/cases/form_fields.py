"""One form's fields as HTML: label, widget (with aria-invalid / aria-describedby), hint and errors,
in a ``form-grid``. The caller supplies the ``<form>``, the csrf token and the buttons.

Built in Python rather than by a template include: a case page renders a dozen add-forms, and the
include's per-field branching cost more than the page's tables. The markup is the one the former
``cases/_form.html`` template wrote (the tests render that template beside this function for
forms of every widget kind, bound and unbound, with errors); a newline stands where the template
had line breaks and indentation, which HTML reads the same.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

W = "\n"  # where the template had a line break and indentation


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return " ".join(ids)


def widget_html(field: BoundField, **attrs: Any) -> SafeString:
    """The field's widget with aria-invalid / aria-describedby pointing at its hint and errors."""
    extra: dict[str, Any] = {k.replace("_", "-"): v for k, v in attrs.items()}
    if field.errors:
        extra["aria-invalid"] = "true"
    ids = described_by(field)
    if ids:
        extra["aria-describedby"] = ids
    if field.widget_type == "textarea" and "rows" not in extra:
        extra["rows"] = 3
    return field.as_widget(attrs=extra)


def _paragraphs(errors: object) -> SafeString:
    return format_html_join("", "<p>{}</p>", ((e,) for e in errors))  # type: ignore[attr-defined]


def _field(field: BoundField) -> str:
    kind = field.widget_type
    classes = "field"
    if field.errors:
        classes += " has-error"
    if kind in ("textarea", "checkboxselectmultiple"):
        classes += " wide"
    if kind == "checkbox":
        classes += " check"
    label = conditional_escape(field.label)
    if kind == "checkbox":
        body = format_html(
            '{} <label for="{}">{}</label>', widget_html(field), field.id_for_label, label
        )
    elif kind == "checkboxselectmultiple":
        described = ""
        if field.help_text or field.errors:
            ids = (f"{field.auto_id}-hint " if field.help_text else "") + (
                f"{field.auto_id}-errors" if field.errors else ""
            )
            described = format_html(' aria-describedby="{}"', ids)
        choices = format_html_join(
            "",
            '<label class="choice">{} {} <span class="code">{}</span></label>',
            ((choice.tag(), choice.choice_label, choice.data["value"]) for choice in field),
        )
        body = format_html(
            '<fieldset class="checks"{}>{}<legend>{}</legend>{}{}{}</fieldset>',
            described,
            W,
            label,
            W,
            choices,
            W,
        )
    else:
        required = (
            mark_safe(  # noqa: S308 - a constant
                ' <span class="req" aria-hidden="true">*</span>'
                '<span class="visually-hidden"> (required)</span>'
            )
            if field.field.required
            else ""
        )
        body = format_html(
            '<label for="{}">{}{}</label>{}{}',
            field.id_for_label,
            label,
            required,
            W,
            widget_html(field),
        )
    hint = (
        format_html('<small class="hint" id="{}-hint">{}</small>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<div class="field-errors" id="{}-errors">{}</div>',
            field.auto_id,
            _paragraphs(field.errors),
        )
        if field.errors
        else ""
    )
    return str(
        format_html('<div class="{}">{}{}{}{}{}{}{}</div>', classes, W, body, W, hint, W, errors, W)
    )


def form_fields_html(form: forms.BaseForm) -> SafeString:
    parts: list[str] = []
    if form.non_field_errors():
        parts.append(
            format_html(
                '<div class="form-errors" role="alert">{}</div>',
                _paragraphs(form.non_field_errors()),
            )
        )
    parts.append(W)
    for field in form.hidden_fields():
        parts.append(str(conditional_escape(str(field))))
        parts.extend(
            format_html('<p class="field-errors">{}: {}</p>', field.label, e) for e in field.errors
        )
    parts.append(W + '<div class="form-grid">' + W)
    parts.extend(_field(field) + W for field in form.visible_fields())
    parts.append("</div>" + W)
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html
