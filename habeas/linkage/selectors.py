"""Reads of linkage results, always through what the user may see: records of the user's own
organization, and of those, case-side records (mentions, parties) only on cases the user may see.
Bulk records and Person records are organization-wide, as on the systemic review and people pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest

from habeas.accounts.models import User
from habeas.audit.services import audit_read
from habeas.cases.models import Person
from habeas.cases.selectors import case_queryset
from habeas.core.errors import NotFoundError
from habeas.core.labels import number, percent
from habeas.linkage.models import (
    LinkDecision,
    LinkPair,
    LinkRecord,
    LinkRun,
    PairBand,
    RecordSource,
)
from habeas.linkage.sources import person_key
from habeas.linkage.vocabulary import comparisons_words, record_words
from habeas.systemic.models import BulkImport


def records_visible(user: User) -> QuerySet[LinkRecord]:
    if user.organization_id is None:
        return LinkRecord.objects.none()
    return LinkRecord.objects.filter(organization_id=user.organization_id).filter(
        Q(case__isnull=True) | Q(case__in=case_queryset(user))
    )


def pairs_visible(user: User) -> QuerySet[LinkPair]:
    """Pairs whose two records the user may both see (a reviewer must see both sides)."""
    if user.organization_id is None:
        return LinkPair.objects.none()
    visible = case_queryset(user)
    return (
        LinkPair.objects.filter(organization_id=user.organization_id)
        .filter(Q(left__case__isnull=True) | Q(left__case__in=visible))
        .filter(Q(right__case__isnull=True) | Q(right__case__in=visible))
    )


def pairs_to_decide(*, user: User) -> QuerySet[LinkPair]:
    """Doubtful pairs (in the band a person must decide) with no decision yet, strongest first;
    pairs already grouped through other records are left out (there is nothing left to decide)."""
    decided = LinkDecision.objects.filter(
        organization_id=OuterRef("organization_id"),
        left_key=OuterRef("left__key"),
        right_key=OuterRef("right__key"),
    )
    return (
        pairs_visible(user)
        .filter(band=PairBand.REVIEW)
        .exclude(Exists(decided))
        .exclude(left__group=F("right__group"))
        .select_related("left__case", "right__case", "left__person", "right__person")
        .order_by("-probability", "id")
    )


def bulk_file_names(organization_id: int) -> dict[str, str]:
    """The organization's bulk files by fingerprint: sha256 -> the file's name."""
    return dict(
        BulkImport.objects.filter(organization_id=organization_id).values_list("sha256", "name")
    )


def records_file_names(records: Iterable[LinkRecord]) -> None:
    """Sets ``file_name`` on the bulk defendants' records: the file each row comes from."""
    bulk = [r for r in records if r.source == RecordSource.BULK_DEFENDANT]
    names: dict[int, dict[str, str]] = {}
    for r in bulk:
        if r.organization_id not in names:
            names[r.organization_id] = bulk_file_names(r.organization_id)
        r.file_name = names[r.organization_id].get(str(r.detail.get("file", "")), "")


def pairs_described(pairs: Iterable[LinkPair]) -> list[LinkPair]:
    """The pairs of one page of the queue, their records ready to be shown (``records_file_names``)."""
    shown = list(pairs)
    records_file_names([r for p in shown for r in (p.left, p.right)])
    return shown


_KEY = re.compile(
    r"^(?:p(?P<person>\d+)|a(?P<alias_of>\d+)\.\d+|m\d+|y\d+|ba:[0-9a-f]+"
    r"|bd:(?P<file>[0-9a-f]+):(?P<row>\d+))$"
)


def _key_fallback(key: str, organization_id: int | None) -> str:
    """A key whose record the last run did not keep, said from what the key itself tells."""
    match = _KEY.match(key)
    people = Person.objects.all()
    if organization_id is not None:
        people = people.filter(organization_id=organization_id)
    if match and match["person"]:
        person = people.filter(pk=int(match["person"])).first()
        return f"{person} (person record)" if person else "a person record since deleted"
    if match and match["alias_of"]:
        person = people.filter(pk=int(match["alias_of"])).first()
        return f"an alias of {person}" if person else "an alias of a person record since deleted"
    if match and match["file"]:
        name = ""
        if organization_id is not None:
            name = (
                BulkImport.objects.filter(
                    organization_id=organization_id, sha256__startswith=match["file"]
                )
                .values_list("name", flat=True)
                .first()
                or ""
            )
        return (
            f"the defendant of bulk court record, row {number(int(match['row']))} of "
            f"{name or 'a bulk records file'}"
        )
    if key.startswith("ba:"):
        return "a name in the bulk conviction records"
    return "a record that is no longer in the linkage results"


