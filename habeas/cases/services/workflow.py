"""Stage transitions, the screening checklist, committee votes and recusals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import (
    Case,
    CasePerson,
    CommitteeVote,
    PersonRole,
    Recusal,
    ScreeningAnswer,
    StageTransition,
)
from habeas.cases.permissions import Action, can_recuse_others, can_transition, can_vote, may
from habeas.cases.selectors import case_get, screening_criteria
from habeas.core.errors import ApplicationError, PermissionDeniedError
from habeas.domain.workflow import (
    ACTIVE_STAGES,
    Answer,
    Stage,
    TransitionFacts,
    Vote,
    transition_errors,
)


def screening_checklist(case: Case) -> dict[str, Answer]:
    """Criterion key -> answer for the organization's active criteria (unanswered = unknown)."""
    answers = {a.criterion_id: Answer(a.answer) for a in case.screening_answers.all()}
    criteria = screening_criteria(case.organization_id)
    return {c.key: answers.get(c.pk, Answer.UNKNOWN) for c in criteria}


TRANSITION_REASON_LIMIT = StageTransition._meta.get_field("reason").max_length or 5000
RECUSAL_REASON_LIMIT = Recusal._meta.get_field("reason").max_length or 300


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case_ref: str,
    target: str,
    reason: str,
    reason_code: str = "",
    effective_at: datetime | None = None,
) -> Case:
    """Move a case to another stage. ``effective_at`` back-dates the change when recording history
    (imports, the demo); it may not precede the previous change nor lie in the future."""
    case = case_get(user=actor, ref=case_ref, write=True)
    if not can_transition(actor, case):
        raise PermissionDeniedError(
            "Only attorneys and administrators of the owning organization may move a case"
            " between stages."
        )
    try:
        target_stage = Stage(target)
    except ValueError:
        problem = f"{target!r} is not a stage." if target else "Choose the stage to move it to."
        raise ApplicationError("Unknown stage.", fields={"target": [problem]}) from None
    if len(reason) > TRANSITION_REASON_LIMIT:
        raise ApplicationError(
            "The reason is too long.",
            fields={"reason": [f"At most {TRANSITION_REASON_LIMIT:,} characters."]},
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    facts = TransitionFacts(
        current=case.stage_enum,
        target=target_stage,
        reason=reason,
        reason_code=reason_code,
        checklist=screening_checklist(case),
        votes=[Vote(v) for v in case.votes.values_list("vote", flat=True)],
        quorum=case.organization.committee_quorum,
        resolution_events=case.resolution_events.count(),
        criterion_labels=dict(screening_criteria(case.organization_id).values_list("key", "label")),
    )
    errors = transition_errors(facts)
    now = timezone.now()
    if effective_at is not None:
        previous_at = case.transitions.order_by("-at").values_list("at", flat=True).first()
        if effective_at > now:
            errors.setdefault("effective_at", []).append(
                "A stage change cannot take effect in the future."
            )
        elif previous_at is not None and effective_at < previous_at:
            errors.setdefault("effective_at", []).append(
                "A stage change cannot precede the previous one."
            )
        now = effective_at
    if errors:
        raise ApplicationError(f"The case cannot move to {target_stage.label}.", fields=errors)
    StageTransition.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=target_stage,
        by=actor,
        at=now,
        reason=reason.strip(),
        reason_code=reason_code,
        from_stage_days=(now - case.stage_changed_at).total_seconds() / 86400,
    )
    previous = case.stage
    case.stage = target_stage
    case.stage_changed_at = now
    case.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="case.transition",
        obj=case,
        case=case,
        detail={
            "from": previous,
            "to": target_stage.value,
            "reason_code": reason_code,
            "effective_at": now.isoformat(),
        },
    )
    return case


