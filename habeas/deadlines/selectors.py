"""Upcoming and overdue deadlines across the cases a user may see: computed from each case's record
(the same rules as the Outcome tab) and recorded by the team. Planning aids, not legal advice.

Visibility comes from ``case_queryset`` (decided in the query). Computed deadlines need dates that
only a few cases have (a decided direct appeal; a dismissal, acquittal, pardon or release in a
California case), so the query starts from those records and never walks every case.

A computed deadline the case team has acknowledged (``DeadlineAcknowledgement``, matched on rule and
due date) stops alerting: the lists across cases leave it out unless asked, a case's own list marks it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case, PostConvictionFiling, ResolutionEvent
from habeas.cases.selectors import case_get, case_queryset
from habeas.deadlines.models import CaseDeadline, DeadlineAcknowledgement
from habeas.domain.deadlines import (
    DUE_SOON_DAYS,
    Deadline,
    Status,
    aedpa_deadline,
    pc_4901_deadline,
)
from habeas.domain.errors import InputError

CUSTOM_RULE = "Set by the case team."
CUSTOM_SOURCE = "Recorded by the case team"
PC_4901_ENDS = {
    ResolutionEvent.Kind.ACQUITTED: "acquittal",
    ResolutionEvent.Kind.DISMISSED: "dismissal",
    ResolutionEvent.Kind.PARDONED: "pardon",
    ResolutionEvent.Kind.RELEASED: "release_from_custody",
}
Kind = Literal["computed", "custom"]


@dataclass(frozen=True)
class Acknowledgement:
    """Who acknowledged a computed deadline, when and why (shown as "Acknowledged by X on DATE: reason")."""

    by_username: str
    by_name: str
    at: dt.datetime
    reason: str

    @classmethod
    def of(cls, obj: DeadlineAcknowledgement) -> Acknowledgement:
        by = obj.acknowledged_by
        return cls(
            by_username=by.username,
            by_name=by.display_name(),
            at=obj.acknowledged_at,
            reason=obj.reason,
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "by": self.by_username,
            "by_name": self.by_name,
            "at": self.at,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class DeadlineRow:
    case_ref: str
    case_title: str
    name: str
    due: dt.date
    days_left: int
    status: Status
    rule: str
    source: str
    verification: str  # "sourced", "unverified" or "custom"
    kind: Kind
    rule_id: str = "custom"
    deadline_id: int | None = None  # the CaseDeadline for custom rows
    notes: tuple[str, ...] = field(default=())
    done_at: dt.datetime | None = (
        None  # custom rows only; done ones appear only in a case's own list
    )
    acknowledgement: Acknowledgement | None = None  # computed rows only; see deadlines_upcoming

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)

    @property
    def is_custom(self) -> bool:
        return self.kind == "custom"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledgement is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "case_ref": self.case_ref,
            "case_title": self.case_title,
            "name": self.name,
            "due": self.due,
            "days_left": self.days_left,
            "status": self.status.value,
            "status_label": self.status.label,
            "rule": self.rule,
            "source": self.source,
            "verification": self.verification,
            "kind": self.kind,
            "rule_id": self.rule_id,
            "deadline_id": self.deadline_id,
            "notes": list(self.notes),
            "done_at": self.done_at,
            "acknowledgement": self.acknowledgement.as_dict() if self.acknowledgement else None,
        }


class CaseLike(Protocol):  # a Case, or the plain row the deadline list reads
    @property
    def pk(self) -> int: ...
    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def jurisdiction_state(self) -> str: ...


class FilingLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def filed_on(self) -> dt.date | None: ...
    @property
    def decided_on(self) -> dt.date | None: ...


class EventLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def occurred_on(self) -> dt.date: ...


# The deadline list reads plain rows, not model instances: at 50,000 visible cases, instances and
# their prefetch querysets cost several times the queries (and full garbage-collector passes).
class _CaseRow(NamedTuple):
    pk: int
    ref: str
    title: str
    jurisdiction_state: str


class _FilingRow(NamedTuple):
    kind: str
    filed_on: dt.date | None
    decided_on: dt.date | None


class _EventRow(NamedTuple):
    kind: str
    occurred_on: dt.date


def _row(
    case: CaseLike,
    d: Deadline,
    today: dt.date,
    kind: Kind,
    deadline_id: int | None = None,
    done_at: dt.datetime | None = None,
    acknowledgement: DeadlineAcknowledgement | None = None,
) -> DeadlineRow:
    return DeadlineRow(
        case_ref=case.ref,
        case_title=case.title,
        name=d.name,
        due=d.due,
        days_left=d.days_remaining(today),
        status=d.status(today),
        rule=d.rule,
        source=d.source,
        verification=d.verification,
        kind=kind,
        rule_id=d.rule_id,
        deadline_id=deadline_id,
        notes=tuple(d.notes),
        done_at=done_at,
        acknowledgement=Acknowledgement.of(acknowledgement)
        if acknowledgement is not None
        else None,
    )


def _acknowledgements() -> QuerySet[DeadlineAcknowledgement]:
    return DeadlineAcknowledgement.objects.select_related("acknowledged_by").only(
        "id",
        "case_id",
        "rule_id",
        "due_on",
        "reason",
        "acknowledged_at",
        "acknowledged_by__id",
        "acknowledged_by__username",
        "acknowledged_by__first_name",
        "acknowledged_by__last_name",
    )


def _by_key(
    acks: Iterable[DeadlineAcknowledgement],
) -> dict[tuple[int, str, dt.date], DeadlineAcknowledgement]:
    """An acknowledgement applies only to the same case, the same rule AND the same computed due date."""
    return {(a.case_id, a.rule_id, a.due_on): a for a in acks}


def custom_as_deadline(obj: CaseDeadline) -> Deadline:
    notes = (f"Recorded by the team on {obj.created_at:%Y-%m-%d}.",) if obj.created_at else ()
    return Deadline(
        rule_id="custom",
        name=obj.title,
        due=obj.due_on,
        rule=obj.rule or CUSTOM_RULE,
        source=obj.source or CUSTOM_SOURCE,
        verification="custom",
        inputs={"due": obj.due_on.isoformat()},
        notes=notes,
    )


def record_deadlines(
    case: CaseLike, filings: Iterable[FilingLike], events: Iterable[EventLike]
) -> list[Deadline]:
    """The deadlines ``outcomes.selectors.case_outcome_summary`` computes, from records already in hand
    (so a list of cases costs a fixed number of queries). A deadline whose inputs are incomplete is
    left out here; the case's Outcome tab says what to record."""
    firsts: dict[str, dt.date] = {}
    for e in sorted(events, key=lambda e: e.occurred_on):
        firsts.setdefault(e.kind, e.occurred_on)
    filings = list(filings)
    vacated = firsts.get(ResolutionEvent.Kind.VACATED)
    result: list[Deadline] = []
    direct = max(
        (
            f.decided_on
            for f in filings
            if f.kind == PostConvictionFiling.Kind.DIRECT_APPEAL and f.decided_on
        ),
        default=None,
    )
    if direct is not None and vacated is None:
        # A state habeas petition still pending (no decision date) tolls without end: no date to show.
        tolling = [
            (f.filed_on, f.decided_on)
            for f in filings
            if f.kind == PostConvictionFiling.Kind.STATE_HABEAS and f.filed_on
        ]
        with contextlib.suppress(InputError):
            result.append(aedpa_deadline(direct_review_ended=direct, tolling=tolling))
    if case.jurisdiction_state.upper() == "CA":
        ends = {arg: firsts.get(kind) for kind, arg in PC_4901_ENDS.items()}
        if any(ends.values()):
            result.append(pc_4901_deadline(**ends, reversal=vacated))
    return result


