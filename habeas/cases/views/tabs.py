"""What each tab of the case page shows. One context builder per tab, used for the first page load,
for htmx tab switches and again (with the posted values and errors) when a save is refused."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES, Role
from habeas.accounts.selectors import organization_colleagues
from habeas.cases.forms import CaseForm
from habeas.cases.models import Case, PersonRole
from habeas.cases.panels import (
    CASE_SUMMARY_LINES,
    CASE_TABS,
    CaseFact,
    TabBuilder,
    TabState,
    case_tab,
    placed,
)
from habeas.cases.permissions import (
    Action,
    can_manage_team,
    can_recuse_others,
    can_transition,
    can_vote,
    may,
)
from habeas.cases.selectors import (
    Access,
    CaseSummary,
    case_access,
    case_summary,
    screening_criteria,
)
from habeas.cases.services.people import PersonForm
from habeas.cases.services.workflow import recusal_reason, screening_checklist
from habeas.cases.views.sections import build_section
from habeas.core.errors import PermissionDeniedError
from habeas.core.labels import CUSTODY, STAGE, label
from habeas.core.web import ActionState
from habeas.domain.workflow import (
    ACCEPT_REASON_CODES,
    ACTIVE_STAGES,
    ALLOWED,
    DECLINE_REASON_CODES,
    Stage,
    Vote,
)


def tabs_for(user: User) -> list[tuple[str, str]]:
    return [(panel.key, panel.label) for panel in CASE_TABS.visible(user.role)]


@dataclass(frozen=True)
class TabBar:
    """The tabs on the bar (the open one always among them) and the rest under "More"."""

    shown: list[tuple[str, str]]
    more: list[tuple[str, str]]


def tab_bar(user: User, current: str) -> TabBar:
    panels = CASE_TABS.visible(user.role)
    return TabBar(
        shown=[(p.key, p.label) for p in panels if not p.more or p.key == current],
        more=[(p.key, p.label) for p in panels if p.more and p.key != current],
    )


def tab_check(user: User, tab: str) -> None:
    if tab not in CASE_TABS:
        raise Http404("No such tab.")
    if not CASE_TABS[tab].visible_to(user.role):
        raise PermissionDeniedError("Your role does not give access to this tab.")


def tab_of_kind(slug: str) -> str:
    """The tab that shows a record kind's section."""
    return next(panel.key for panel in CASE_TABS if slug in panel.sections)


# The Overview summary's own lines, in order; features add theirs (``case_summary_line``).
SUMMARY_LINES: dict[str, str] = {
    "offense": "Offense",
    "sentence": "Sentence",
    "custody": "Custody",
    "facility": "Facility",
    "lead": "Lead attorney",
    "stage": "Stage",
    "tasks": "Open tasks",
    "leads": "Open leads",
}


def _counted(n: int, extra: str = "") -> str:
    return f"{n} open{extra}" if n else "None open"


def _own_line(key: str, case: Case, s: CaseSummary) -> CaseFact | None:
    if key == "offense":
        return CaseFact(s.offense, tab="record") if s.offense else None
    if key == "sentence":
        return CaseFact(s.sentence, tab="record") if s.sentence else None
    if key == "custody":
        return CaseFact(label(CUSTODY, s.custody)) if s.custody else None
    if key == "facility":
        return CaseFact(s.facility) if s.facility else None
    if key == "lead":
        return CaseFact(", ".join(s.leads), tab="team") if s.leads else None
    if key == "stage":
        words = label(STAGE, case.stage)
        n = s.days_in_stage
        if n is None:  # ended: a count would only grow
            return CaseFact(
                f"{words} since {timezone.localtime(case.stage_changed_at):%Y-%m-%d}",
                tab="workflow",
            )
        return CaseFact(f"{words}, {n} day{'s' if n != 1 else ''} in this stage", tab="workflow")
    if key == "tasks":
        overdue = f" ({s.overdue_tasks} overdue)" if s.overdue_tasks else ""
        return CaseFact(
            _counted(s.open_tasks, overdue), tab="tasks", tone="overdue" if overdue else ""
        )
    if key == "leads":
        return CaseFact(_counted(s.open_leads), tab="leads")
    raise KeyError(key)


def case_summary_lines(case: Case, user: User) -> list[tuple[str, str, CaseFact | None]]:
    """(key, label, fact or None when not recorded) for the top of the Overview tab."""
    summary = case_summary(case)
    lines: list[tuple[str, str, CaseFact | None]] = []
    for line in placed(list(SUMMARY_LINES), CASE_SUMMARY_LINES):
        if isinstance(line, str):
            lines.append((line, SUMMARY_LINES[line], _own_line(line, case, summary)))
        else:
            lines.append((line.key, line.label, line.build(case, user)))
    return lines


def _overview(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    bound_case = state.bound.get("case")
    editing = bound_case is not None or state.editing == "case"
    can_edit = can_write and may(user, case, Action.CASE_EDIT)  # a partner: not the owner's fields
    return {
        "case_form": bound_case
        or (CaseForm(instance=case, auto_id="case-%s") if can_edit and editing else None),
        "case_editing": editing and can_edit,
        "can_edit_case": can_edit,
        "summary_lines": case_summary_lines(case, user),
    }


def _people(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
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
    for c in screening_criteria(case.organization_id):
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
    recusals_open = case.stage in ACTIVE_STAGES
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
        "can_transition": can_write and can_transition(user, case),
        "can_vote_role": can_vote(user, case),
        "can_vote": can_write and can_vote(user, case),
        "can_recuse_others": can_write and recusals_open and can_recuse_others(user, case),
        "can_recuse_self": can_write and recusals_open and may(user, case, Action.RECUSE_SELF),
        "can_screen": can_write and may(user, case, Action.SCREENING),
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
    can_manage = can_write and can_manage_team(user, case)
    team = list(
        case.team.select_related("user", "user__organization").order_by("role", "user__username")
    )
    # Only people the actor's own organization knows: never list another organization's users.
    eligible = (
        organization_colleagues(user=user, exclude=[m.user_id for m in team]) if can_manage else []
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
        for slug in CASE_TABS[tab].sections
    ]
    context: dict[str, Any] = {
        "case": case,
        "tab": tab,
        "tab_label": CASE_TABS[tab].label,
        "tab_template": CASE_TABS[tab].template,
        "sections": sections,
        "can_write": can_write,
        "can_audit": user.role in AUDIT_ROLES,
    }
    builder = CASE_TABS[tab].build
    if builder is not None:
        context.update(builder(case, user, can_write, state))
    return context


def _own(
    key: str,
    label: str,
    build: TabBuilder | None = None,
    *,
    sections: tuple[str, ...] = (),
    more: bool = False,
) -> None:
    case_tab(key, label, f"cases/tabs/{key}.html", build, sections=sections, more=more)


def tabs_install() -> None:
    """The case record's own tabs (CasesConfig.ready); features add theirs after these."""
    _own("overview", "Overview", _overview, sections=("parties", "incidents", "facts"))
    _own("record", "Record", sections=("convictions", "filings"))
    _own("people", "People", _people, sections=("people",))
    _own("claims", "Claims", sections=("claims",))
    _own("evidence", "Evidence", sections=("evidence",))
    _own("tasks", "Tasks", sections=("tasks",))
    _own("notes", "Notes", sections=("notes",))
    _own("leads", "Leads", _leads, sections=("leads",))
    _own("workflow", "Workflow", _workflow, sections=("resolutions",))
    _own("team", "Team", _team, more=True)
