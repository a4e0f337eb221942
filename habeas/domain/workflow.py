"""Case stages and the rules for moving between them. Free of Django so the rules are testable alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Stage(StrEnum):
    INTAKE = "intake"
    SCREENING = "screening"
    RECORD_GATHERING = "record_gathering"
    REINVESTIGATION = "reinvestigation"
    DECISION = "decision"
    RESOLUTION = "resolution"
    CLOSED = "closed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


ACTIVE_STAGES = (
    Stage.INTAKE,
    Stage.SCREENING,
    Stage.RECORD_GATHERING,
    Stage.REINVESTIGATION,
    Stage.DECISION,
    Stage.RESOLUTION,
)

ALLOWED: Mapping[Stage, frozenset[Stage]] = {
    Stage.INTAKE: frozenset({Stage.SCREENING, Stage.WITHDRAWN}),
    Stage.SCREENING: frozenset({Stage.RECORD_GATHERING, Stage.DECLINED, Stage.WITHDRAWN}),
    Stage.RECORD_GATHERING: frozenset({Stage.REINVESTIGATION, Stage.WITHDRAWN}),
    Stage.REINVESTIGATION: frozenset({Stage.DECISION, Stage.RECORD_GATHERING, Stage.WITHDRAWN}),
    Stage.DECISION: frozenset({Stage.RESOLUTION, Stage.DECLINED, Stage.REINVESTIGATION}),
    Stage.RESOLUTION: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset({Stage.REINVESTIGATION}),
    Stage.DECLINED: frozenset({Stage.INTAKE}),
    Stage.WITHDRAWN: frozenset({Stage.INTAKE}),
}

ACCEPT_REASON_CODES: Mapping[str, str] = {
    "meets_criteria": "Meets every screening criterion",
    "exception": "Accepted by exception (criterion not met; reason recorded)",
}
DECLINE_REASON_CODES: Mapping[str, str] = {
    "outside_jurisdiction": "Conviction outside this jurisdiction",
    "not_felony": "Not a felony conviction",
    "no_innocence_claim": "No claim of factual innocence (sentencing or legal error only)",
    "no_new_evidence": "No new evidence or lead",
    "no_consent": "Applicant did not consent",
    "pending_litigation": "Pending litigation bars review",
    "insufficient_information": "Insufficient information after follow-up",
    "committee_denied": "Review committee found no basis for relief",
    "other": "Other (explained in the reason)",
}


class Vote(StrEnum):
    SUPPORT_RELIEF = "support_relief"
    DENY_RELIEF = "deny_relief"
    ABSTAIN = "abstain"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TransitionFacts:
    """Everything a guard needs, gathered by the service from the database."""

    current: Stage
    target: Stage
    reason: str
    reason_code: str = ""
    checklist: Mapping[str, Answer] = field(default_factory=dict)  # criterion key -> answer
    votes: Sequence[Vote] = ()
    quorum: int = 3
    resolution_events: int = 0
    # The organization's words for its checklist criteria (key -> label), for the messages.
    criterion_labels: Mapping[str, str] = field(default_factory=dict)


def _choices(codes: Mapping[str, str]) -> str:
    """Reason codes by their labels: “A”, “B” or “C”."""
    quoted = [f"“{label}”" for label in codes.values()]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def transition_errors(facts: TransitionFacts) -> dict[str, list[str]]:
    """Return field -> messages; empty means the transition may happen."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if facts.target not in ALLOWED[facts.current]:
        allowed = ", ".join(sorted(s.label for s in ALLOWED[facts.current])) or "none"
        add(
            "target",
            f"A case in {facts.current.label} cannot move to {facts.target.label}. Allowed: {allowed}.",
        )
        return errors
    if not facts.reason.strip():
        add("reason", "Say why the case is moving; the reason is kept in the case history.")

    if facts.current is Stage.SCREENING and facts.target in (
        Stage.RECORD_GATHERING,
        Stage.DECLINED,
    ):
        named = facts.criterion_labels
        unanswered = [named.get(k, k) for k, a in facts.checklist.items() if a is Answer.UNKNOWN]
        if not facts.checklist or unanswered:
            add(
                "checklist",
                "Complete the screening checklist first"
                + (f"; not yet answered: {'; '.join(unanswered)}." if unanswered else "."),
            )
        codes = (
            ACCEPT_REASON_CODES if facts.target is Stage.RECORD_GATHERING else DECLINE_REASON_CODES
        )
        if facts.reason_code not in codes:
            add("reason_code", f"Choose a reason code from the list: {_choices(codes)}.")
        failing = [named.get(k, k) for k, a in facts.checklist.items() if a is Answer.NO]
        if facts.target is Stage.RECORD_GATHERING and failing and facts.reason_code != "exception":
            add(
                "reason_code",
                f"Criteria not met ({'; '.join(failing)}): accept only with reason code "
                f"“{ACCEPT_REASON_CODES['exception']}”.",
            )

    if facts.current is Stage.DECISION and facts.target in (Stage.RESOLUTION, Stage.DECLINED):
        counted = [v for v in facts.votes if v is not Vote.ABSTAIN]
        if len(facts.votes) < facts.quorum:
            add(
                "votes",
                f"The review committee needs {facts.quorum} recorded votes; {len(facts.votes)} so far.",
            )
        else:
            support = sum(1 for v in counted if v is Vote.SUPPORT_RELIEF)
            deny = len(counted) - support
            if facts.target is Stage.RESOLUTION and support <= deny:
                add(
                    "votes",
                    f"Relief needs a majority of votes cast: {support} support, {deny} deny.",
                )
            if facts.target is Stage.DECLINED and deny <= support:
                add(
                    "votes",
                    f"Declining needs a majority of votes cast: {deny} deny, {support} support.",
                )
        if facts.target is Stage.DECLINED and facts.reason_code not in DECLINE_REASON_CODES:
            add(
                "reason_code",
                f"Choose a reason code from the list: {_choices(DECLINE_REASON_CODES)}.",
            )

    if (
        facts.current is Stage.RESOLUTION
        and facts.target is Stage.CLOSED
        and facts.resolution_events == 0
    ):
        add(
            "resolution",
            "Record at least one resolution event (vacatur, dismissal, release, finding) before closing.",
        )
    return errors