# Case ids per IN list: older SQLite builds refuse more than 999 variables in one statement.
IDS_PER_QUERY = 500


def trigger_records(
    among: QuerySet[Case],
) -> list[tuple[_CaseRow, list[_FilingRow], list[_EventRow]]]:
    """The cases of ``among`` (already permission-filtered) that have the dates a computed deadline
    needs (checked again per case), with their direct-appeal and state-habeas filings and their
    resolution events, for ``record_deadlines``: three queries per 500 such cases. The case filter
    (four subqueries) is compiled once; the records are then read by case id."""
    direct = PostConvictionFiling.objects.filter(
        kind=PostConvictionFiling.Kind.DIRECT_APPEAL, decided_on__isnull=False
    )
    vacated = ResolutionEvent.objects.filter(kind=ResolutionEvent.Kind.VACATED)
    ends = ResolutionEvent.objects.filter(kind__in=list(PC_4901_ENDS))
    aedpa = Q(pk__in=direct.values("case_id")) & ~Q(pk__in=vacated.values("case_id"))
    pc_4901 = Q(jurisdiction_state__iexact="CA", pk__in=ends.values("case_id"))
    cases = [
        _CaseRow(*row)
        for row in among.filter(aedpa | pc_4901)
        .order_by()
        .values_list("pk", "ref", "title", "jurisdiction_state")
    ]
    filings: dict[int, list[_FilingRow]] = defaultdict(list)
    events: dict[int, list[_EventRow]] = defaultdict(list)
    ids = [case.pk for case in cases]
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        for case_id, kind, filed_on, decided_on in PostConvictionFiling.objects.filter(
            case_id__in=chunk,
            kind__in=[
                PostConvictionFiling.Kind.DIRECT_APPEAL,
                PostConvictionFiling.Kind.STATE_HABEAS,
            ],
        ).values_list("case_id", "kind", "filed_on", "decided_on"):
            filings[case_id].append(_FilingRow(kind, filed_on, decided_on))
        for case_id, kind, occurred_on in ResolutionEvent.objects.filter(
            case_id__in=chunk
        ).values_list("case_id", "kind", "occurred_on"):
            events[case_id].append(_EventRow(kind, occurred_on))
    return [(case, filings.get(case.pk, []), events.get(case.pk, [])) for case in cases]


