"""The compact summary at the top of a case's Overview tab: each fact in words, "not recorded"
when it is not, and the facts the deadlines and documents features add."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from habeas.cases.models import Party
from habeas.cases.services.children import case_child_create
from habeas.deadlines.services import deadline_add
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_text


def _summary(body: str) -> dict[str, str]:
    block = body.split('id="case-summary"')[1].split("</section>")[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {k.strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", v)).strip() for k, v in pairs}


def test_summary_of_a_fresh_case_says_what_is_not_recorded(world: World, client_for: Any) -> None:
    summary = _summary(client_for(world.owner).get(f"/cases/{world.case.ref}/").content.decode())
    assert summary["Offense"] == "Murder"
    assert summary["Sentence"] == "not recorded"
    assert summary["Custody"] == "In custody"
    assert summary["Facility"] == "not recorded"
    assert summary["Lead attorney"] == "owner"
    days = (timezone.now() - world.case.stage_changed_at).days
    assert summary["Stage"] == f"Intake, {days} days in this stage"
    assert summary["Next deadline"] == "not recorded"
    assert summary["Open tasks"] == "None open"
    assert summary["Flags"] == "not recorded"
    assert summary["Open leads"] == "None open"
    assert summary["Credibility list"] == "No listed official named so far"
    assert list(summary) == [
        "Offense",
        "Sentence",
        "Custody",
        "Facility",
        "Lead attorney",
        "Stage",
        "Next deadline",
        "Open tasks",
        "Flags",
        "Credibility list",
        "Open leads",
    ]


def test_summary_of_a_worked_case(world: World, client_for: Any) -> None:
    ref = world.case.ref
    Party.objects.filter(case=world.case, kind=Party.Kind.APPLICANT).update(
        facility="Mule Creek State Prison"
    )
    conviction = world.case.convictions.get()
    conviction.sentences.create(description="40 years to life")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="tasks",
        data={"title": "Order the trial transcript", "due_on": yesterday},
    )
    case_child_create(
        actor=world.owner, case_ref=ref, kind_slug="leads", data={"description": "The neighbor"}
    )
    deadline_add(
        actor=world.owner,
        case_ref=ref,
        data={"title": "Reply brief due", "due_on": yesterday},
    )
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    for who in ("owner", "member", "auditor"):
        summary = _summary(client_for(getattr(world, who)).get(f"/cases/{ref}/").content.decode())
        assert summary["Sentence"] == "40 years to life"
        assert summary["Facility"] == "Mule Creek State Prison"
        assert summary["Open tasks"] == "1 open (1 overdue)"
        assert summary["Open leads"] == "1 open"
        assert summary["Next deadline"].startswith("Reply brief due: ")
        assert "overdue by 1 day" in summary["Next deadline"]
        assert "Jailhouse informant or incentivised witness: " in summary["Flags"]
        assert "to review" in summary["Flags"] and "informant:" not in summary["Flags"]
    for who in ("nonmember", "outsider"):
        assert client_for(getattr(world, who)).get(f"/cases/{ref}/").status_code == 404
