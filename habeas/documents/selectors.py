"""Reads of case documents. Every one starts from ``case_get`` / ``case_queryset`` (the single
permission check); search narrows to the user's cases INSIDE the index query. No side effects: the
page, API call or command that shows the result writes its audit row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, QuerySet

from habeas.accounts.models import User
from habeas.cases.models import Case, CasePerson, Party
from habeas.cases.selectors import case_get, case_queryset
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.documents.models import (
    IN_PROGRESS,
    READ_STATUSES,
    Document,
    DocumentStatus,
    ElementFlag,
    Mention,
    MentionStatus,
    Page,
)
from habeas.documents.page_index import page_index
from habeas.documents.storage import BlobStore
from habeas.domain.flags import engine_fingerprint
from habeas.domain.names import name_parse
from habeas.domain.search import PageHit, QuerySyntaxError, SearchFilters


def document_list(*, user: User, case_ref: str) -> tuple[Case, QuerySet[Document]]:
    case = case_get(user=user, ref=case_ref)
    docs = (
        Document.objects.filter(case=case)
        .annotate(
            flag_count=Count("pages__flags", distinct=True),
        )
        .order_by("parent_id", "name", "id")
    )
    return case, docs


def document_get(*, user: User, case_ref: str, document_id: int) -> tuple[Case, Document]:
    case = case_get(user=user, ref=case_ref)
    document = (
        Document.objects.filter(case=case, pk=document_id)
        .select_related("uploaded_by", "parent")
        .first()
    )
    if document is None:
        raise NotFoundError("No such document on this case.", kind="document")
    return case, document


def document_file(*, user: User, case_ref: str, document_id: int) -> tuple[Document, Path]:
    """The stored bytes of a document (for a download, or a page image)."""
    _, document = document_get(user=user, case_ref=case_ref, document_id=document_id)
    path = BlobStore(Path(settings.HABEAS_BLOB_DIR)).path_of(document.sha256)
    if not path.is_file():
        raise NotFoundError(
            "The stored file is missing; an administrator should run `habeas documents verify`."
        )
    return document, path


def page_get(
    *, user: User, case_ref: str, document_id: int, number: int
) -> tuple[Case, Document, Page]:
    case, document = document_get(user=user, case_ref=case_ref, document_id=document_id)
    page = Page.objects.filter(document=document, number=number).first()
    if page is None:
        raise NotFoundError(f"This document has no page {number}.")
    return case, document, page


@dataclass(frozen=True)
class SearchRequest:
    query: str
    case_ref: str = ""
    doc_types: frozenset[str] = frozenset()
    stage: str = ""
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class SearchHitRow:
    hit: PageHit
    case: Case
    document: Document


@dataclass
class SearchResponse:
    total: int
    hits: list[SearchHitRow] = field(default_factory=list)


def page_search(*, user: User, request: SearchRequest) -> SearchResponse:
    """Pages matching the query among the cases this user may see now (and the filters).

    The allowed case ids go into the index query itself, so totals and the top k never include, or
    let anyone infer, pages of other cases. The interface logs the search (``search_detail``).
    """
    query = request.query.strip()
    if not query:
        raise ApplicationError("Enter something to search for.", {"q": ["This field is required."]})
    if len(query) > 1000:
        raise ApplicationError("The query is too long.", {"q": ["At most 1,000 characters."]})
    cases = case_queryset(user)
    if request.case_ref:
        cases = cases.filter(ref=request.case_ref)
    if request.stage:
        cases = cases.filter(stage=request.stage)
    case_ids = set(cases.values_list("pk", flat=True))
    filters = SearchFilters(
        doc_types=request.doc_types, date_from=request.date_from, date_to=request.date_to
    )
    index = page_index()
    try:
        result = index.search(
            query, case_ids=case_ids, filters=filters, limit=request.limit, offset=request.offset
        )
    except QuerySyntaxError as exc:
        raise ApplicationError(f"The query could not be read: {exc}", {"q": [str(exc)]}) from exc
    documents = Document.objects.in_bulk({h.document_id for h in result.hits})
    case_rows = Case.objects.in_bulk({h.case_id for h in result.hits})
    rows = [
        SearchHitRow(hit, case_rows[hit.case_id], documents[hit.document_id])
        for hit in result.hits
        # The index can lag a deletion by a moment; never show a hit whose rows are gone.
        if hit.case_id in case_ids and hit.document_id in documents and hit.case_id in case_rows
    ]
    return SearchResponse(total=result.total, hits=rows)


def search_detail(request: SearchRequest, response: SearchResponse) -> dict[str, object]:
    """What the audit row of a search records: the query, its filters and how many pages matched."""
    return {
        "q": request.query.strip(),
        "case": request.case_ref,
        "doc_types": sorted(request.doc_types),
        "stage": request.stage,
        "total": response.total,
    }


def flag_list(
    *, user: User, case_ref: str, category: str = "", verdict: str = ""
) -> tuple[Case, QuerySet[ElementFlag]]:
    case = case_get(user=user, ref=case_ref)
    flags = ElementFlag.objects.filter(case=case).select_related("page__document", "verdict_by")
    if category:
        flags = flags.filter(category=category)
    if verdict:
        flags = flags.filter(verdict=verdict)
    return case, flags


def mention_list(
    *, user: User, case_ref: str, kind: str = "", status: str = ""
) -> tuple[Case, QuerySet[Mention]]:
    case = case_get(user=user, ref=case_ref)
    mentions = Mention.objects.filter(case=case).select_related(
        "page__document", "case_person__person", "decided_by"
    )
    if kind:
        mentions = mentions.filter(kind=kind)
    if status:
        mentions = mentions.filter(status=status)
    return case, mentions


# For a case already fetched through ``case_get`` (its tabs, the ingest command):


def case_documents(case: Case) -> QuerySet[Document]:
    return Document.objects.filter(case=case).order_by("parent_id", "name", "id")


def case_documents_in_progress(case: Case) -> QuerySet[Document]:
    return Document.objects.filter(case=case, status__in=IN_PROGRESS)


def case_documents_queued(case: Case, *, limit: int) -> list[int]:
    return list(
        Document.objects.filter(case=case, status=DocumentStatus.QUEUED).values_list(
            "pk", flat=True
        )[:limit]
    )


def case_flags(case: Case) -> QuerySet[ElementFlag]:
    return ElementFlag.objects.filter(case=case).select_related("page__document", "verdict_by")


@dataclass(frozen=True)
class FlagsFreshness:
    indexed: int  # documents read and indexed
    flagged_earlier: list[str]  # names of read documents an earlier flag engine or rules flagged


def flags_freshness(case: Case) -> FlagsFreshness:
    """How many of the case's documents are read, and which of the read ones were flagged by an
    earlier version of the flag engine or rules (flagging them again brings them up to date):
    one query."""
    rows = (
        Document.objects.filter(case=case, status__in=READ_STATUSES)
        .order_by("name")
        .values_list("name", "status", "flags_engine")
    )
    current = engine_fingerprint()
    read = list(rows)
    return FlagsFreshness(
        indexed=sum(1 for _, status, _ in read if status == DocumentStatus.INDEXED),
        flagged_earlier=[name for name, _, engine in read if engine != current],
    )


def case_mentions(case: Case) -> QuerySet[Mention]:
    return Mention.objects.filter(case=case).select_related(
        "page__document", "case_person__person", "decided_by"
    )


def _suggestion_key(m: Mention) -> tuple[str, str, str]:
    return (m.kind, " ".join(m.value.lower().split()), m.badge.strip().lower())


@dataclass
class SuggestionGroup:
    """One thing the documents suggest (a person, a date, a report number ...), with every place it
    was found: deciding the group decides them all, so a name found on ten pages is one decision."""

    kind: str
    mentions: list[Mention]
    on_case: list[CasePerson] = field(
        default_factory=list
    )  # people already on the case by that name
    # The applicant's own name: a police title the finder put beside it belongs to someone else.
    is_applicant: bool = False

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def ids(self) -> str:
        return ",".join(str(m.pk) for m in self.mentions)

    @property
    def documents(self) -> int:
        return len({m.page.document_id for m in self.mentions})


def suggestion_groups(case: Case) -> list[tuple[str, list[SuggestionGroup]]]:
    """The case's open suggestions grouped by kind and by what they found (the same name and badge,
    the same date), across documents; people already on the case under that name are named with
    their group, which is listed after the new ones."""
    groups: dict[tuple[str, str, str], SuggestionGroup] = {}
    for m in case_mentions(case).filter(status=MentionStatus.SUGGESTED):
        groups.setdefault(_suggestion_key(m), SuggestionGroup(m.kind, [])).mentions.append(m)
    people: dict[str, list[CasePerson]] = {}
    for cp in CasePerson.objects.filter(case=case).select_related("person"):
        name = " ".join(f"{cp.person.first_name} {cp.person.last_name}".lower().split())
        people.setdefault(name, []).append(cp)
    applicant = _applicant_keys(case)
    by_kind: dict[str, list[SuggestionGroup]] = {}
    for (kind, value, _badge), group in groups.items():
        if kind == "person":
            group.on_case = people.get(value, [])
            group.is_applicant = _first_last(value) in applicant
        by_kind.setdefault(kind, []).append(group)
    for found in by_kind.values():
        found.sort(
            key=lambda g: (
                bool(g.on_case) or g.is_applicant,
                -len(g.mentions),
                g.first.value.lower(),
            )
        )
    return sorted(by_kind.items())


def _first_last(name: str) -> tuple[str, tuple[str, ...]] | None:
    """ "Marcus D. Hale", "Hale, Marcus", "Det. Marcus Hale" -> ("marcus", ("hale",)), by the shared
    name normaliser (titles, particles, accents); None without both a first name and a surname."""
    parsed = name_parse(name)
    return (parsed.first, parsed.surname) if parsed.first and parsed.surname else None


def _applicant_keys(case: Case) -> set[tuple[str, tuple[str, ...]]]:
    names = [case.applicant_name] + [
        p.full_name() for p in Party.objects.filter(case=case, kind=Party.Kind.APPLICANT)
    ]
    return {key for key in map(_first_last, names) if key is not None}


@dataclass
class ElementCard:
    """One element of a case (e.g. a jailhouse informant) with every passage that raises it."""

    category: str
    label: str
    passages: list[ElementFlag] = field(default_factory=list)
    rules: dict[str, ElementFlag] = field(default_factory=dict)  # one flag per rule, for its reason

    @property
    def about_this_case(self) -> int:
        """Passages that state the element of this case and that no reviewer set aside."""
        return sum(
            1 for f in self.passages if f.context == "affirmed" and f.verdict != "not_applicable"
        )

    def in_document(self, name: str) -> int:
        return sum(1 for f in self.passages if f.page.document.name == name)

    @property
    def reviewed(self) -> int:
        return sum(1 for f in self.passages if f.verdict != "pending")


def flag_grid(
    cards: Sequence[ElementCard],
) -> tuple[list[str], list[tuple[ElementCard, list[int]]]]:
    """The Flags tab's summary: the documents that raised anything, and per element its passages
    in each of them (the categories × documents grid)."""
    documents = sorted({f.page.document.name for card in cards for f in card.passages})
    return documents, [(card, [card.in_document(d) for d in documents]) for card in cards]


def flag_cards(case: Case, labels: dict[str, str]) -> list[ElementCard]:
    """The case's flags as one card per element, the elements in ``labels`` order, each card's
    passages with the ones stated about this case first."""
    cards: dict[str, ElementCard] = {}
    for flag in case_flags(case):
        card = cards.setdefault(
            flag.category, ElementCard(flag.category, labels.get(flag.category, flag.category))
        )
        card.passages.append(flag)
        for rule_id in flag.rule_ids or [flag.rule_id]:
            card.rules.setdefault(rule_id, flag)
    order = list(labels)
    for card in cards.values():
        card.passages.sort(
            key=lambda f: (f.context != "affirmed", f.page.document.name, f.page.number, f.start)
        )
    return sorted(
        cards.values(),
        key=lambda c: (order.index(c.category) if c.category in order else len(order), c.category),
    )


def flag_shown(flag: ElementFlag) -> ElementFlag:
    """A flag a service just changed, with what its answer shows (page, document, who decided)."""
    return ElementFlag.objects.select_related("page__document", "verdict_by").get(pk=flag.pk)


def mention_shown(mention: Mention) -> Mention:
    return Mention.objects.select_related("page").get(pk=mention.pk)


def document_status_counts(case: Case) -> dict[str, int]:
    rows = Document.objects.filter(case=case).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}
