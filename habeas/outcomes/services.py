"""Recording how a case is coded in the NRE's terms."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import WRITER_ROLES
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, PermissionDeniedError
from habeas.outcomes.coding import coding_validate
from habeas.outcomes.models import CaseOutcome

FIELDS = (
    "factors",
    "om_tags",
    "tags",
    "exonerating_event",
    "crime_date",
    "exoneration_date",
    "notes",
)


def outcome_code(*, actor: User, case_ref: str, data: Mapping[str, object]) -> CaseOutcome:
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.role not in WRITER_ROLES:
        raise PermissionDeniedError("Your role is read-only.")
    first_conviction = (
        case.convictions.exclude(convicted_on=None)
        .order_by("convicted_on")
        .values_list("convicted_on", flat=True)
        .first()
    )
    cleaned, errors = coding_validate(
        data, first_conviction=first_conviction, today=timezone.localdate()
    )
    if errors:
        raise ApplicationError("The outcome coding has errors; nothing was saved.", errors)
    with transaction.atomic():
        outcome = CaseOutcome.objects.select_for_update().filter(case=case).first()
        before = {f: getattr(outcome, f) for f in FIELDS} if outcome else {}
        if outcome is None:
            outcome = CaseOutcome(case=case, coded_by=actor, coded_at=timezone.now())
        for name in FIELDS:
            setattr(outcome, name, cleaned[name])
        outcome.coded_by, outcome.coded_at = actor, timezone.now()
        outcome.save()
        audit_record(
            actor=actor,
            action="outcome.code",
            obj=outcome,
            case=case,
            detail={"before": before, "after": cleaned},
        )
    return outcome
