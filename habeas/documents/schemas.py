"""API shapes for documents, pages, search, element flags, suggestions and the timeline."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from habeas.core.api import Body, Flag, IsoDate, UtcDateTime
from habeas.documents.models import Document, DocumentStatus, DocumentType, Verdict
from habeas.domain.flags import engine_fingerprint


class DocumentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    sha256: str
    size: int
    kind: str
    doc_type: str
    doc_date: dt.date | None
    status: str = Field(description=f"One of: {', '.join(DocumentStatus.values)}")
    error: str = Field(description="Why processing failed (status failed)")
    attempts: int
    page_count: int
    ocr_page_count: int
    created_at: UtcDateTime
    processed_at: UtcDateTime | None = Field(description="When processing last ended")
    flags_current: bool = Field(
        description="Whether the current version of the flag rules flagged this document's pages "
        "(false: flagged by an earlier version, or not read yet; POST /cases/{ref}/flags/refresh "
        "flags the read ones again)"
    )

    @staticmethod
    def resolve_processed_at(document: Document) -> dt.datetime | None:
        return document.finished_at

    @staticmethod
    def resolve_flags_current(document: Document) -> bool:
        return document.flags_engine == engine_fingerprint()


class FlagsRefreshOut(Schema):
    documents_read: int = Field(description="Documents an earlier version of the rules had flagged")
    documents_changed: int
    added: int = Field(description="Passages the rules now flag")
    updated: int = Field(
        description="Same passage and element: the rule's words brought up to date"
    )
    removed: int = Field(description="No longer raised and never reviewed: removed")
    kept: int = Field(description="No longer raised, but a reviewer ruled on it: kept as it was")
    failed: list[str] = Field(
        description="Documents whose flags could not be reconciled: left as they were; try again"
    )


class IngestOut(Schema):
    name: str
    created: bool = Field(
        description="False when the same bytes were already in this case (nothing changed)"
    )
    error: str
    document: DocumentOut | None


class DocumentPatch(Body):
    doc_type: Literal[tuple(DocumentType.values)] = Field(description="What the document is")  # type: ignore[valid-type]
    doc_date: IsoDate | None = None


class PageOut(Schema):
    document_id: int
    number: int
    text: str
    ocr: bool
    ocr_confidence: float | None
    blank: bool  # no ink on the page image: no text, not read by OCR


class SearchQuery(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=1000,
        description=(
            'Words (all must match), "exact phrases", AND / OR / NOT, -word, (groups), prefix*, fuzzy~ or fuzzy~2'
        ),
    )
    case: str = Field("", max_length=40, description="Only this case (reference)")
    doc_type: list[str] = Field(default_factory=list, description="Only these document types")
    stage: str = Field("", max_length=20, description="Only cases in this review stage")
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    page: int = Field(1, ge=1, le=500)
    page_size: int = Field(20, ge=1, le=100)


class SearchHitOut(Schema):
    case_ref: str
    document_id: int
    document_name: str
    doc_type: str
    page_number: int
    score: float
    snippet_html: str = Field(description="HTML-escaped text with <b> around the matched terms")


class SearchOut(Schema):
    total: int = Field(description="Pages matching, among the cases you may see")
    page: int
    page_size: int
    results: list[SearchHitOut]


class FlagOut(Schema):
    id: int
    category: str
    rule_id: str
    title: str
    document_id: int
    document_name: str
    page_number: int
    passage: str
    start: int
    end: int
    matched: str
    confidence: float
    context: str = Field(description="affirmed, negated, hypothetical, citation or rejected_claim")
    reason: str
    source: str
    verification: str
    tier: str
    authority: str
    nre: list[str]
    verdict: str
    verdict_note: str
    verdict_by: str
    verdict_at: UtcDateTime | None


class VerdictIn(Body):
    verdict: Literal[tuple(Verdict.values)]  # type: ignore[valid-type]
    note: str = Field("", max_length=2000)


class MentionOut(Schema):
    id: int
    kind: str
    text: str
    value: str
    role: str
    badge: str
    agency: str
    document_id: int
    page_number: int
    confidence: float
    context: str
    status: str
    case_person_id: int | None
    label: str


class SuggestionDecisionIn(Body):
    confirm: Flag
    role: str = Field("", max_length=30, description="For a person: their role on the case")
    person_id: int | None = Field(
        None, description="For a person: link to this existing person instead of matching by name"
    )
    label: str = Field("", max_length=300, description="For a date: the timeline label")
    value: str = Field("", max_length=30, description="For a date: a corrected YYYY-MM-DD")


class TimelineOut(Schema):
    on: dt.date
    label: str
    source: str
    document_id: int | None
    page_number: int | None
