"""Roles and what each may do. Plain Python so the rules read in one place."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ATTORNEY = "attorney"
    INVESTIGATOR = "investigator"
    REVIEWER = "reviewer"
    STUDENT = "student"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "Administrator",
    Role.ATTORNEY: "Attorney",
    Role.INVESTIGATOR: "Investigator",
    Role.REVIEWER: "Reviewer",
    Role.STUDENT: "Student / volunteer",
    Role.AUDITOR: "Auditor (read-only)",
}

# Who may change case data at all (on cases they can see).
WRITER_ROLES = frozenset(
    {Role.ADMIN, Role.ATTORNEY, Role.INVESTIGATOR, Role.REVIEWER, Role.STUDENT}
)
# Who may open a new case for their organization.
INTAKE_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.INVESTIGATOR})
# Who may move a case between stages and manage its team and sharing.
TRANSITION_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY})
# Who may vote in the review committee.
VOTING_ROLES = frozenset({Role.ADMIN, Role.ATTORNEY, Role.REVIEWER})
# Who sees every case of their organization without being on its team.
ORG_WIDE_READ_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})
# Who may read the audit log.
AUDIT_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})
