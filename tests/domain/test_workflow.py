from __future__ import annotations

from typing import Any

import pytest

from habeas.domain.workflow import ALLOWED, Answer, Stage, TransitionFacts, Vote, transition_errors

FULL_YES = dict.fromkeys(("jurisdiction", "felony", "factual_innocence"), Answer.YES)


def facts(current: Stage, target: Stage, **kw: Any) -> TransitionFacts:
    return TransitionFacts(
        current=current, target=target, reason=str(kw.pop("reason", "because")), **kw
    )


def test_every_stage_has_a_rule_and_terminal_stages_can_reopen() -> None:
    assert set(ALLOWED) == set(Stage)
    assert Stage.INTAKE in ALLOWED[Stage.DECLINED]
    assert Stage.INTAKE in ALLOWED[Stage.WITHDRAWN]


def test_forbidden_transition_names_the_allowed_ones() -> None:
    errors = transition_errors(facts(Stage.INTAKE, Stage.RESOLUTION))
    assert "target" in errors and "Screening" in errors["target"][0]


def test_reason_is_required() -> None:
    assert "reason" in transition_errors(facts(Stage.INTAKE, Stage.SCREENING, reason="  "))


def test_leaving_screening_needs_complete_checklist_and_reason_code() -> None:
    partial = {**FULL_YES, "consent": Answer.UNKNOWN}
    errors = transition_errors(facts(Stage.SCREENING, Stage.RECORD_GATHERING, checklist=partial))
    assert "consent" in errors["checklist"][0]
    assert "reason_code" in errors
    assert (
        transition_errors(
            facts(
                Stage.SCREENING,
                Stage.RECORD_GATHERING,
                checklist=FULL_YES,
                reason_code="meets_criteria",
            )
        )
        == {}
    )


def test_accepting_with_a_failed_criterion_needs_the_exception_code() -> None:
    failing = {**FULL_YES, "felony": Answer.NO}
    errors = transition_errors(
        facts(
            Stage.SCREENING, Stage.RECORD_GATHERING, checklist=failing, reason_code="meets_criteria"
        )
    )
    assert "felony" in errors["reason_code"][-1]
    assert (
        transition_errors(
            facts(
                Stage.SCREENING, Stage.RECORD_GATHERING, checklist=failing, reason_code="exception"
            )
        )
        == {}
    )


def test_declining_from_screening_needs_a_decline_code() -> None:
    assert "reason_code" in transition_errors(
        facts(Stage.SCREENING, Stage.DECLINED, checklist=FULL_YES, reason_code="meets_criteria")
    )
    assert (
        transition_errors(
            facts(
                Stage.SCREENING, Stage.DECLINED, checklist=FULL_YES, reason_code="no_new_evidence"
            )
        )
        == {}
    )


@pytest.mark.parametrize(
    ("votes", "target", "ok"),
    [
        ([Vote.SUPPORT_RELIEF] * 2, Stage.RESOLUTION, False),  # below quorum
        ([Vote.SUPPORT_RELIEF] * 2 + [Vote.DENY_RELIEF], Stage.RESOLUTION, True),
        (
            [Vote.SUPPORT_RELIEF, Vote.DENY_RELIEF, Vote.ABSTAIN],
            Stage.RESOLUTION,
            False,
        ),  # tie of votes cast
        ([Vote.DENY_RELIEF] * 3, Stage.RESOLUTION, False),
        ([Vote.DENY_RELIEF] * 3, Stage.DECLINED, True),
    ],
)
def test_decision_needs_quorum_and_majority(votes: list[Vote], target: Stage, ok: bool) -> None:
    code = "committee_denied" if target is Stage.DECLINED else ""
    errors = transition_errors(
        facts(Stage.DECISION, target, votes=votes, quorum=3, reason_code=code)
    )
    assert (errors == {}) is ok, errors


def test_closing_needs_a_resolution_event() -> None:
    assert "resolution" in transition_errors(facts(Stage.RESOLUTION, Stage.CLOSED))
    assert transition_errors(facts(Stage.RESOLUTION, Stage.CLOSED, resolution_events=1)) == {}
