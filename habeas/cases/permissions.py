"""Who may do what on a case, in one place: the services enforce these and the pages ask them, so
a form is offered exactly when the service would accept it. Write access to the case itself
(team, admin, share) is decided by ``case_access`` / ``case_get(write=True)``; these add the role
and organization rules on top.

A shared case stays in the charge of the organization that owns it. ``SHARING`` says, per write,
which roles may make it and what a user of a partner organization (one the case is shared with)
may do: ``OWNER_ONLY`` nothing, ``OWN_ONLY`` only on its own members, its own vote or the people
it can see, ``LIKE_OWNER`` the same as the owner's staff (the joint investigation's record)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from habeas.accounts.models import User
from habeas.accounts.roles import (
    INTAKE_ROLES,
    TRANSITION_ROLES,
    VOTING_ROLES,
    WRITER_ROLES,
    Role,
)
from habeas.cases.models import Case
from habeas.cases.selectors import case_people_choices


class Partner(StrEnum):
    OWNER_ONLY = "owner_only"
    OWN_ONLY = "own_only"
    LIKE_OWNER = "like_owner"


class Action(StrEnum):
    TRANSITION = "transition"
    CASE_EDIT = "case_edit"
    SCREENING = "screening"
    VOTE = "vote"
    RECUSE_SELF = "recuse_self"
    RECUSE_OTHER = "recuse_other"
    TEAM_ADD = "team_add"
    TEAM_REMOVE = "team_remove"
    SHARE = "share"
    PEOPLE_LINK = "people_link"
    LEAD = "lead"
    RESOLUTION = "resolution"
    RECORD = "record"
    REDACT = "redact"
    PRODUCE = "produce"
    DELIVER = "deliver"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    partner: Partner
    why: str


SHARING: dict[Action, Rule] = {
    Action.TRANSITION: Rule(
        TRANSITION_ROLES,
        Partner.OWNER_ONLY,
        "Moving, declining and closing a case are the owning unit's decisions.",
    ),
    Action.CASE_EDIT: Rule(
        WRITER_ROLES,
        Partner.OWNER_ONLY,
        "The case's own fields (title, summary, dates, county, jurisdiction) are the owner's "
        "intake record; a partner adds to the joint record instead.",
    ),
    Action.SCREENING: Rule(
        WRITER_ROLES,
        Partner.OWNER_ONLY,
        "The screening checklist is the owner's own acceptance criteria.",
    ),
    Action.VOTE: Rule(
        VOTING_ROLES,
        Partner.OWNER_ONLY,
        "The review committee is the owner's; a partner advises but does not vote.",
    ),
    Action.RECUSE_SELF: Rule(
        WRITER_ROLES,
        Partner.OWNER_ONLY,
        "Only committee members (the owner's staff) have a vote to step away from.",
    ),
    Action.RECUSE_OTHER: Rule(
        TRANSITION_ROLES,
        Partner.OWNER_ONLY,
        "Recusing someone deletes their vote: for the owner's attorneys and administrators only.",
    ),
    Action.TEAM_ADD: Rule(
        TRANSITION_ROLES,
        Partner.OWN_ONLY,
        "A partner staffs its side of the joint investigation with its own people only.",
    ),
    Action.TEAM_REMOVE: Rule(
        TRANSITION_ROLES,
        Partner.OWN_ONLY,
        "A partner may take its own people off the case, never the owner's.",
    ),
    Action.SHARE: Rule(
        TRANSITION_ROLES,
        Partner.OWNER_ONLY,
        "Who else sees the case is the owner's call.",
    ),
    Action.PEOPLE_LINK: Rule(
        WRITER_ROLES,
        Partner.OWN_ONLY,
        "The people directory is the owner's: a partner links and edits only people it can see.",
    ),
    Action.LEAD: Rule(
        WRITER_ROLES,
        Partner.OWN_ONLY,
        "A partner may add leads, naming only people it can see, and change only those.",
    ),
    Action.RESOLUTION: Rule(
        TRANSITION_ROLES,
        Partner.OWNER_ONLY,
        "Court and charging outcomes are recorded by the unit that decides the case.",
    ),
    Action.RECORD: Rule(
        WRITER_ROLES,
        Partner.LIKE_OWNER,
        "Gathering the record (parties, evidence, tasks, notes…) is the joint work itself.",
    ),
    Action.REDACT: Rule(
        WRITER_ROLES,
        Partner.OWNER_ONLY,
        "What is withheld from a disclosure, and why, is the disclosing unit's decision.",
    ),
    Action.PRODUCE: Rule(
        WRITER_ROLES,
        Partner.OWNER_ONLY,
        "A production is the owner's disclosure of its own file: only the owner numbers and builds it.",
    ),
    Action.DELIVER: Rule(
        TRANSITION_ROLES,
        Partner.OWNER_ONLY,
        "Recording that a production was handed over is the owning unit's attorneys' statement.",
    ),
}


def is_partner(user: User, case: Case) -> bool:
    """The user belongs to an organization the case is shared with, not to its owner."""
    return user.organization_id != case.organization_id


def may(user: User, case: Case, action: Action, *, own: bool = False) -> bool:
    """Whether ``user`` (with write access to ``case``) may take ``action``; ``own`` says the
    target is the partner's own (its member, itself, a person it can see)."""
    rule = SHARING[action]
    if user.role not in rule.roles:
        return False
    if not is_partner(user, case):
        return True
    return rule.partner is Partner.LIKE_OWNER or (rule.partner is Partner.OWN_ONLY and own)


def may_change_record(user: User, case: Case, action: Action, record: object) -> bool:
    """Change or delete an existing record of a case: on an own-only kind a partner may touch only
    a record naming a person it can see (leads and links carry no author, so nothing else is its own)."""
    if SHARING[action].partner is not Partner.OWN_ONLY or not is_partner(user, case):
        return may(user, case, action)
    person_id = getattr(record, "person_id", None)
    own = (
        person_id is not None
        and case_people_choices(user=user, case=case, ids=[person_id]).exists()
    )
    return may(user, case, action, own=own)


def can_open_intake(user: User) -> bool:
    return user.role in INTAKE_ROLES and user.organization_id is not None


def can_transition(user: User, case: Case) -> bool:
    """Move a case between stages (with write access to it)."""
    return may(user, case, Action.TRANSITION)


def can_vote(user: User, case: Case) -> bool:
    """Vote in the review committee: a committee role in the case's own organization."""
    return may(user, case, Action.VOTE)


def can_recuse_others(user: User, case: Case) -> bool:
    return may(user, case, Action.RECUSE_OTHER)


def can_manage_team(user: User, case: Case) -> bool:
    """Add and remove team members (a partner: its own members only, with write access)."""
    return may(user, case, Action.TEAM_ADD, own=True)
