"""The form renderer: Django's own widget templates, with the common widgets built in Python.

Why: a case page renders a dozen add-forms, and Django renders every ``<option>`` of a select
through its own template include (``select_option.html`` and ``attrs.html``), so one people
select costs more than the rest of the page's table. The markup here is exactly what Django's
templates produce (after the renderer's ``strip()``), byte for byte: the tests render every
widget both ways. Any other template, or a select whose options use another template, goes to
Django's renderer unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"


def _text(value: Any) -> str:
    """``{{ value }}`` and ``{{ value|stringformat:'s' }}``: escaped unless already safe."""
    return str(conditional_escape(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html: `` name="value"`` per attribute, a bare name for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """select.html, or None when an option has a template of its own (Django renders it)."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


class FormRenderer(DjangoTemplates):
    """``settings.FORM_RENDERER``: Django's template renderer, faster for the common widgets."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if isinstance(widget, Mapping):
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == SELECT_TEMPLATE:
                markup = _select(widget)
                if markup is not None:
                    return markup
            if template_name == TEXTAREA_TEMPLATE:
                return _textarea(widget)
        return super().render(template_name, context, request)
