"""API shapes for deadlines. Bodies check JSON types only (422); ``CaseDeadlineForm`` checks the
values inside the service (400, every field at once), as for the case records."""

import datetime as dt
from typing import ClassVar, Literal

from ninja import Field, Schema

from habeas.core.api import FormBody, IsoDate, UtcDateTime


class DeadlineIn(FormBody):
    form_required: ClassVar[tuple[str, ...]] = ("title", "due_on")

    title: str = Field(
        "", description="What must be filed or done (required, at most 200 characters)"
    )
    due_on: IsoDate | None = Field(
        None, description="The last day, YYYY-MM-DD (required; past dates are allowed)"
    )
    rule: str = Field(
        "", description="The rule or order that sets the date, in words (at most 2,000 characters)"
    )
    source: str = Field(
        "", description="Where the date comes from, e.g. an order's date (at most 300 characters)"
    )


class FromRuleIn(FormBody):
    form_required: ClassVar[tuple[str, ...]] = ("rule_id", "trigger_on")

    rule_id: str = Field("", description="ca_pc_1473_6, ca_pc_1417_9, fed_3600a or ca_pc_1509")
    trigger_on: IsoDate | None = Field(
        None,
        description="The date the clock starts, YYYY-MM-DD (e.g. when the misconduct was discovered)",
    )


class AcknowledgementIn(FormBody):
    form_required: ClassVar[tuple[str, ...]] = ("rule_id", "due_on", "reason")

    rule_id: str = Field(
        "",
        description="The computed deadline's rule_id, as listed by GET /cases/{ref}/deadlines (e.g. aedpa_2244d)",
    )
    due_on: IsoDate | None = Field(
        None,
        description="Its due date as computed now, YYYY-MM-DD (the acknowledgement holds for this date only)",
    )
    reason: str = Field(
        "",
        description="Why it needs no more alerts, e.g. Not applicable: petition filed 2014-03-02 (required, at most 2,000 characters)",
    )


class UpcomingQuery(Schema):
    within_days: int = Field(
        60, ge=0, le=3660, description="Deadlines due within this many days from today"
    )
    include_overdue: bool = Field(True, description="Also list deadlines already past")
    include_acknowledged: bool = Field(
        False,
        description="Also list computed deadlines a case team acknowledged for their current date",
    )


class AcknowledgementInfo(Schema):
    by: str = Field(description="Username of who acknowledged it")
    by_name: str
    at: UtcDateTime
    reason: str


class DeadlineOut(Schema):
    case_ref: str
    case_title: str
    name: str
    due: dt.date
    days_left: int = Field(description="Negative once overdue")
    status: Literal["overdue", "due_soon", "ok"]
    status_label: str
    rule: str
    source: str
    verification: Literal["sourced", "unverified", "custom"] = Field(
        description="sourced: statute retrieved; unverified: check before relying on it; custom: recorded by the case team"
    )
    kind: Literal["computed", "custom"]
    rule_id: str
    deadline_id: int | None = Field(
        description="Id of a custom deadline (for done/delete); null when computed"
    )
    notes: list[str]
    done_at: UtcDateTime | None = None
    acknowledgement: AcknowledgementInfo | None = Field(
        None,
        description="Computed deadlines only: set when the case team acknowledged it for this due date (it then stops alerting)",
    )


class UpcomingOut(Schema):
    today: dt.date
    within_days: int
    include_overdue: bool
    include_acknowledged: bool
    disclaimer: str
    deadlines: list[DeadlineOut]


class CaseDeadlinesOut(Schema):
    case_ref: str
    today: dt.date
    disclaimer: str
    deadlines: list[DeadlineOut] = Field(
        description="Computed from the record and recorded by the team; done ones last"
    )


class CustomDeadlineOut(Schema):
    id: int
    case_ref: str
    title: str
    due_on: dt.date
    rule: str
    source: str
    created_by: str
    created_at: UtcDateTime
    done_at: UtcDateTime | None
    done_by: str | None


class AcknowledgementOut(Schema):
    case_ref: str
    rule_id: str
    due_on: dt.date
    reason: str
    acknowledged_by: str
    acknowledged_at: UtcDateTime