@transaction.atomic
def screening_answers_set(
    *, actor: User, case_ref: str, answers: Mapping[str, tuple[str, str]]
) -> dict[str, Answer]:
    """Record answers to the checklist: criterion key -> (yes/no/unknown, note)."""
    case = case_get(user=actor, ref=case_ref, write=True)
    if not may(actor, case, Action.SCREENING):
        raise PermissionDeniedError(
            "Only the owning organization may answer its screening checklist."
        )
    if case.stage != Stage.SCREENING:
        raise ApplicationError(
            "The screening checklist can be changed only while the case is in screening."
        )
    criteria = {c.key: c for c in screening_criteria(case.organization_id)}
    errors: dict[str, list[str]] = {}
    for key, (answer, note) in answers.items():
        if key not in criteria:
            errors.setdefault(key, []).append("Not a criterion of this organization's checklist.")
        elif answer not in Answer.__members__.values():
            errors.setdefault(key, []).append("Answer yes, no or unknown.")
        elif len(note) > 500:
            errors.setdefault(key, []).append("Note is longer than 500 characters.")
    if errors:
        raise ApplicationError("Some answers need attention.", fields=errors)
    for key, (answer, note) in answers.items():
        ScreeningAnswer.objects.update_or_create(
            case=case,
            criterion=criteria[key],
            defaults={"answer": answer, "note": note, "answered_by": actor},
        )
    audit_record(
        actor=actor,
        action="screening.answer",
        obj=case,
        case=case,
        detail={"answers": {k: v[0] for k, v in answers.items()}},
    )
    return screening_checklist(case)


def recusal_reason(case: Case, user: User) -> str | None:
    """Why ``user`` may not vote on ``case``, or None. Prosecuting the original case always recuses."""
    prosecuted = CasePerson.objects.filter(
        case=case, role=PersonRole.PROSECUTOR, person__user=user
    ).exists()
    if prosecuted:
        return "prosecuted the original case"
    recusal = Recusal.objects.filter(case=case, user=user).first()
    return recusal.reason if recusal else None


@transaction.atomic
def vote_cast(*, actor: User, case_ref: str, vote: str, rationale: str = "") -> CommitteeVote:
    case = case_get(user=actor, ref=case_ref, write=True)
    if not can_vote(actor, case):
        raise PermissionDeniedError("Only committee members of the case's organization may vote.")
    if case.stage != Stage.DECISION:
        raise ApplicationError("Votes are recorded only while the case is at the decision stage.")
    reason = recusal_reason(case, actor)
    if reason:
        raise PermissionDeniedError(f"You are recused from this case ({reason}).")
    try:
        vote_value = Vote(vote)
    except ValueError:
        raise ApplicationError(
            "Unknown vote.",
            fields={"vote": [f"Choose one of: {', '.join(v.value for v in Vote)}."]},
        ) from None
    if len(rationale) > 5000:
        raise ApplicationError(
            "Rationale too long.", fields={"rationale": ["At most 5000 characters."]}
        )
    record, _ = CommitteeVote.objects.update_or_create(
        case=case, voter=actor, defaults={"vote": vote_value, "rationale": rationale}
    )
    audit_record(
        actor=actor, action="vote.cast", obj=record, case=case, detail={"vote": vote_value.value}
    )
    return record


@transaction.atomic
def recusal_record(*, actor: User, case_ref: str, username: str, reason: str) -> Recusal:
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.username == username:
        if not may(actor, case, Action.RECUSE_SELF):
            raise PermissionDeniedError(
                "Only members of the case's organization may recuse themselves."
            )
    elif not can_recuse_others(actor, case):
        raise PermissionDeniedError(
            "Only attorneys and administrators of the case's organization may recuse another member."
        )
    if case.stage not in ACTIVE_STAGES:
        # The decision is on record once a case has ended: removing a vote would rewrite it.
        raise ApplicationError("Recusals are recorded only while the case is open.")
    user = User.objects.filter(username=username, organization_id=case.organization_id).first()
    if user is None:
        raise ApplicationError(
            "Unknown member.", fields={"username": ["No such member of this organization."]}
        )
    if not reason.strip():
        raise ApplicationError("Give a reason.", fields={"reason": ["A recusal needs a reason."]})
    if (
        len(reason.strip()) > RECUSAL_REASON_LIMIT
    ):  # refused, never cut: a shortened reason could change its meaning
        raise ApplicationError(
            "The reason is too long.",
            fields={"reason": [f"At most {RECUSAL_REASON_LIMIT} characters."]},
        )
    recusal, _ = Recusal.objects.update_or_create(
        case=case, user=user, defaults={"reason": reason.strip(), "recorded_by": actor}
    )
    CommitteeVote.objects.filter(
        case=case, voter=user
    ).delete()  # a recused member's vote no longer counts
    audit_record(
        actor=actor, action="recusal.record", obj=recusal, case=case, detail={"user": username}
    )
    return recusal
