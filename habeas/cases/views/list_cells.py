"""The cells of one case-list row as HTML, built in Python: the same markup the template wrote,
cell by cell, at a fraction of its cost (a page of the list is hundreds of cells, and the template
engine's per-cell branching was a third of the page's time). Every value is escaped by
``format_html``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from habeas.cases.models import Case
from habeas.cases.panels import CaseFact
from habeas.cases.selectors import CaseRowFacts
from habeas.core.labels import label

NONE = "—"


@dataclass(frozen=True)
class Cell:
    key: str
    own: bool  # one of the list's own columns (known here by key) or a feature's CaseFact
    fact: CaseFact | None = None


def _title(title: str) -> SafeString:
    return format_html(' title="{}"', title) if title else mark_safe("")  # noqa: S308 - empty


def _fact(fact: CaseFact | None, case_url: str) -> SafeString:
    if fact is None:
        return format_html('<td class="fact"><span class="muted">{}</span></td>', NONE)
    tone = format_html(" tone-{}", fact.tone) if fact.tone else ""
    if fact.tab:
        inner = format_html(
            '<a href="{}?tab={}"{}>{}</a>', case_url, fact.tab, _title(fact.title), fact.text
        )
    else:
        inner = format_html("<span{}>{}</span>", _title(fact.title), fact.text)
    return format_html('<td class="fact{}">{}</td>', tone, inner)


def _when(value: dt.date | dt.datetime, pattern: str) -> str:
    return str(dateformat.format(value, pattern))


def _activity(at: dt.datetime | None) -> SafeString:
    if at is None:
        return format_html('<td class="nowrap">{}</td>', NONE)
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return format_html(
        '<td class="nowrap"><time datetime="{}" title="{}">{}</time></td>',
        _when(local, "c"),
        _when(local, "Y-m-d H:i"),
        _when(local, "Y-m-d"),
    )


def _case(case: Case, title: str, case_url: str) -> SafeString:
    received = _when(case.received_on, "Y-m-d") if case.received_on else ""
    return format_html(
        '<td class="case-cell"><a class="nowrap" href="{}">{}</a>{}'
        '<span class="case-meta">Received {}{}</span></td>',
        case_url,
        case.ref,
        format_html('<span class="case-title">{}</span>', title) if title else "",
        received,
        format_html(" · {}", case.county) if case.county else "",
    )


def row_cells_html(
    case: Case,
    *,
    title: str,
    days: int | None,
    facts: CaseRowFacts,
    cells: Sequence[Cell],
    case_url: str,
) -> SafeString:
    """The ``<td>`` cells of ``case``'s row in the order of ``cells`` (the list's own columns by
    key, a feature's column by its ``CaseFact``)."""
    parts = [
        _own(cell.key, case, title=title, days=days, facts=facts, case_url=case_url)
        if cell.own
        else _fact(cell.fact, case_url)
        for cell in cells
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html


def _own(
    key: str, case: Case, *, title: str, days: int | None, facts: CaseRowFacts, case_url: str
) -> SafeString:
    match key:
        case "case":
            return _case(case, title, case_url)
        case "applicant":
            return format_html("<td>{}</td>", case.applicant_name or NONE)
        case "offense":
            return format_html("<td>{}</td>", facts.offense or NONE)
        case "stage":
            return format_html(
                '<td><span class="stage stage-{}">{}</span></td>',
                case.stage,
                label("stage", case.stage),
            )
        case "days" if days is None:
            return format_html(
                '<td class="num"><span class="muted" title="The case has ended">{}</span></td>',
                NONE,
            )
        case "days":
            return format_html('<td class="num">{}</td>', days)
        case "lead" if facts.leads:
            return format_html(
                "<td>{}</td>", format_html_join(", ", "{}", ((name,) for name in facts.leads))
            )
        case "lead":
            return format_html("<td>{}</td>", NONE)
        case "activity":
            return _activity(facts.last_activity)
    raise ValueError(f"no such case-list column: {key}")
