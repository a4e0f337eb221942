"""Small template helpers for the case pages: accessible widgets and dictionary lookups."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BaseForm, BoundField
from django.template import Context
from django.utils.safestring import SafeString

from habeas.cases.form_fields import form_fields_html, widget_html
from habeas.cases.views.row_actions import row_actions_html
from habeas.cases.views.sections import Section

register = template.Library()


@register.simple_tag
def widget(field: BoundField, **attrs: Any) -> SafeString:
    """The field's widget with aria-invalid / aria-describedby pointing at its hint and errors."""
    return widget_html(field, **attrs)


@register.simple_tag
def form_fields(form: BaseForm) -> SafeString:
    """``{% form_fields form %}``: the form's fields, labelled, with hints and errors."""
    return form_fields_html(form)


@register.simple_tag(takes_context=True)
def row_actions(context: Context, s: Section, row: dict[str, Any]) -> SafeString:
    """``{% row_actions s row %}``: a record row's Edit / Mark done / Delete, for its writers."""
    return row_actions_html(s, row, context["case"].ref, context.get("csrf_token"))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ errors|get:name }}``: a dict lookup with a variable key (None when absent)."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
