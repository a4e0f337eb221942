"""Reads for letters: who may edit templates, and the plain-string values of one case's letter."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from habeas.accounts.models import User
from habeas.accounts.roles import Role
from habeas.cases.models import Case, Party, StageTransition
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.domain.workflow import ACCEPT_REASON_CODES, DECLINE_REASON_CODES, Stage
from habeas.letters.models import LetterTemplate

# Letters speak for the organization: only its lawyers and administrators word them.
LETTER_EDIT_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})


def letter_kind_checked(kind: str) -> str:
    if kind not in LetterTemplate.Kind.values:
        raise NotFoundError("No such letter.")
    return kind


def letter_editor_checked(user: User) -> None:
    if user.role not in LETTER_EDIT_ROLES or user.organization_id is None:
        raise PermissionDeniedError("Only attorneys and administrators may edit letter templates.")


def case_was_accepted(case: Case) -> bool:
    """Screening accepted the case: it moved from screening into record gathering."""
    return StageTransition.objects.filter(
        case=case, from_stage=Stage.SCREENING, to_stage=Stage.RECORD_GATHERING
    ).exists()


def decision_reason(case: Case, kind: str) -> str:
    """'<reason code label>. <reason text>' from the latest transition that made the decision:
    into declined for a decline letter, from screening into record gathering for an acceptance."""
    transitions = StageTransition.objects.filter(case=case)
    if kind == LetterTemplate.Kind.DECLINE:
        transition = transitions.filter(to_stage=Stage.DECLINED).order_by("-at", "-id").first()
        codes = DECLINE_REASON_CODES
    else:
        transition = (
            transitions.filter(from_stage=Stage.SCREENING, to_stage=Stage.RECORD_GATHERING)
            .order_by("-at", "-id")
            .first()
        )
        codes = ACCEPT_REASON_CODES
    if transition is None:
        return ""
    label = codes.get(transition.reason_code, "")
    parts = [p.strip().rstrip(".") for p in (label, transition.reason) if p and p.strip()]
    return ". ".join(parts) + ("." if parts else "")


def letter_values(*, case: Case, kind: str, signer: User) -> dict[str, str]:
    """The only values a letter template can print, all plain strings."""
    applicant = case.parties.filter(kind=Party.Kind.APPLICANT).first()
    conviction = case.convictions.first()
    return {
        "applicant_name": case.applicant_name or (applicant.full_name() if applicant else ""),
        "case_ref": case.ref,
        "case_title": case.title,
        "organization_name": case.organization.name,
        "today": date_format(timezone.localdate(), "F j, Y"),
        "court": conviction.court if conviction else "",
        "docket_number": conviction.docket_number if conviction else "",
        "decision_reason": decision_reason(case, kind),
        "signer_name": signer.display_name(),
    }
