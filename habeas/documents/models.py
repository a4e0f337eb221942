"""Case documents, their pages, and what was found in them (element flags, extraction suggestions).

The database is the source of truth: the full-text index (tantivy) is rebuilt from ``Page`` rows by
``habeas reindex``. File bytes live in a content-addressed store (``storage.py``), named by SHA-256.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models

from habeas.cases.models import Case, CasePerson
from habeas.core.jobs import Job


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    EXTRACTING = "extracting", "Extracting text"
    OCR = "ocr", "OCR"
    INDEXING = "indexing", "Indexing"
    INDEXED = "indexed", "Indexed"
    NEEDS_ATTENTION = "attention", "Needs attention"  # processed, but e.g. no text on any page
    FAILED = "failed", "Failed"


IN_PROGRESS = (
    DocumentStatus.QUEUED,
    DocumentStatus.EXTRACTING,
    DocumentStatus.OCR,
    DocumentStatus.INDEXING,
)
# Documents whose pages are stored and final (a queued or running job writes its own flags).
READ_STATUSES = (DocumentStatus.INDEXED, DocumentStatus.NEEDS_ATTENTION)


class DocumentType(models.TextChoices):
    """What the reviewer says the document is (searchable filter); files start as "unclassified"."""

    UNCLASSIFIED = "unclassified", "Unclassified"
    POLICE_REPORT = "police_report", "Police report"
    TRANSCRIPT = "transcript", "Transcript"
    LAB_REPORT = "lab_report", "Lab report"
    COURT_FILING = "court_filing", "Court filing / opinion"
    CORRESPONDENCE = "correspondence", "Correspondence"
    INTERVIEW = "interview", "Interview notes"
    OTHER = "other", "Other"


class Document(Job):
    """A case file and its processing (a background job: queued, then extracting, OCR and indexing,
    then indexed, needing attention, or failed with the reason)."""

    QUEUED_STATUSES = frozenset({DocumentStatus.QUEUED})
    RUNNING_STATUSES = frozenset(
        {DocumentStatus.EXTRACTING, DocumentStatus.OCR, DocumentStatus.INDEXING}
    )
    FAILED_STATUSES = frozenset({DocumentStatus.FAILED})
    QUEUED_STATUS = DocumentStatus.QUEUED
    RUNNING_STATUS = DocumentStatus.EXTRACTING
    STALE_AFTER = timedelta(minutes=30)
    FAIR_SHARE = ("case__organization", "case")

    @classmethod
    def status_also(cls, now: datetime) -> dict[str, Any]:
        return {"status_changed_at": now}

    @property
    def can_retry(self) -> bool:
        return (
            self.status in (DocumentStatus.FAILED, DocumentStatus.NEEDS_ATTENTION)
            or self.is_stale()
        )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    # A zip member or an e-mail attachment points at the archive or message it came from.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(
        max_length=500, help_text="File name, with the archive path for members"
    )
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    kind = models.CharField(max_length=10, help_text="pdf, image, docx, text, email, zip")
    doc_type = models.CharField(
        max_length=20, choices=DocumentType.choices, default=DocumentType.UNCLASSIFIED
    )
    doc_date = models.DateField(
        null=True, blank=True, help_text="Date the document bears (report date)"
    )
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    page_count = models.PositiveIntegerField(default=0)
    ocr_page_count = models.PositiveIntegerField(default=0)
    text_encoding = models.CharField(
        max_length=40, blank=True, help_text="Encoding a text file was read in, as detected"
    )
    flags_engine = models.CharField(
        max_length=16,
        blank=True,
        help_text="Digest of the flag engine and rules that flagged the pages (empty: none yet)",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # Re-ingesting the same bytes into the same case changes nothing.
            models.UniqueConstraint(fields=["case", "sha256"], name="unique_document_per_case"),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["sha256"]),
            models.Index(fields=["claimed_at"]),  # who was served last (fair claiming)
        ]

    def __str__(self) -> str:
        return self.name


class Page(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    ocr = models.BooleanField(default=False)
    ocr_confidence = models.FloatField(null=True, blank=True)
    blank = models.BooleanField(
        default=False, help_text="No ink on the page image: stored with no text, not read by OCR"
    )

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_page_number")
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"


class Verdict(models.TextChoices):
    PENDING = "pending", "Not reviewed"
    CONFIRMED = "confirmed", "Confirmed"
    NOT_APPLICABLE = "not_applicable", "Does not apply"
    NEEDS_MORE = "needs_more", "Needs more"


class ElementFlag(models.Model):
    """One element (a discredited method, an informant, ...) in one passage; never a score."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="flags")
    rule_id = models.CharField(max_length=80)
    category = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    passage = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    matched = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField()
    context = models.CharField(max_length=20)
    cue = models.CharField(max_length=100, blank=True)
    reason = models.TextField()
    source = models.TextField(blank=True)
    verification = models.CharField(max_length=20, blank=True)
    tier = models.CharField(max_length=30, blank=True)
    authority = models.TextField(blank=True)
    nre = models.JSONField(default=list)
    # One flag per element and passage: every rule that hit it (``rule_id`` first) and the cues a
    # rule required near its trigger.
    rule_ids = models.JSONField(default=list)
    cues = models.JSONField(default=list)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_note = models.TextField(blank=True, max_length=2000)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verdict_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category", "page__document__name", "page__number", "start", "rule_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "rule_id", "start"], name="unique_flag_per_passage"
            )
        ]
        indexes = [models.Index(fields=["case", "category"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.page})"


class MentionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class Mention(models.Model):
    """A suggestion extracted from a page (person, date, docket or report number, citation, method)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mentions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=300)
    value = models.CharField(max_length=300)
    role = models.CharField(max_length=30, blank=True)
    badge = models.CharField(max_length=30, blank=True)
    agency = models.CharField(max_length=150, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    confidence = models.FloatField()
    context = models.CharField(max_length=400, blank=True)
    status = models.CharField(
        max_length=12, choices=MentionStatus.choices, default=MentionStatus.SUGGESTED
    )
    # Filled when confirmed: the person on the case it was linked to, or the timeline label of a date.
    case_person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    label = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "page__document__name", "page__number", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "start"], name="unique_mention_per_offset"
            )
        ]
        indexes = [models.Index(fields=["case", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"
