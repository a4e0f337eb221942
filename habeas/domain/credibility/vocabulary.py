"""The registry's codes and their words (the app registers them as labels)."""

from __future__ import annotations

from habeas.domain.nre.schema import OM_TAGS

KINDS: dict[str, str] = {
    "officer": "Police officer",
    "detective": "Detective",
    "analyst": "Lab analyst",
    "informant": "Informant",
    "expert": "Expert witness",
}
# The watch kind (the records column) each kind of official is named in.
WATCH_KIND: dict[str, str] = {
    "officer": "officer",
    "detective": "officer",
    "analyst": "analyst",
    "informant": "witness",
    "expert": "any",
}

FINDING_TYPES: dict[str, str] = {
    "sustained_ia": "Sustained internal-affairs finding",
    "court_credibility": "Court finding on credibility",
    "perjury": "Perjury or false statement",
    "criminal_charge": "Criminal charge",
    "criminal_conviction": "Criminal conviction",
    "lab_audit": "Lab audit finding",
    "decertification": "Decertification",
    "discipline": "Discipline",
    "other": "Other",
}
# The NRE official-misconduct sub-code a finding type usually carries (facts.md 1.4), when one fits.
DEFAULT_OM_CODE: dict[str, str] = {"perjury": "PJ", "lab_audit": "FA"}
OM_CODES: dict[str, str] = dict(OM_TAGS)

STATUSES: dict[str, str] = {
    "pending": "Pending review",
    "listed": "On the list",
    "disclosed": "Disclosed",
    "removed": "Removed",
}
# Findings that make an official a listed one: alerts are raised for these.
ACTIVE_STATUSES = frozenset({"listed", "disclosed"})

ALERT_STATUSES: dict[str, str] = {
    "new": "New",
    "not_him": "Reviewed: not the same person",
    "confirmed": "Confirmed",
}
ALERT_SOURCES: dict[str, str] = {
    "case_person": "Person on the case",
    "mention": "Confirmed name in a document",
    "document": "Name found in a new document",
    "bulk": "Bulk conviction records",
}
