from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from habeas.reports.charts import chart_svg
from habeas.reports.selectors import Table

register = template.Library()


@register.filter
def chart(table: Table) -> SafeString:
    """The table's chart as inline SVG; charts.py escapes every piece of text it writes."""
    if not table.chart:
        return mark_safe("")  # noqa: S308
    return mark_safe(chart_svg(table.chart_kind, table.title, table.description, table.chart))  # noqa: S308
