"""A small seeded world for the reports: every number the tests expect follows from the dates here.

Org A (the world's CIU), cases opened by ``owner`` (so owner, admin and auditor see them):
  world.case  received 2024-03-01, intake since 2024-03-01
  alder       received 2024-01-15, intake 10 d -> screening 30 d -> declined (no_new_evidence)
  birch       received 2024-01-20, intake 20 d -> screening 81 d -> record gathering since 2024-04-30
  cedar       received 2023-06-01, the whole path to closed; vacated, released and dismissed in 2023
  dogwood     received 2020-05-01, intake 10 d -> screening 30 d -> record gathering 570 d -> reinvestigation
Opened by ``nonmember`` (owner does not see it; admin does): elm, received 2024-02-10, intake.
Org B (the outsider's organization): quill, received 2024-02-01, intake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from habeas.accounts.models import User
from habeas.cases.models import Case, ResolutionEvent, StageTransition
from habeas.cases.services.intake import case_intake
from tests.conftest import World, intake_payload

NOW = dt.datetime(2024, 6, 30, 12, 0, tzinfo=dt.UTC)


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC)


def open_case(
    actor: User, docket: str, title: str, received: str, applicant: str = "Tomas"
) -> Case:
    payload = intake_payload(docket, title=title, received_on=received)
    payload["sections"]["applicant"]["first_name"] = applicant  # type: ignore[index]
    case = case_intake(actor=actor, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    # The intake service stamps "now"; the history below needs the application date instead.
    StageTransition.objects.filter(case=case).update(at=at(received))
    Case.objects.filter(pk=case.pk).update(stage_changed_at=at(received))
    case.refresh_from_db()
    return case


def path(case: Case, *moves: tuple[str, str, str]) -> Case:
    """Stage history as model rows (the service can only stamp 'now'): (to_stage, day, reason_code)."""
    for to_stage, day, code in moves:
        StageTransition.objects.create(
            case=case,
            from_stage=case.stage,
            to_stage=to_stage,
            by=case.created_by,
            at=at(day),
            reason="seeded history",
            reason_code=code,
            from_stage_days=(at(day) - case.stage_changed_at).total_seconds() / 86400,
        )
        case.stage, case.stage_changed_at = to_stage, at(day)
    case.save(update_fields=["stage", "stage_changed_at"])
    return case


@dataclass
class Seeded:
    world: World
    alder: Case
    birch: Case
    cedar: Case
    dogwood: Case
    elm: Case
    quill: Case


@pytest.fixture
def seeded(world: World) -> Seeded:
    StageTransition.objects.filter(case=world.case).update(at=at("2024-03-01"))
    Case.objects.filter(pk=world.case.pk).update(stage_changed_at=at("2024-03-01"))
    owner = world.owner
    alder = path(
        open_case(owner, "BA300001", "People v. Alder", "2024-01-15"),
        ("screening", "2024-01-25", ""),
        ("declined", "2024-02-24", "no_new_evidence"),
    )
    birch = path(
        open_case(owner, "BA300002", "People v. Birch", "2024-01-20"),
        ("screening", "2024-02-09", ""),
        ("record_gathering", "2024-04-30", "meets_criteria"),
    )
    cedar = path(
        open_case(owner, "BA300003", "People v. Cedar", "2023-06-01"),
        ("screening", "2023-06-11", ""),
        ("record_gathering", "2023-07-11", "meets_criteria"),
        ("reinvestigation", "2023-08-10", ""),
        ("decision", "2023-10-09", ""),
        ("resolution", "2023-11-08", ""),
        ("closed", "2024-01-07", ""),
    )
    for kind, day in (
        ("vacated", "2023-11-20"),
        ("released", "2023-12-01"),
        ("dismissed", "2023-12-15"),
    ):
        ResolutionEvent.objects.create(
            case=cedar, kind=kind, occurred_on=dt.date.fromisoformat(day), recorded_by=owner
        )
    dogwood = path(
        open_case(owner, "BA300004", "People v. Dogwood", "2020-05-01"),
        ("screening", "2020-05-11", ""),
        ("record_gathering", "2020-06-10", "meets_criteria"),
        ("reinvestigation", "2021-12-22", ""),
    )
    elm = open_case(world.nonmember, "BA300005", "People v. Elm", "2024-02-10")
    quill = open_case(world.outsider, "BB400001", "People v. Quill", "2024-02-01", applicant="Vera")
    return Seeded(world, alder, birch, cedar, dogwood, elm, quill)