def record_keys_words(
    keys: Iterable[str], *, user: User | None = None, organization_id: int | None = None
) -> dict[str, str]:
    """Records named by their keys (in decisions, messages, the audit log), each as a phrase.

    With ``user``, only what the user may see is described; a record on a case they may not see is
    said to be one. Without it (the audit log, read by those who may read the whole organization's
    log) the records of ``organization_id``, or of any organization when that is None (keys name
    one organization's records: a Person's or a party's id, a file's fingerprint)."""
    wanted = sorted(set(keys))
    if user is not None:
        organization_id = user.organization_id
        scope = records_visible(user)
    else:
        scope = LinkRecord.objects.all()
        if organization_id is not None:
            scope = scope.filter(organization_id=organization_id)
    found = list(scope.filter(key__in=wanted).select_related("case"))
    records_file_names(found)
    words = {r.key: record_words(r, r.file_name) for r in found}
    hidden: set[str] = set()
    if user is not None and user.organization_id is not None:
        hidden = set(
            LinkRecord.objects.filter(organization_id=user.organization_id, key__in=wanted)
            .exclude(key__in=words)
            .values_list("key", flat=True)
        )
    for key in wanted:
        if key in hidden:
            words[key] = "a record on a case you may not see"
        elif key not in words:
            words[key] = _key_fallback(key, organization_id)
    return words


def record_key_words(key: str) -> str | None:
    """The label registry's resolver for record keys (the audit log's linkage decisions)."""
    if not _KEY.match(key):
        return None
    return record_keys_words([key])[key]


def link_runs(*, user: User) -> QuerySet[LinkRun]:
    if user.organization_id is None:
        return LinkRun.objects.none()
    return LinkRun.objects.filter(organization_id=user.organization_id).select_related("started_by")


def link_run_get(*, user: User, run_id: int) -> LinkRun:
    run = link_runs(user=user).filter(pk=run_id).first()
    if run is None:
        raise NotFoundError("Linkage run not found.")
    return run


@dataclass
class LinkedMember:
    record: LinkRecord
    evidence: list[str] = field(default_factory=list)  # why it is in the group, in words


@dataclass
class DecisionLine:
    """A decision about a group, its two records in words."""

    decision: LinkDecision
    left: str
    right: str


@dataclass
class PersonLinks:
    record: LinkRecord
    members: list[LinkedMember]  # the other records of the group the user may see
    hidden: int | None  # how many the user may not see (only if the organization allows saying so)
    pairs: list[LinkPair]  # the model's links inside the group (evidence)
    decisions: list[LinkDecision]  # human decisions touching the group
    decision_lines: list[DecisionLine]  # the same, in words
    review: list[LinkPair]  # undecided review pairs of this person's records
    run: LinkRun | None

    @property
    def linked_people(self) -> list[Person]:
        return [
            m.record.person
            for m in self.members
            if m.record.source == RecordSource.PERSON and m.record.person
        ]

    @property
    def bulk_rows(self) -> int:
        """Bulk conviction records naming this person (officer, analyst or witness columns)."""
        return sum(
            int(m.record.detail.get("rows", 0))
            for m in self.members
            if m.record.source == RecordSource.BULK_ACTOR
        )


def _evidence(pair: LinkPair) -> str:
    words = comparisons_words([*pair.agreed, *pair.disagreed]) or "no field compared"
    return f"{percent(pair.probability)} likely the same person ({words})"


def _structural(record: LinkRecord, whom: str) -> str:
    if record.source == RecordSource.ALIAS:
        return f"recorded on {whom} as an alias"
    where = (
        f" ({record.detail['document']}, p. {record.detail['page']})"
        if "document" in record.detail
        else ""
    )
    return f"recorded on {whom}: the name was confirmed from a document{where}"


