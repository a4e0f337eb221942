"""One vocabulary for everything shown to people: every stored code (a stage, a role, a reason, a
fact name, an audit action ...) is turned into words here, and numbers, money and research notes
are written the same way on every page, PDF and e-mail.

The apps register their vocabularies in their ``AppConfig.ready`` (``labels_register``), so core
imports no app; the domain's own vocabularies (stages, reasons, NRE factors and tags) are
registered by ``domain_labels_install`` below. Pages use the template filters in
``core/templatetags/labels.py`` (``{{ case.stage|label:"stage" }}``, ``{{ amount|money }}``),
Python code uses ``label`` and ``labels_join``.

A code nobody registered is still shown as words (``forensic_analyst`` -> "Forensic analyst"), and
the screen-language test (tests/core/test_screen_language.py) catches what slips through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation

from habeas.domain.nre.schema import FACTORS, OM_TAGS, TAGS
from habeas.domain.workflow import ACCEPT_REASON_CODES, DECLINE_REASON_CODES, Answer, Stage, Vote

# The vocabularies. Apps may add their own kinds; these are the shared ones.
STAGE = "stage"
REASON_CODE = "reason_code"
VOTE = "vote"
ANSWER = "answer"
ROLE = "role"  # a user's role in Habeas
PERSON_ROLE = "person_role"  # a person's role in a case (detective, eyewitness ...)
PARTY_KIND = "party_kind"
CUSTODY = "custody"
FACT = "fact"  # names of sourced facts (arrest_date ...)
RECORD_KIND = "record_kind"  # sections of the case record (evidence, custody-events ...)
RESOLUTION = "resolution"
OUTCOME_EVENT = "outcome_event"
NRE_FACTOR = "nre_factor"
NRE_TAG = "nre_tag"
NRE_OM_TAG = "nre_om_tag"
AUDIT_ACTION = "audit_action"
AUDIT_OBJECT = "audit_object"
DOCUMENT_STATUS = "document_status"
DOCUMENT_TYPE = "document_type"
FLAG_CATEGORY = "flag_category"
FLAG_CONTEXT = "flag_context"
MENTION_KIND = "mention_kind"
LINK_SOURCE = "link_source"
LINK_FIELD = "link_field"
LINK_RECORD = "link_record"  # a linked record's key (p12, bd:…) -> the record in words
LINK_ORIGIN = "link_origin"  # where a linkage decision was made
LINK_BACKEND = "link_backend"  # where a linkage run compared the records
WATCH_FIELD = "watch_field"
DEADLINE_STATUS = "deadline_status"

Resolver = Callable[[str], str | None]

_labels: dict[str, dict[str, str]] = {}
_resolvers: dict[str, list[Resolver]] = {}


def labels_register(kind: str, labels: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Add (or reword) codes of one vocabulary. Django ``choices`` can be passed as they are."""
    items = labels.items() if isinstance(labels, Mapping) else labels
    _labels.setdefault(kind, {}).update((str(code), str(text)) for code, text in items)


def label_resolver_register(kind: str, resolver: Resolver) -> None:
    """A vocabulary whose words are not known in advance (e.g. an organization's own checklist):
    asked when no registered label matches; returns None when it does not know the code."""
    if resolver not in _resolvers.setdefault(kind, []):
        _resolvers[kind].append(resolver)


def code_words(code: str) -> str:
    """A code nobody registered, as words: ``forensic_analyst`` -> "Forensic analyst"."""
    words = re.sub(r"[_\-.:]+", " ", code).strip()
    return words[:1].upper() + words[1:] if words else ""


def label(kind: str, code: object, default: str | None = None) -> str:
    """The words for ``code`` in vocabulary ``kind`` ("" for an empty code)."""
    if code is None or code == "":
        return ""
    key = str(code)
    known = _labels.get(kind, {}).get(key)
    if known is not None:
        return known
    for resolver in _resolvers.get(kind, ()):
        found = resolver(key)
        if found:
            return found
    return default if default is not None else code_words(key)


def label_choices(kind: str) -> list[tuple[str, str]]:
    """(code, words) of a vocabulary in registration order, e.g. for a select."""
    return list(_labels.get(kind, {}).items())


