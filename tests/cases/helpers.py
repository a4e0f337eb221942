"""Moving the world's case along its workflow, through the services, for the cases tests."""

from __future__ import annotations

from habeas.accounts.models import User
from habeas.cases.models import ScreeningCriterion
from habeas.cases.services.workflow import case_transition, screening_answers_set
from tests.conftest import World


def answer_all(world: World, answer: str = "yes", actor: User | None = None) -> None:
    keys = ScreeningCriterion.objects.filter(organization=world.org_a, active=True).values_list(
        "key", flat=True
    )
    screening_answers_set(
        actor=actor or world.owner,
        case_ref=world.case.ref,
        answers=dict.fromkeys(keys, (answer, "")),
    )


def to_decision(world: World) -> None:
    """intake → screening → record gathering → reinvestigation → decision, through the services."""
    ref, owner = world.case.ref, world.owner
    case_transition(actor=owner, case_ref=ref, target="screening", reason="Application complete")
    answer_all(world)
    case_transition(
        actor=owner,
        case_ref=ref,
        target="record_gathering",
        reason="Meets criteria",
        reason_code="meets_criteria",
    )
    case_transition(actor=owner, case_ref=ref, target="reinvestigation", reason="Records in")
    case_transition(actor=owner, case_ref=ref, target="decision", reason="Ready for the committee")
