"""API shapes. Record bodies are validated by the same forms the UI uses (via the services), so a
schema here only documents and type-checks; it never decides what is valid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class CaseRow(Schema):
    ref: str
    title: str
    stage: str
    county: str
    applicant_name: str
    received_on: dt.date
    stage_changed_at: dt.datetime


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseRow]


class CaseFields(Schema):
    title: str | None = Field(None, max_length=200)
    received_on: dt.date | None = None
    summary: str | None = None
    intake_source: str | None = None
    jurisdiction_state: str | None = None
    county: str | None = None


class IntakeIn(Schema):
    case: CaseFields
    applicant: dict[str, Any]
    incident: dict[str, Any] | None = None
    conviction: dict[str, Any] | None = None
    claim: dict[str, Any] | None = None


class CaseDetail(CaseRow):
    organization: str
    summary: str
    intake_source: str
    jurisdiction_state: str
    allowed_next_stages: list[str]
    team: list[str]
    record_counts: dict[str, int]


class TransitionIn(Schema):
    target: str
    reason: str
    reason_code: str = ""


class TransitionOut(Schema):
    from_stage: str
    to_stage: str
    by: str
    at: dt.datetime
    reason: str
    reason_code: str


class ScreeningAnswerIn(Schema):
    answer: str
    note: str = ""


class ScreeningIn(Schema):
    answers: dict[str, ScreeningAnswerIn]


class ScreeningItem(Schema):
    key: str
    label: str
    answer: str
    note: str


class VoteIn(Schema):
    vote: str
    rationale: str = ""


class VoteOut(Schema):
    voter: str
    vote: str
    rationale: str
    cast_at: dt.datetime


class RecusalIn(Schema):
    username: str
    reason: str


class TeamMemberIn(Schema):
    username: str
    role: str = "member"


class TeamMemberOut(Schema):
    username: str
    role: str
    organization: str


class ShareIn(Schema):
    organization: str


class FactGroup(Schema):
    key: str
    conflict: bool
    values: list[dict[str, Any]]


class PersonIn(Schema):
    first_name: str | None = None
    last_name: str | None = None
    aliases: str | None = None
    date_of_birth: dt.date | None = None
    badge_number: str | None = None
    agency: str | None = None
    notes: str | None = None


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    aliases: str
    date_of_birth: dt.date | None
    badge_number: str
    agency: str


class Appearance(Schema):
    case_ref: str
    case_title: str
    role: str


class PersonDetail(PersonOut):
    appearances: list[Appearance]
