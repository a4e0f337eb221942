"""Person linkage in words (registered by LinkageConfig.ready): where each record comes from, how a
run's records are counted, and one phrase per record, so no page shows a record's key (``p12``,
``bd:5510edec767b:2076``; see ``sources``) or the engine a run used."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from habeas.core import labels
from habeas.core.labels import number
from habeas.linkage.models import LinkDecision, LinkRecord, RecordSource

LINK_ROLE = "link_role"
LINK_PARTY = "link_party"
LINK_BULK_FIELD = "link_bulk_field"

# How a run's count of each kind of record is said (one, several), in the order pages list them.
SOURCE_COUNTS: dict[str, tuple[str, str]] = {
    RecordSource.PERSON.value: ("person", "people"),
    RecordSource.ALIAS.value: ("alias", "aliases"),
    RecordSource.MENTION.value: ("name confirmed in a document", "names confirmed in documents"),
    RecordSource.PARTY.value: ("applicant or co-defendant", "applicants and co-defendants"),
    RecordSource.BULK_DEFENDANT.value: ("defendant in bulk records", "defendants in bulk records"),
    RecordSource.BULK_ACTOR.value: (
        "officer, analyst or witness named in bulk records",
        "officers, analysts and witnesses named in bulk records",
    ),
}
# Where a run compared the records (LinkRun.backend).
BACKEND_WORDS = {"duckdb": "this server", "spark": "the Spark cluster"}
# The role families records are compared by (sources.ROLE_FAMILY).
ROLE_WORDS = {
    "police": "police",
    "prosecutor": "prosecutor",
    "defense": "defense counsel",
    "judge": "judge",
    "witness": "witness",
    "informant": "informant",
    "analyst": "analyst",
    "suspect": "suspect",
    "defendant": "defendant",
}
# The bulk records' columns that name people (sources.BULK_FIELDS), as one of them.
BULK_FIELD_WORDS = {"officers": "an officer", "analysts": "an analyst", "witnesses": "a witness"}
PARTY_WORDS = {"applicant": "applicant", "co_defendant": "co-defendant"}
# The fields the model compares, as its explanations name them ("dob: within a year").
COMPARED_FIELD_WORDS = {"dob": "date of birth"}


def comparison_words(phrase: str) -> str:
    """A comparison as a person reads it: "dob: within a year" -> "date of birth: within a year"."""
    field, sep, how = phrase.partition(": ")
    return f"{labels.label(labels.LINK_FIELD, field, default=field)}{sep}{how}"


def comparisons_words(phrases: Iterable[str]) -> str:
    return "; ".join(comparison_words(p) for p in phrases)


def sources_words(by_source: Mapping[str, int]) -> str:
    """``{"person": 33, "bulk_defendant": 3000}`` -> "33 people, 3,000 defendants in bulk records"."""
    order = list(SOURCE_COUNTS) + sorted(set(by_source) - set(SOURCE_COUNTS))
    parts = []
    for source in order:
        n = int(by_source.get(source, 0))
        if n:
            one, many = SOURCE_COUNTS.get(source, (labels.label(labels.LINK_SOURCE, source),) * 2)
            parts.append(f"{number(n)} {one if n == 1 else many}")
    return ", ".join(parts)


def _rows(n: int) -> str:
    return f"{number(n)} bulk record{'s' if n != 1 else ''}"


def record_origin(record: LinkRecord, file_name: str = "") -> str:
    """Where a record comes from, without its name: "bulk court record, row 2076 of sales.csv"."""
    detail = record.detail or {}
    case = f"case {record.case.ref}" if record.case_id and record.case else "a case"
    source = record.source
    if source == RecordSource.PERSON:
        return "person record"
    if source == RecordSource.ALIAS:
        return f"alias of {detail.get('alias_of') or 'a person record'}"
    if source == RecordSource.MENTION:
        page = f", page {detail['page']}" if detail.get("page") else ""
        document = f"{detail['document']}{page}" if detail.get("document") else "a document"
        return f"name confirmed in {document} of {case}"
    if source == RecordSource.PARTY:
        kind = str(detail.get("kind", ""))
        return f"{PARTY_WORDS.get(kind, labels.label(labels.PARTY_KIND, kind).lower() or 'party')} in {case}"
    if source == RecordSource.BULK_ACTOR:
        field = BULK_FIELD_WORDS.get(str(detail.get("field", "")), "a person")
        return f"named as {field} in {_rows(int(detail.get('rows', 0)))}"
    if source == RecordSource.BULK_DEFENDANT:
        row = detail.get("row")
        where = f"row {number(row)} of " if row is not None else ""
        return f"bulk court record, {where}{file_name or 'a bulk records file'}"
    return labels.label(labels.LINK_SOURCE, source).lower()


def record_words(record: LinkRecord, file_name: str = "") -> str:
    """One record as a phrase: "Isaiah Ashworth (applicant in case LADACIU-2026-00019)"."""
    name = record.name or "someone with no name recorded"
    return f"{name} ({record_origin(record, file_name)})"


def decision_words(decision: LinkDecision, left: str, right: str) -> str:
    """A decision as a sentence, with its two records already in words."""
    verb = "is the same person as" if decision.same else "is not the same person as"
    return f"{left} {verb} {right}"


def vocabulary_install(record_key_words: Callable[[str], str | None]) -> None:
    """Register the linkage words; ``record_key_words`` (from the selectors, which import this
    module) turns a record key into words, so it is handed in by ``AppConfig.ready``."""
    labels.labels_register(labels.LINK_SOURCE, RecordSource.choices)
    labels.labels_register(labels.LINK_BACKEND, BACKEND_WORDS)
    labels.labels_register(labels.LINK_ORIGIN, LinkDecision.Origin.choices)
    labels.labels_register(LINK_ROLE, ROLE_WORDS)
    labels.labels_register(LINK_PARTY, PARTY_WORDS)
    labels.labels_register(LINK_BULK_FIELD, BULK_FIELD_WORDS)
    labels.labels_register(labels.LINK_FIELD, COMPARED_FIELD_WORDS)
    labels.label_resolver_register(labels.LINK_RECORD, record_key_words)
