"""The audit log in words: a sentence for every action, the object's kind, and each event's detail
written out (never a Python dict). Registered in the label registry by AdministrationConfig.ready,
so any page can say ``{{ e.action|label:"audit_action" }}``.

tests/administration/test_audit_words.py checks that every action written anywhere in Habeas has
its sentence here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from habeas.audit.models import AuditEvent
from habeas.core import labels
from habeas.core.labels import code_words, label, number, words_join

AUDIT_ACTIONS: dict[str, str] = {
    # Signing in and accounts
    "auth.login": "Signed in",
    "auth.logout": "Signed out",
    "auth.login_failed": "Failed to sign in",
    "auth.two_factor_reset": "Reset a member's two-factor authentication",
    "otp.enroll": "Set up two-factor authentication",
    "otp.enroll_failed": "Entered a wrong code while setting up two-factor authentication",
    "otp.verify": "Confirmed a two-factor code",
    "otp.verify_failed": "Entered a wrong two-factor code",
    "token.create": "Created an API token",
    "token.revoke": "Revoked an API token",
    "user.create": "Created a user account",
    "user.update": "Changed a user account",
    "user.deactivate": "Deactivated a user account",
    "user.reactivate": "Reactivated a user account",
    "organization.create": "Created the organization",
    "organization.settings": "Changed the organization's settings",
    # Cases
    "case.create": "Opened a case",
    "case.read": "Viewed a case",
    "case.list": "Viewed the list of cases",
    "case.update": "Changed the case details",
    "case.transition": "Moved a case to another stage",
    "case.import": "Imported cases from a spreadsheet",
    "case.export": "Exported cases",
    "case_filter.save": "Saved a set of case-list filters",
    "case_filter.delete": "Removed a saved set of case-list filters",
    "screening.answer": "Answered the screening checklist",
    "screening.criterion_add": "Added a screening criterion",
    "screening.criterion_update": "Changed a screening criterion",
    "screening.criterion_move": "Reordered the screening checklist",
    "vote.cast": "Cast a committee vote",
    "recusal.record": "Recorded a recusal",
    "team.add": "Added someone to a case team",
    "team.remove": "Removed someone from a case team",
    "share.grant": "Shared a case with another organization",
    "share.revoke": "Stopped sharing a case",
    "tasks.done": "Marked a task done or open",
    "person.create": "Added a person",
    "person.read": "Viewed a person's page",
    "person.update": "Changed a person's details",
    "outcome.code": "Coded a case's outcome in Registry terms",
    "outcome.export_nre": "Exported outcome coding for the National Registry",
    # Documents
    "document.add": "Added a document",
    "document.read": "Viewed a document",
    "document.download": "Downloaded a document",
    "document.search": "Searched the documents",
    "document.extracted": "Finished reading a document",
    "document.failed": "Could not read a document",
    "document.over_budget": "Stopped reading a document that needed too much work",
    "document.retry": "Asked to read a document again",
    "document.classify": "Classified a document",
    "documents.verify": "Checked the stored files",
    "index.rebuild": "Rebuilt the search index",
    "document.reflag": "Flagged a document again with the current rules",
    "documents.reflag": "Flagged the stored documents again with the current rules",
    "flag.verdict": "Recorded a verdict on a flag",
    "suggestion.confirm": "Decided on a suggestion",
    "packet.export": "Produced the case packet",
    # Letters, deadlines, reports
    "letter.export": "Produced a letter",
    "letter.template_update": "Changed a letter template",
    "deadlines.list": "Viewed the deadlines",
    "deadlines.create": "Recorded a deadline",
    "deadlines.done": "Marked a deadline done or open",
    "deadlines.delete": "Deleted a deadline",
    "deadlines.acknowledge": "Acknowledged a computed deadline",
    "deadlines.unacknowledge": "Withdrew an acknowledgement of a deadline",
    "deadlines.digest": "Sent the deadline digest",
    "report.read": "Viewed a report",
    "report.export": "Exported a report",
    "registry.import": "Imported a National Registry file",
    # Systemic review and person linkage
    "watchlist.create": "Created a watchlist",
    "watchlist.list": "Viewed the watchlists",
    "records.import": "Imported bulk conviction records",
    "records.list": "Listed the bulk conviction records",
    "review.start": "Started a systemic review",
    "review.run": "Finished a systemic review",
    "review.fail": "A systemic review failed",
    "review.retry": "Retried a systemic review",
    "review.read": "Viewed a systemic review",
    "review.decide": "Decided on a systemic-review match",
    "review.intake": "Opened an intake from a systemic-review match",
    "review.export": "Exported a systemic review",
    # The credibility registry (Brady/Giglio list)
    "credibility.list": "Viewed the credibility list",
    "credibility.official": "Viewed an official on the credibility list",
    "credibility.official_create": "Added an official to the credibility list",
    "credibility.assignment_add": "Added a posting to an official's employment history",
    "credibility.finding_add": "Added a finding to the credibility list",
    "credibility.status": "Changed a finding's list status",
    "credibility.notice": "Recorded the official's notice and response",
    "credibility.import": "Imported a credibility spreadsheet",
    "credibility.export": "Exported the credibility list",
    "credibility.alerts": "Checked cases against the credibility list",
    "credibility.alert_review": "Reviewed a credibility alert",
    "credibility.case_alerts": "Viewed a case's credibility alerts",
    "credibility.undisclosed": "Viewed the cases with undisclosed impeachment material",
    "credibility.find_convictions": "Started a review for every conviction of a listed official",
    "credibility.disclose": "Produced a disclosure letter of impeachment material",
    "link.run.start": "Started person linkage",
    "link.run": "Finished person linkage",
    "link.run.fail": "Person linkage failed",
    "link.run.read": "Viewed a person-linkage run",
    "link.review.read": "Viewed the person-linkage review queue",
    "link.group.read": "Viewed the records linked to a person",
    "link.decide": "Decided whether two records are the same person",
    # The audit log itself
    "audit.read": "Read the audit log",
    "audit.verify": "Checked the audit log's integrity",
    # Refused reads: at most one row a minute per user, counting the refusals since the last one.
    "access.refused": "Asked for something that does not exist or is not theirs to see",
}

# Writes to the case record's sections are logged as "<section>.create|update|delete".
_RECORD_VERBS = {
    "create": "Added to {section}",
    "update": "Changed an entry in {section}",
    "delete": "Deleted an entry from {section}",
}

# AuditEvent.object_type is the model's class name.
AUDIT_OBJECTS: dict[str, str] = {
    "Case": "Case",
    "User": "User account",
    "Organization": "Organization",
    "ApiToken": "API token",
    "Document": "Document",
    "ElementFlag": "Flag",
    "Mention": "Suggestion",
    "Person": "Person",
    "CasePerson": "Person on the case",
    "Party": "Party",
    "Incident": "Incident",
    "Conviction": "Conviction",
    "Charge": "Charge",
    "Sentence": "Sentence",
    "PostConvictionFiling": "Appeal or filing",
    "Claim": "Claim",
    "EvidenceItem": "Evidence item",
    "CustodyEvent": "Chain-of-custody entry",
    "Task": "Task",
    "Note": "Note",
    "Lead": "Lead",
    "FactAssertion": "Sourced fact",
    "ResolutionEvent": "Resolution event",
    "StageTransition": "Stage change",
    "ScreeningCriterion": "Screening criterion",
    "CommitteeVote": "Committee vote",
    "Recusal": "Recusal",
    "CaseShare": "Sharing",
    "CaseOutcome": "Outcome coding",
    "LetterTemplate": "Letter template",
    "CaseDeadline": "Deadline",
    "DeadlineAcknowledgement": "Deadline acknowledgement",
    "Watchlist": "Watchlist",
    "ReviewRun": "Systemic review",
    "ReviewMatch": "Systemic-review match",
    "BulkImport": "Bulk records file",
    "LinkRun": "Person-linkage run",
    "LinkDecision": "Linkage decision",
    "RegistryBatch": "National Registry file",
    "SavedCaseFilter": "Saved case-list filters",
}

# Where an event came from.
AUDIT_SOURCES = {
    "web": "Web",
    "api": "API",
    "cli": "Command line",
    "system": "Habeas itself",
}

# Detail keys in words; keys not listed are shown as their words.
_DETAIL_KEYS = {
    "view": "Shown",
    "operation": "Where",
    "asked_for": "Asked for",
    "refused": "Times refused since the last such entry",
    "filters": "Filters",
    "fields": "Fields changed",
    "changes": "Changes",
    "page": "Page",
    "format": "Format",
    "kind": "Kind",
    "sections": "Sections",
    "answers": "Answers",
    "user": "Member",
    "username": "User",
    "role": "Role",
    "organization": "Organization",
    "checked": "Rows checked",
    "ok": "Intact",
    "first_broken_seq": "First broken row",
    "sha256": "File fingerprint",
    "name": "Name",
    "replaced": "Replaced the set saved under that name",
    "flags": "Flags",
    "count": "Count",
    "rows": "Rows",
    "prefix": "Token",
    "device": "Device",
    "id": "Entry",
    "from": "From",
    "to": "To",
    "before": "Before",
    "after": "After",
    "q": "Search",
    "mine": "Only my cases",
    "sort": "Sorted by",
    "stage": "Stage",
    "vote": "Vote",
    "reason_code": "Reason",
    # Person linkage: a run and a decision about two records
    "backend": "Compared on",
    "review_pairs": "Pairs for review",
    "left": "One record",
    "right": "The other",
    "same": "The same person",
    "origin": "Decided in",
    "records_regrouped": "Records regrouped",
}
# Values of these keys are codes of a vocabulary.
_DETAIL_VOCABULARY = {
    "stage": labels.STAGE,
    "from_stage": labels.STAGE,
    "to_stage": labels.STAGE,
    "target": labels.STAGE,
    "reason_code": labels.REASON_CODE,
    "vote": labels.VOTE,
    "role": labels.ROLE,
    "action": labels.AUDIT_ACTION,
    "backend": labels.LINK_BACKEND,
    "left": labels.LINK_RECORD,
    "right": labels.LINK_RECORD,
    "origin": labels.LINK_ORIGIN,
}
# Details that only make sense to the software.
_DETAIL_HIDDEN = frozenset({"sha256", "device", "prefix", "group", "demo"})


def audit_action_words(action: str) -> str:
    known = AUDIT_ACTIONS.get(action)
    if known:
        return known
    section, _, verb = action.rpartition(".")
    if verb in _RECORD_VERBS and section:
        return _RECORD_VERBS[verb].format(section=label(labels.RECORD_KIND, section).lower())
    return code_words(action)


def _value_words(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "none"
    if isinstance(value, Mapping):
        return "; ".join(filter(None, (_pair(k, v) for k, v in value.items())))
    if isinstance(value, list | tuple):
        if len(value) == 2 and key in ("changes", "") and not isinstance(value[0], list | dict):
            return f"{_value_words('', value[0])} → {_value_words('', value[1])}"
        return words_join(_value_words(key, v) for v in value)
    if isinstance(value, int | float):
        return number(value)
    text = str(value)
    if key == "view":
        return _view_words(text)
    if key == "operation":  # a route's name ("cases:detail", "api:case_detail") or a command
        where, _, what = text.partition(":")
        if where == "api" and what:
            return f"the API ({code_words(what).lower()})"
        return code_words(text).lower()
    vocabulary = _DETAIL_VOCABULARY.get(key)
    if vocabulary:
        return label(vocabulary, text)
    if key in ("fields", "sections") or (text.islower() and " " not in text and "_" in text):
        return code_words(text).lower()
    return text


def _view_words(view: str) -> str:
    """Where a read was made: "tab:flags" -> "the Flags tab", "api:team" -> "API (team)"."""
    where, _, what = view.partition(":")
    what_words = code_words(what).lower()
    if where == "tab":
        return f"the {what_words} tab"
    if where in ("api", "cli"):
        name = "the API" if where == "api" else "the command line"
        return f"{name} ({what_words})" if what else name
    return code_words(view).lower()


def _pair(key: str, value: object) -> str:
    if key in _DETAIL_HIDDEN:
        return ""
    if key == "changes" and isinstance(value, Mapping):
        return "; ".join(
            f"{code_words(field)}: {_value_words('changes', change)}"
            for field, change in value.items()
        )
    return f"{_DETAIL_KEYS.get(key, code_words(key))}: {_value_words(key, value)}"


def audit_detail_words(detail: Mapping[str, object] | None) -> str:
    """``{"view": "list", "page": 2}`` -> "Shown: list; Page: 2"."""
    if not detail:
        return ""
    return "; ".join(filter(None, (_pair(k, v) for k, v in detail.items())))


@dataclass(frozen=True)
class AuditLine:
    """One event as the audit page shows it."""

    event: AuditEvent
    who: str
    what: str
    object: str
    source: str
    detail: str

    @property
    def at(self) -> dt.datetime:
        return self.event.at


def audit_lines(events: Iterable[AuditEvent], names: Mapping[str, str]) -> list[AuditLine]:
    """The events in words; ``names`` maps usernames to people's names."""
    return [
        AuditLine(
            event=e,
            who=names.get(e.username, "") or ("Habeas itself" if not e.username else e.username),
            what=audit_action_words(e.action),
            object=AUDIT_OBJECTS.get(e.object_type, code_words(e.object_type)),
            source=AUDIT_SOURCES.get(e.source, code_words(e.source)),
            detail=audit_detail_words(e.detail),
        )
        for e in events
    ]


def audit_words_install() -> None:
    labels.labels_register(labels.AUDIT_ACTION, AUDIT_ACTIONS)
    labels.label_resolver_register(labels.AUDIT_ACTION, audit_action_words)
    labels.labels_register(labels.AUDIT_OBJECT, AUDIT_OBJECTS)
