"""What each tab of the case page shows. One context builder per tab, used for the first page load,
for htmx tab switches and again (with the posted values and errors) when a save is refused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES, TRANSITION_ROLES, VOTING_ROLES, Role
from habeas.cases.forms import CaseForm
from habeas.cases.models import Case, PersonRole, ScreeningCriterion
from habeas.cases.selectors import Access, case_access
from habeas.cases.services.workflow import recusal_reason, screening_checklist
from habeas.cases.views.sections import BoundForms, build_section
from habeas.core.errors import PermissionDeniedError
from habeas.core.web import ActionState
from habeas.domain.workflow import (
    ACCEPT_REASON_CODES,
    ACTIVE_STAGES,
    ALLOWED,
    DECLINE_REASON_CODES,
    Stage,
    Vote,
)


@dataclass(frozen=True)
class TabSpec:
    label: str
    sections: tuple[str, ...] = ()
    roles: frozenset[Role] | None = None  # None: everyone who may see the case


TABS: dict[str, TabSpec] = {
    "overview": TabSpec("Overview", ("parties", "incidents", "facts")),
    "record": TabSpec("Record", ("convictions", "filings")),
    "people": TabSpec("People", ("people",)),
    "claims": TabSpec("Claims", ("claims",)),
    "evidence": TabSpec("Evidence", ("evidence",)),
    "tasks": TabSpec("Tasks", ("tasks",)),
    "notes": TabSpec("Notes", ("notes",)),
    "leads": TabSpec("Leads", ("leads",)),
    "workflow": TabSpec("Workflow", ("resolutions",)),
    "outcome": TabSpec("Outcome"),
    "team": TabSpec("Team"),
    "letters": TabSpec("Letters"),
    "audit": TabSpec("Audit", roles=AUDIT_ROLES),
}
TAB_OF_KIND = {slug: tab for tab, spec in TABS.items() for slug in spec.sections}


def tabs_for(user: User) -> list[tuple[str, str]]:
    return [
        (key, spec.label)
        for key, spec in TABS.items()
        if spec.roles is None or user.role in spec.roles
    ]


def tab_check(user: User, tab: str) -> None:
    if tab not in TABS:
        raise Http404("No such tab.")
    roles = TABS[tab].roles
    if roles is not None and user.role not in roles:
        raise PermissionDeniedError("Your role does not give access to this tab.")


@dataclass
class TabState:
    """What the page was asked to show beyond the stored data: forms bound to a refused POST, the row
    being edited, a person search, a message from the last save."""

    bound: BoundForms = field(default_factory=dict)
    editing: str = ""
    actions: Mapping[str, ActionState] = field(default_factory=dict)
    person_q: str = ""
    messages: Mapping[str, str] = field(default_factory=dict)  # section slug -> message


def _overview(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    bound_case = state.bound.get("case")
    editing = bound_case is not None or state.editing == "case"
    return {
        "case_form": bound_case
        or (CaseForm(instance=case, auto_id="case-%s") if can_write and editing else None),
        "case_editing": editing and can_write,
        "open_leads": case.leads.filter(status="open").count(),
    }


def _people(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    from habeas.cases.services.people import PersonForm

    return {
        "person_q": state.person_q,
        "new_person_form": state.bound.get("person:new")
        or (
            PersonForm(auto_id="newperson-%s") if can_write and user.role != Role.AUDITOR else None
        ),
        "new_person_state": state.actions.get("person_link") or ActionState(),
        "person_roles": PersonRole.choices,
    }


def _leads(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    return {
        "open_leads": case.leads.filter(status="open").count(),
        "case_resolved": case.stage in (Stage.RESOLUTION, Stage.CLOSED),
    }


def _workflow(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    checklist = screening_checklist(case)
    answers = {a.criterion_id: a for a in case.screening_answers.select_related("answered_by")}
    screening_state = state.actions.get("screening") or ActionState()
    criteria = []
    for c in ScreeningCriterion.objects.filter(organization_id=case.organization_id, active=True):
        posted = screening_state.values
        criteria.append(
            {
                "criterion": c,
                "answer": posted.get(f"answer-{c.key}") or checklist.get(c.key, "unknown"),
                "note": posted.get(f"note-{c.key}", answers[c.pk].note if c.pk in answers else ""),
                "record": answers.get(c.pk),
                "errors": screening_state.errors.get(c.key, []),
            }
        )
    votes = list(case.votes.select_related("voter"))
    tally = Counter(v.vote for v in votes)
    targets = sorted(ALLOWED[case.stage_enum], key=lambda s: list(Stage).index(s))
    my_vote = next((v for v in votes if v.voter_id == user.pk), None)
    team_members = list(
        case.team.filter(user__organization_id=case.organization_id, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    all_codes = {**ACCEPT_REASON_CODES, **DECLINE_REASON_CODES}
    transitions = list(case.transitions.select_related("by"))
    active = [*ACTIVE_STAGES, Stage.CLOSED]
    current_index = active.index(case.stage_enum) if case.stage_enum in active else -1
    return {
        "transitions": [(t, all_codes.get(t.reason_code, "")) for t in reversed(transitions)],
        "criteria": criteria,
        "unanswered": sum(1 for c in criteria if c["answer"] == "unknown"),
        "targets": targets,
        "accept_codes": ACCEPT_REASON_CODES,
        "decline_codes": DECLINE_REASON_CODES,
        "votes": votes,
        "tally": {
            "support": tally.get(Vote.SUPPORT_RELIEF, 0),
            "deny": tally.get(Vote.DENY_RELIEF, 0),
            "abstain": tally.get(Vote.ABSTAIN, 0),
        },
        "vote_choices": [(v.value, v.value.replace("_", " ").capitalize()) for v in Vote],
        "my_vote": my_vote,
        "recusals": list(case.recusals.select_related("user", "recorded_by")),
        "my_recusal": recusal_reason(case, user),
        "can_transition": can_write and user.role in TRANSITION_ROLES,
        "can_vote_role": user.role in VOTING_ROLES and user.organization_id == case.organization_id,
        "can_vote": can_write
        and user.role in VOTING_ROLES
        and user.organization_id == case.organization_id,
        "can_recuse_others": can_write and user.role in TRANSITION_ROLES,
        "team_members": team_members,
        "quorum": case.organization.committee_quorum,
        "stage_steps": [
            {"stage": s, "done": i < current_index, "current": i == current_index}
            for i, s in enumerate(active)
        ],
        "days_in_stage": (timezone.now() - case.stage_changed_at).days,
        "show_committee": case.stage == Stage.DECISION
        or bool(votes)
        or bool(case.recusals.exists()),
        "show_resolutions": case.stage in (Stage.RESOLUTION, Stage.CLOSED)
        or case.resolution_events.exists(),
        "act": {
            name: state.actions.get(name) or ActionState()
            for name in ("transition", "screening", "vote", "recusal")
        },
    }


def _team(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    can_manage = can_write and user.role in TRANSITION_ROLES
    team = list(
        case.team.select_related("user", "user__organization").order_by("role", "user__username")
    )
    eligible: list[User] = []
    if can_manage and user.organization_id is not None:
        # Only people the actor's own organization knows: never list another organization's users.
        eligible = list(
            User.objects.filter(organization_id=user.organization_id, is_active=True)
            .exclude(pk__in=[m.user_id for m in team])
            .order_by("username")[:500]
        )
    return {
        "team": team,
        "shares": list(
            case.shares.select_related("organization", "granted_by", "revoked_by").order_by(
                "-granted_at"
            )
        ),
        "can_manage": can_manage,
        "is_owner_org": user.organization_id == case.organization_id,
        "eligible": eligible,
        "act": {
            name: state.actions.get(name) or ActionState()
            for name in ("team_add", "team_remove", "share_grant", "share_revoke")
        },
    }


def _outcome(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    from habeas.deadlines.selectors import case_computed_deadlines, case_custom_deadlines
    from habeas.domain.deadlines import triggered_rule_choices
    from habeas.domain.nre.schema import FACTORS, OM_TAGS, TAGS
    from habeas.outcomes.models import ExoneratingEvent
    from habeas.outcomes.selectors import case_outcome_coding, case_outcome_summary

    today = timezone.localdate()
    summary = case_outcome_summary(case)
    alerts = {
        (r.rule_id, r.due): r for r in case_computed_deadlines(case, today)
    }  # with their acknowledgements
    return {
        "outcome": summary,
        "deadline_rows": [
            (d, d.days_remaining(today), d.status(today).value, alerts.get((d.rule_id, d.due)))
            for d in summary.deadlines
        ],
        "coding": case_outcome_coding(case),
        "nre_factors": FACTORS.items(),
        "nre_tags": TAGS.items(),
        "om_tags": OM_TAGS,
        "exonerating_events": ExoneratingEvent.choices,
        "custom_deadlines": case_custom_deadlines(case),
        "triggered_rules": triggered_rule_choices(),
    }


def _letters(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    accepted = case.transitions.filter(
        Q(to_stage=Stage.RECORD_GATHERING) & Q(from_stage=Stage.SCREENING)
    ).exists()
    return {
        "letters": [
            {
                "kind": "accept",
                "label": "Acceptance letter",
                "fits": accepted,
                "when": "After screening accepts the case (it moved from screening to record gathering).",
            },
            {
                "kind": "decline",
                "label": "Decline letter",
                "fits": case.stage == Stage.DECLINED,
                "when": "When the case is declined, at screening or after the committee's decision.",
            },
        ]
    }


EXTRA: dict[str, Callable[[Case, User, bool, TabState], dict[str, Any]]] = {
    "overview": _overview,
    "people": _people,
    "leads": _leads,
    "workflow": _workflow,
    "team": _team,
    "outcome": _outcome,
    "letters": _letters,
}


TabBuilder = Callable[[Case, User, bool, TabState], dict[str, Any]]


def tab_register(key: str, spec: TabSpec, builder: TabBuilder, *, after: str) -> None:
    """Let another app (e.g. documents) add a tab to the case page, placed after ``after``; its
    template is ``cases/tabs/<key>.html`` in that app's templates."""
    items = [(k, v) for k, v in TABS.items() if k != key]
    position = next(i for i, (k, _) in enumerate(items) if k == after) + 1
    items.insert(position, (key, spec))
    TABS.clear()
    TABS.update(items)
    EXTRA[key] = builder


def tab_context(case: Case, user: User, tab: str, state: TabState | None = None) -> dict[str, Any]:
    tab_check(user, tab)
    state = state or TabState()
    can_write = case_access(user, case) is Access.WRITE
    sections = [
        build_section(
            slug,
            case,
            user,
            tab=tab,
            can_write=can_write,
            bound=state.bound,
            editing=state.editing,
            message=state.messages.get(slug, ""),
            person_q=state.person_q,
        )
        for slug in TABS[tab].sections
    ]
    context: dict[str, Any] = {
        "case": case,
        "tab": tab,
        "tab_label": TABS[tab].label,
        "sections": sections,
        "can_write": can_write,
        "can_audit": user.role in AUDIT_ROLES,
    }
    if tab in EXTRA:
        context.update(EXTRA[tab](case, user, can_write, state))
    return context
