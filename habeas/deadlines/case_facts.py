"""The next open deadline of each case, for the case list's "Next deadline" column and the
Overview summary (registered by DeadlinesConfig.ready through ``habeas.cases.panels``: cases
imports no feature).

The earliest of the open custom deadlines and of the computed ones the team has not acknowledged
for their current due date, overdue ones included (those matter most). Planning aids, not legal
advice: the Outcome tab shows each deadline with its rule and source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.panels import CaseFact, case_list_column, case_summary_line
from habeas.deadlines.models import CaseDeadline, DeadlineAcknowledgement
from habeas.deadlines.selectors import record_deadlines, trigger_records
from habeas.domain.deadlines import DUE_SOON_DAYS


class NextDeadline(NamedTuple):
    due: dt.date
    name: str


def next_deadlines(case_ids: Sequence[int]) -> dict[int, NextDeadline]:
    """For cases already fetched through ``case_list`` or ``case_get``: each one's earliest open
    deadline. At most five queries however many cases."""
    ids = list(case_ids)
    if not ids:
        return {}
    found: dict[int, NextDeadline] = {}

    def offer(case_id: int, due: dt.date, name: str) -> None:
        if case_id not in found or (due, name) < found[case_id]:
            found[case_id] = NextDeadline(due, name)

    for case_id, due, title in (
        CaseDeadline.objects.filter(case_id__in=ids, done_at__isnull=True)
        .order_by("case_id", "due_on", "id")
        .values_list("case_id", "due_on", "title")
    ):
        offer(case_id, due, title)

    computed = [
        (case.pk, d)
        for case, filings, events in trigger_records(Case.objects.filter(pk__in=ids))
        for d in record_deadlines(case, filings, events)
    ]
    if computed:
        acknowledged = set(
            DeadlineAcknowledgement.objects.filter(
                case_id__in=sorted({case_id for case_id, _ in computed})
            ).values_list("case_id", "rule_id", "due_on")
        )
        for case_id, d in computed:
            if (case_id, d.rule_id, d.due) not in acknowledged:
                offer(case_id, d.due, d.name)
    return found


def deadline_fact(deadline: NextDeadline, today: dt.date) -> CaseFact:
    days = (deadline.due - today).days
    if days < 0:
        when, tone = f"overdue by {-days} day{'s' if -days != 1 else ''}", "overdue"
    elif days == 0:
        when, tone = "due today", "soon"
    else:
        when = f"in {days} day{'s' if days != 1 else ''}"
        tone = "soon" if days <= DUE_SOON_DAYS else ""
    return CaseFact(
        text=f"{deadline.due:%Y-%m-%d}, {when}",
        tab="outcome",
        tone=tone,
        title=f"{deadline.name}: due {deadline.due:%Y-%m-%d}, {when}",
    )


def _column(case_ids: Sequence[int]) -> dict[int, CaseFact]:
    today = timezone.localdate()
    return {case_id: deadline_fact(d, today) for case_id, d in next_deadlines(case_ids).items()}


def _summary(case: Case, user: User) -> CaseFact | None:
    d = next_deadlines([case.pk]).get(case.pk)
    if d is None:
        return None
    fact = deadline_fact(d, timezone.localdate())
    return CaseFact(text=f"{d.name}: {fact.text}", tab=fact.tab, tone=fact.tone)


def case_facts_install() -> None:
    case_list_column("deadline", "Next deadline", _column, after="lead")
    case_summary_line("deadline", "Next deadline", _summary, after="stage")
