"""Small template helpers for the case pages: accessible widgets and dictionary lookups."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return " ".join(ids)


@register.simple_tag
def widget(field: BoundField, **attrs: Any) -> SafeString:
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


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ errors|get:name }}``: a dict lookup with a variable key (None when absent)."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