def deadlines_upcoming(
    *,
    user: User,
    within_days: int = 60,
    include_overdue: bool = True,
    include_acknowledged: bool = False,
    today: dt.date | None = None,
) -> list[DeadlineRow]:
    """Computed and open custom deadlines due within ``within_days`` (and, unless ``include_overdue`` is
    false, those already past), for the cases ``user`` may see, soonest first. Computed deadlines the
    team acknowledged for their current due date are left out unless ``include_acknowledged`` (then
    they carry their ``acknowledgement``). A fixed number of queries, however many cases. The page
    or API call that shows them logs the read (``deadlines_list_detail``)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(within_days, 0))

    def wanted(due: dt.date) -> bool:
        return due <= horizon and (include_overdue or due >= today)

    computed = [
        (case, d)
        for case, filings, events in trigger_records(case_queryset(user))
        for d in record_deadlines(case, filings, events)
        if wanted(d.due)
    ]
    # One query for the acknowledgements of the cases in hand (never one per case), and only when some
    # computed deadline is in the window.
    in_hand = sorted({case.pk for case, _ in computed})
    acks = _by_key(_acknowledgements().filter(case_id__in=in_hand)) if in_hand else {}
    rows: list[DeadlineRow] = []
    for case, d in computed:
        ack = acks.get((case.pk, d.rule_id, d.due))
        if ack is not None and not include_acknowledged:
            continue
        rows.append(_row(case, d, today, "computed", acknowledgement=ack))

    custom = CaseDeadline.objects.filter(
        done_at__isnull=True, due_on__lte=horizon, case__in=case_queryset(user)
    )
    if not include_overdue:
        custom = custom.filter(due_on__gte=today)
    custom = custom.select_related("case").only(
        "id",
        "title",
        "due_on",
        "rule",
        "source",
        "created_at",
        "done_at",
        "case__id",
        "case__ref",
        "case__title",
    )
    rows += [
        _row(obj.case, custom_as_deadline(obj), today, "custom", deadline_id=obj.pk)
        for obj in custom
    ]

    rows.sort(key=lambda r: (r.due, r.case_ref, r.name))
    return rows


def deadlines_listing(
    *,
    user: User,
    within_days: int = 60,
    include_overdue: bool = True,
    include_acknowledged: bool = False,
    today: dt.date | None = None,
) -> tuple[list[DeadlineRow], dict[str, object]]:
    """``deadlines_upcoming`` for a page or API call, with what its audit row records: the window
    asked for, what it showed, and how many acknowledged deadlines it left out or marked."""
    everything = deadlines_upcoming(
        user=user,
        within_days=within_days,
        include_overdue=include_overdue,
        include_acknowledged=True,
        today=today,
    )
    shown = everything if include_acknowledged else [r for r in everything if not r.is_acknowledged]
    detail: dict[str, object] = {
        "within_days": within_days,
        "include_overdue": include_overdue,
        "include_acknowledged": include_acknowledged,
        "rows": len(shown),
        "cases": len({r.case_ref for r in shown}),
        "acknowledged": sum(r.is_acknowledged for r in everything),
    }
    return shown, detail


def case_custom_deadlines(case: Case) -> list[CaseDeadline]:
    """Call only with a case already fetched through ``case_get``. Open ones first, then done."""
    return sorted(
        CaseDeadline.objects.filter(case=case).select_related("created_by", "done_by"),
        key=lambda d: (d.done_at is not None, d.due_on, d.pk),
    )


def case_computed_deadlines(case: Case, today: dt.date | None = None) -> list[DeadlineRow]:
    """Call only with a case already fetched through ``case_get``. Its computed deadlines, soonest
    first, each with its acknowledgement if the team acknowledged that rule for that due date."""
    today = today or timezone.localdate()
    acks = _by_key(_acknowledgements().filter(case=case))
    rows = [
        _row(case, d, today, "computed", acknowledgement=acks.get((case.pk, d.rule_id, d.due)))
        for d in record_deadlines(case, case.filings.all(), case.resolution_events.all())
    ]
    return sorted(rows, key=lambda r: (r.due, r.name))


def case_deadlines(
    *, user: User, ref: str, today: dt.date | None = None
) -> tuple[Case, list[DeadlineRow]]:
    """One case's computed deadlines (acknowledged ones marked) and all its custom ones (done ones
    last), for its page and the API. ``case_get`` checks access (404 otherwise)."""
    today = today or timezone.localdate()
    case = case_get(user=user, ref=ref)
    rows = case_computed_deadlines(case, today)
    rows += [
        _row(
            case, custom_as_deadline(obj), today, "custom", deadline_id=obj.pk, done_at=obj.done_at
        )
        for obj in case_custom_deadlines(case)
    ]
    rows.sort(key=lambda r: (r.done_at is not None, r.due, r.name))
    return case, rows


def digest_buckets(rows: Iterable[DeadlineRow]) -> tuple[list[DeadlineRow], list[DeadlineRow]]:
    """(overdue, upcoming) for messages that group by urgency."""
    rows = list(rows)
    return [r for r in rows if r.status == Status.OVERDUE], [
        r for r in rows if r.status != Status.OVERDUE
    ]


__all__ = [
    "DUE_SOON_DAYS",
    "Acknowledgement",
    "DeadlineRow",
    "case_computed_deadlines",
    "case_custom_deadlines",
    "case_deadlines",
    "custom_as_deadline",
    "deadlines_upcoming",
    "digest_buckets",
    "record_deadlines",
]