def words_join(words: Iterable[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def labels_join(kind: str, codes: Iterable[object], conjunction: str = "and") -> str:
    return words_join((label(kind, c) for c in codes), conjunction)


# --- Numbers and money ------------------------------------------------------------------------


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def number(value: object, places: int | None = None) -> str:
    """Thousands separators: 3090 -> "3,090"; ``places`` fixes the decimals."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    if places is None:
        exponent = amount.normalize().as_tuple().exponent
        places = 0 if not isinstance(exponent, int) or exponent >= 0 else min(2, -exponent)
    return f"{amount:,.{places}f}"


def percent(value: object) -> str:
    """A probability as a percentage a person reads: 0.93 -> "93%". Never "100%" or "0%" for what
    is not certain: 0.996 -> "over 99%", 0.004 -> "under 1%"."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    share = amount * 100
    if 99 < share < 100:
        return "over 99%"
    if 0 < share < 1:
        return "under 1%"
    return f"{share:.0f}%"


def money(value: object) -> str:
    """US dollars with cents and separators: 4264120 -> "$4,264,120.00"."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


# --- Research notes and verification, in words -------------------------------------------------

# What a "not yet checked" status means, by what was not checked.
VERIFICATION_NOTES = {
    "statute": "Statute text not yet checked against the official code.",
    "rule": "The research behind this rule has not yet been checked against its sources.",
    "deadline": "This deadline's rule has not yet been checked against the statute or court rule.",
}

# Internal research bookkeeping that may trail a citation in the data files: references to the
# project's notes file and its section numbers, and the [V]/[U]/[S] markers.
_NOTES_REFERENCE = re.compile(
    r"\s*\(?(?:see\s+)?(?:shared/domain/)?facts\.md(?:\s*(?:§|sections?|section)\s*[\d.,\s\-–and§]+)?"
    r"(?:\s*\[[VUS]\])?\)?[.;,]?",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\s*\[(?:[VUS]|secondary|verified)\]")
_BRACKETED_UNVERIFIED = re.compile(r"\s*\[[^\]]*unverified[^\]]*\]")
_UNVERIFIED_WORD = re.compile(r"\s*-?\s*\(?\bUNVERIFIED\b\)?:?")
_UNVERIFIED = re.compile(r"\b(?:is |are )?unverified\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain_source(text: object) -> str:
    """A source citation as a lawyer reads it: the statute, report or court, without the project's
    research bookkeeping (notes file, section numbers, verification markers)."""
    if not text:
        return ""
    cleaned = _NOTES_REFERENCE.sub("", str(text))
    cleaned = _MARKER.sub("", cleaned)
    cleaned = _BRACKETED_UNVERIFIED.sub(" (not yet checked)", cleaned)
    cleaned = _UNVERIFIED_WORD.sub(" (not yet checked)", cleaned)
    cleaned = _UNVERIFIED.sub(
        lambda m: "is not yet checked" if m.group(0).startswith("is") else "not yet checked",
        cleaned,
    )
    cleaned = re.sub(r"\s{2,}", " ", cleaned)
    cleaned = re.sub(r"\(\s*\(not yet checked\)\s*\)", "(not yet checked)", cleaned)
    cleaned = re.sub(r"\s+([.,;:)])", r"\1", cleaned)
    cleaned = re.sub(r"([.;,])(?:\s*[.;,])+", r"\1", cleaned)
    cleaned = re.sub(r"\s+(?:and|or)$", "", cleaned.strip(" ;,"))
    return cleaned


def plain_note(text: object, kind: str = "") -> str:
    """A note from the data files: ``plain_source``, and codes of vocabulary ``kind`` written in
    it (``release_from_custody on 2021-10-19``) as their words."""
    cleaned = plain_source(text)
    return _SNAKE.sub(lambda m: label(kind, m.group(0)), cleaned) if kind else cleaned


def verification_note(status: object, subject: str = "rule") -> str:
    """The plain-language note for a verification status ("" when it was checked)."""
    if str(status or "").lower() in ("unverified", "u", "false", "no"):
        return VERIFICATION_NOTES.get(subject, VERIFICATION_NOTES["rule"])
    return ""


# --- The domain's vocabularies ------------------------------------------------------------------

STAGE_LABELS = {s.value: s.label for s in Stage}
VOTE_LABELS = {
    Vote.SUPPORT_RELIEF.value: "Support relief",
    Vote.DENY_RELIEF.value: "Deny relief",
    Vote.ABSTAIN.value: "Abstain",
}
ANSWER_LABELS = {Answer.YES.value: "Yes", Answer.NO.value: "No", Answer.UNKNOWN.value: "Not known"}


def nre_name(kind: str, code: object) -> str:
    """A Registry code with its name: "Mistaken witness identification (NRE: MWID)"."""
    words = label(kind, code)
    return f"{words} (NRE: {code})" if words and words != str(code) else words


def domain_labels_install() -> None:
    labels_register(STAGE, STAGE_LABELS)
    labels_register(REASON_CODE, {**ACCEPT_REASON_CODES, **DECLINE_REASON_CODES})
    labels_register(VOTE, VOTE_LABELS)
    labels_register(ANSWER, ANSWER_LABELS)
    labels_register(NRE_FACTOR, FACTORS)
    labels_register(NRE_TAG, TAGS)
    labels_register(NRE_OM_TAG, OM_TAGS)