def person_links(*, user: User, person: Person) -> PersonLinks | None:
    """The group of a Person already fetched through ``person_get`` (None before any linkage run)."""
    key = person_key(person.pk)
    visible = records_visible(user)
    record = visible.filter(key=key).first()
    run = link_runs(user=user).filter(status="done").first()
    if record is None:
        return None
    members_all = LinkRecord.objects.filter(
        organization_id=record.organization_id, group=record.group
    ).exclude(pk=record.pk)
    members = list(
        visible.filter(group=record.group)
        .exclude(pk=record.pk)
        .select_related("case", "person")
        .order_by("source", "name", "key")
    )
    pairs = list(
        LinkPair.objects.filter(
            organization_id=record.organization_id,
            band=PairBand.MERGE,
            left__group=record.group,
            right__group=record.group,
        ).select_related("left", "right")
    )
    keys = {m.key for m in members} | {key}
    by_key: dict[str, LinkedMember] = {m.key: LinkedMember(m) for m in members}
    for m in by_key.values():
        if m.record.person_id is not None and m.record.source != RecordSource.PERSON:
            m.evidence.append(
                _structural(
                    m.record,
                    "this person" if m.record.person_id == person.pk else str(m.record.person),
                )
            )
    for pair in pairs:
        for a, b in ((pair.left.key, pair.right.key), (pair.right.key, pair.left.key)):
            if a in by_key and (b == key or b in by_key):
                other = "this record" if b == key else by_key[b].record.name
                by_key[a].evidence.append(f"linked to {other}: {_evidence(pair)}")
    group_keys = [key, *by_key]
    decisions = list(
        LinkDecision.objects.filter(organization_id=record.organization_id)
        .filter(Q(left_key__in=group_keys) | Q(right_key__in=group_keys))
        .select_related("decided_by")
    )
    for d in decisions:
        for a in (d.left_key, d.right_key):
            if a in by_key and d.same:
                by_key[a].evidence.append(
                    f"joined by {d.decided_by.display_name()} on {d.decided_at:%Y-%m-%d}"
                    + (f": {d.note}" if d.note else "")
                )
    for m in by_key.values():
        if not m.evidence:
            m.evidence.append("linked through other records of the group")
    records_file_names([record, *members])
    words = {r.key: record_words(r, r.file_name) for r in (record, *members)}
    words[key] = "this person"
    unknown = {k for d in decisions for k in (d.left_key, d.right_key)} - set(words)
    words |= record_keys_words(unknown, user=user)
    decision_lines = [DecisionLine(d, words[d.left_key], words[d.right_key]) for d in decisions]
    review = list(
        pairs_to_decide(user=user).filter(Q(left__key__in=keys) | Q(right__key__in=keys))[:50]
    )
    hidden_n = members_all.count() - len(members)
    org = user.organization
    hidden = hidden_n if org is not None and org.pattern_hidden_counts else None
    return PersonLinks(
        record=record,
        members=list(by_key.values()),
        hidden=hidden,
        pairs=pairs,
        decisions=decisions,
        decision_lines=decision_lines,
        review=review,
        run=run,
    )


def linked_person_ids(person: Person) -> list[int]:
    """Person records grouped with ``person`` by the last linkage run and later decisions (itself
    included). People are organization-wide records, so no case visibility applies here."""
    group = LinkRecord.objects.filter(
        organization_id=person.organization_id, key=person_key(person.pk)
    ).values("group")
    ids = set(
        LinkRecord.objects.filter(
            organization_id=person.organization_id,
            group__in=group,
            source=RecordSource.PERSON,
            person__isnull=False,
        ).values_list("person_id", flat=True)
    )
    return sorted(ids | {person.pk})


def bulk_mentions(person: Person) -> int:
    """How many bulk conviction rows name a record grouped with ``person``."""
    group = LinkRecord.objects.filter(
        organization_id=person.organization_id, key=person_key(person.pk)
    ).values("group")
    details = LinkRecord.objects.filter(
        organization_id=person.organization_id, group__in=group, source=RecordSource.BULK_ACTOR
    ).values_list("detail", flat=True)
    return sum(int(d.get("rows", 0)) for d in details)


def group_read(
    *, user: User, person: Person, links: PersonLinks, request: HttpRequest | None = None
) -> None:
    """The audit row for showing a person's linked records (the person page, API, CLI)."""
    audit_read(
        actor=user,
        action="link.group.read",
        obj=person,
        detail={"group": links.record.group, "members": len(links.members)},
        request=request,
    )
