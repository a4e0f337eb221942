"""Default screening checklist; organizations can edit theirs."""

from __future__ import annotations

DEFAULT_CRITERIA: tuple[tuple[str, str], ...] = (
    ("jurisdiction", "Conviction entered in this unit's jurisdiction"),
    ("felony", "Felony conviction"),
    ("factual_innocence", "Claim of factual innocence (not only sentencing or legal error)"),
    ("new_evidence", "New evidence or a new lead"),
    ("consent", "Applicant consents to review"),
    ("no_bar_litigation", "No pending litigation that bars review"),
)
