"""A transition stores how long the case stayed in the stage it left (reports take medians from it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from habeas.cases.models import Case, StageTransition
from habeas.cases.services.workflow import case_transition
from tests.conftest import World


def test_the_stay_in_the_stage_left_is_stored(world: World) -> None:
    opened = timezone.now() - dt.timedelta(days=12, hours=6)
    Case.objects.filter(pk=world.case.pk).update(stage_changed_at=opened)
    StageTransition.objects.filter(case=world.case).update(at=opened)
    case_transition(
        actor=world.owner, case_ref=world.case.ref, target="screening", reason="Start screening"
    )
    t = StageTransition.objects.filter(case=world.case, to_stage="screening").get()
    assert (
        t.from_stage == "intake"
        and t.from_stage_days is not None
        and abs(t.from_stage_days - 12.25) < 0.01
    )
    first = StageTransition.objects.filter(case=world.case, from_stage="").get()
    assert first.from_stage_days is None  # opening a case leaves no stage
