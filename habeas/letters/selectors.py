"""Reads for letters: who may edit templates, and the plain-string values of one case's letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from habeas.accounts.models import User
from habeas.accounts.roles import Role
from habeas.cases.models import Case, Party, StageTransition
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.core.labels import STAGE, label
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


def _deciding_transition(case: Case, kind: str) -> StageTransition | None:
    """The stage change that made the decision a letter reports: the latest move into declined
    for a decline letter, the latest acceptance at screening for an acceptance letter."""
    transitions = StageTransition.objects.filter(case=case)
    if kind == LetterTemplate.Kind.GIGLIO:
        return None  # no stage change decides it: the credibility registry produces it
    if kind == LetterTemplate.Kind.DECLINE:
        transitions = transitions.filter(to_stage=Stage.DECLINED)
    else:
        transitions = transitions.filter(
            from_stage=Stage.SCREENING, to_stage=Stage.RECORD_GATHERING
        )
    return transitions.order_by("-at", "-id").first()


@dataclass(frozen=True)
class LetterFit:
    """Whether a kind of letter can be sent for the case as it stands, and if not, why."""

    kind: str
    label: str
    when: str
    fits: bool
    why_not: str
    decided_on: dt.date | None


def letter_fit(case: Case, kind: str) -> LetterFit:
    if kind == LetterTemplate.Kind.GIGLIO:
        # Produced by the credibility registry, which knows the listed officials the case names.
        return LetterFit(
            kind=kind,
            label=LetterTemplate.Kind(kind).label,
            when="When the case names an official on your unit's credibility list.",
            fits=False,
            why_not="It is produced from the case's Credibility alerts tab.",
            decided_on=None,
        )
    transition = _deciding_transition(case, kind)
    decided_on = timezone.localdate(transition.at) if transition else None
    if kind == LetterTemplate.Kind.DECLINE:
        fits = case.stage == Stage.DECLINED and transition is not None
        why_not = (
            ""
            if fits
            else f"The case is not declined (it is at {label(STAGE, case.stage).lower()})."
        )
        when = "When the case is declined, at screening or after the committee's decision."
    else:
        fits = transition is not None
        why_not = "" if fits else "Screening has not accepted the case."
        when = "After screening accepts the case (it moves from screening to record gathering)."
    return LetterFit(
        kind=kind,
        label=LetterTemplate.Kind(kind).label,
        when=when,
        fits=fits,
        why_not=why_not,
        decided_on=decided_on if fits else None,
    )


def decision_reason(case: Case, kind: str) -> str:
    """'<reason code label>. <reason text>' from the transition that made the decision."""
    transition = _deciding_transition(case, kind)
    if transition is None:
        return ""
    codes = DECLINE_REASON_CODES if kind == LetterTemplate.Kind.DECLINE else ACCEPT_REASON_CODES
    reason_label = codes.get(transition.reason_code, "")
    parts = [p.strip().rstrip(".") for p in (reason_label, transition.reason) if p and p.strip()]
    return ". ".join(parts) + ("." if parts else "")


def _applicant(case: Case) -> Party | None:
    return case.parties.filter(kind=Party.Kind.APPLICANT).order_by("id").first()


def letter_address(case: Case) -> list[str]:
    """The address block: the applicant's name and corrections number, the facility while in
    custody, and the mailing address, one line each, as far as the record holds them."""
    applicant = _applicant(case)
    name = case.applicant_name or (applicant.full_name() if applicant else "")
    if applicant is None:
        return [name] if name else []
    number = f"No. {applicant.corrections_id}" if applicant.corrections_id else ""
    lines = [", ".join(p for p in (name, number) if p)]
    in_custody = applicant.custody_status == Party.Custody.IN_CUSTODY
    if applicant.facility and (in_custody or not applicant.mailing_address):
        lines.append(applicant.facility)
    lines += [line.strip() for line in applicant.mailing_address.splitlines() if line.strip()]
    return [line for line in lines if line]


def letter_address_mailable(case: Case) -> bool:
    """Whether the applicant's record holds a mailing address for the letter."""
    applicant = _applicant(case)
    return bool(applicant and applicant.mailing_address.strip())


def letter_values(
    *, case: Case, kind: str, signer: User, fit: LetterFit | None = None
) -> dict[str, str]:
    """The only values a letter template can print, all plain strings (``fit``: the case's
    ``letter_fit`` for ``kind`` when the caller has it already)."""
    applicant = _applicant(case)
    conviction = case.convictions.first()
    fit = fit or letter_fit(case, kind)
    return {
        "applicant_name": case.applicant_name or (applicant.full_name() if applicant else ""),
        "case_ref": case.ref,
        "case_title": case.title,
        "organization_name": case.organization.name,
        "today": date_format(timezone.localdate(), "F j, Y"),
        "decision_date": date_format(fit.decided_on, "F j, Y") if fit.decided_on else "",
        "court": conviction.court if conviction else "",
        "docket_number": conviction.docket_number if conviction else "",
        "decision_reason": decision_reason(case, kind),
        "signer_name": signer.display_name(),
        "corrections_number": applicant.corrections_id if applicant else "",
        "facility": applicant.facility if applicant else "",
        "impeachment": "",
    }
