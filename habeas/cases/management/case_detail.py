"""A case and everything recorded on it as plain data, for ``habeas case show`` (table or JSON).

The record sections come from the KINDS registry, so a record type added there shows up here
without further work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Model

from habeas.cases.models import Case
from habeas.cases.selectors import case_facts_grouped, fact_conflicts
from habeas.cases.services.kinds import KINDS
from habeas.cases.services.workflow import screening_checklist


def plain(value: object) -> Any:
    """A JSON-friendly version of a field value (related records become their display text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Model):
        return str(value)
    return str(value)


def _record(obj: Model, fields: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk}
    for name in fields:
        row[name] = plain(getattr(obj, name, None))
    return row


def case_detail(case: Case) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "case": {
            "ref": case.ref,
            "title": case.title,
            "stage": case.stage,
            "organization": case.organization.code,
            "applicant_name": case.applicant_name,
            "county": case.county,
            "jurisdiction_state": case.jurisdiction_state,
            "received_on": plain(case.received_on),
            "intake_source": case.intake_source,
            "summary": case.summary,
            "stage_changed_at": plain(case.stage_changed_at),
        },
    }
    for slug, kind in KINDS.items():
        detail[slug] = [_record(obj, list(kind.form.base_fields)) for obj in kind.queryset(case)]
    detail["fact_conflicts"] = sorted(fact_conflicts(case_facts_grouped(case)))
    checklist = screening_checklist(case)
    notes = {a.criterion.key: a.note for a in case.screening_answers.select_related("criterion")}
    detail["screening"] = [
        {"criterion": key, "answer": answer.value, "note": notes.get(key, "")}
        for key, answer in checklist.items()
    ]
    detail["transitions"] = [
        {
            "at": plain(t.at),
            "from": t.from_stage,
            "to": t.to_stage,
            "by": t.by.username,
            "reason": t.reason,
            "reason_code": t.reason_code,
        }
        for t in case.transitions.select_related("by")
    ]
    detail["votes"] = [
        {"voter": v.voter.username, "vote": v.vote, "rationale": v.rationale}
        for v in case.votes.select_related("voter")
    ]
    detail["recusals"] = [
        {"user": r.user.username, "reason": r.reason} for r in case.recusals.select_related("user")
    ]
    detail["team"] = [
        {
            "username": m.user.username,
            "role": m.role,
            "organization": m.user.organization.code if m.user.organization else "",
        }
        for m in case.team.select_related("user", "user__organization").order_by("id")
    ]
    detail["shares"] = [
        {
            "organization": s.organization.code,
            "granted_at": plain(s.granted_at),
            "revoked_at": plain(s.revoked_at),
        }
        for s in case.shares.select_related("organization").order_by("granted_at")
    ]
    return detail
