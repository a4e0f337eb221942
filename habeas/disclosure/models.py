"""Disclosure: redactions on case documents, Bates-numbered productions built from them, the
privilege log of what was withheld, and the append-only ledger of what went to whom.

A redaction is reviewable and reversible until a production that carried it is built; from then
on it is frozen (the produced file is what the recipient has). Bates numbers are allocated when a
production is built, per organization and prefix, and never reused (``BatesRange``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models import Case
from habeas.core.jobs import Job
from habeas.documents.models import Document
from habeas.domain.disclosure.bates import bates_label


class RedactionKind(models.TextChoices):
    BOX = "box", "Drawn box"
    TEXT = "text", "Search text"
    SSN = "ssn", "Social Security number"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    PHONE = "phone", "Phone number"
    STREET_ADDRESS = "street_address", "Street address"
    EMAIL = "email", "E-mail address"
    CII_NUMBER = "cii_number", "CII number"
    FBI_NUMBER = "fbi_number", "FBI number"


PATTERN_KINDS = (
    RedactionKind.SSN,
    RedactionKind.DATE_OF_BIRTH,
    RedactionKind.PHONE,
    RedactionKind.STREET_ADDRESS,
    RedactionKind.EMAIL,
    RedactionKind.CII_NUMBER,
    RedactionKind.FBI_NUMBER,
)


class RedactionReason(models.TextChoices):
    PRIVACY = "privacy", "Personal privacy"
    ATTORNEY_CLIENT = "attorney_client", "Privilege (attorney-client)"
    WORK_PRODUCT = "work_product", "Attorney work product"
    JUVENILE = "juvenile", "Juvenile record or minor"
    ONGOING_INVESTIGATION = "ongoing_investigation", "Ongoing investigation"
    SAFETY = "safety", "Victim or witness safety"


PRIVILEGE_REASONS = (RedactionReason.ATTORNEY_CLIENT, RedactionReason.WORK_PRODUCT)


class RedactionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, to review"
    APPLIED = "applied", "Applied"
    REMOVED = "removed", "Removed"


class Redaction(models.Model):
    """One thing to remove from a document: boxes on one page, or a text on one page or on every
    page where it occurs. Proposed ones (pattern hits) wait for a person; only applied ones are
    burned into a production."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="redactions")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="redactions")
    page_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: every page where the text occurs"
    )
    boxes = models.JSONField(
        default=list, blank=True, help_text="Rectangles [x0, y0, x1, y1] in PDF points"
    )
    text = models.CharField(max_length=500, blank=True, help_text="The words to remove")
    kind = models.CharField(max_length=20, choices=RedactionKind.choices)
    reason = models.CharField(max_length=30, choices=RedactionReason.choices)
    note = models.TextField(blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=RedactionStatus.choices, default=RedactionStatus.APPLIED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_why = models.TextField(blank=True, max_length=2000)
    frozen_by = models.ForeignKey(
        "Production",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The first built production that carried it: no longer removable",
    )

    class Meta:
        ordering = ["document_id", "page_number", "id"]
        indexes = [models.Index(fields=["document", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text="") | ~models.Q(boxes=[]),
                name="redaction_has_text_or_boxes",
            )
        ]

    def __str__(self) -> str:
        where = f"p. {self.page_number}" if self.page_number else "every page"
        return f"{self.get_kind_display()} on {self.document} ({where})"

    @property
    def frozen(self) -> bool:
        return self.frozen_by_id is not None


class RecipientKind(models.TextChoices):
    DEFENSE_COUNSEL = "defense_counsel", "Defense counsel"
    APPLICANT = "applicant", "The applicant"
    COURT = "court", "Court"
    PARTNER = "partner", "Partner organization"
    OTHER = "other", "Other"


class Obligation(models.TextChoices):
    BRADY = "brady", "Brady / Giglio disclosure"
    DISCOVERY_ORDER = "discovery_order", "Discovery order"
    PC_1054_9 = "pc_1054_9", "Post-conviction discovery (Penal Code § 1054.9)"
    PUBLIC_RECORDS = "public_records", "Public records request"
    OTHER = "other", "Other"


class ProductionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    QUEUED = "queued", "Queued to build"
    BUILDING = "building", "Building"
    BUILT = "built", "Built"
    FAILED = "failed", "Failed"
    SUPERSEDED = "superseded", "Superseded by a correction"


class Production(Job):
    """A named set of a case's documents for one recipient, built in the background into one zip
    (redactions burned in, Bates numbers stamped, index, load files, manifest)."""

    QUEUED_STATUSES = frozenset({ProductionStatus.QUEUED})
    RUNNING_STATUSES = frozenset({ProductionStatus.BUILDING})
    FAILED_STATUSES = frozenset({ProductionStatus.FAILED})
    QUEUED_STATUS = ProductionStatus.QUEUED
    RUNNING_STATUS = ProductionStatus.BUILDING
    FAILED_STATUS = ProductionStatus.FAILED
    STALE_AFTER = timedelta(hours=2)
    FAIR_SHARE = ("case__organization", "case")

    status = models.CharField(
        max_length=12, choices=ProductionStatus.choices, default=ProductionStatus.DRAFT
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="productions")
    name = models.CharField(max_length=200)
    recipient_name = models.CharField(max_length=200)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a partner organization: which one (it then sees this production once delivered)",
    )
    obligation = models.CharField(max_length=20, choices=Obligation.choices)
    bates_prefix = models.CharField(max_length=20)
    bates_start = models.PositiveIntegerField(default=1)
    bates_padding = models.PositiveSmallIntegerField(default=6)
    bates_suffix = models.CharField(max_length=10, blank=True)
    legend = models.CharField(max_length=200, blank=True, help_text="e.g. CONFIDENTIAL")
    cover_note = models.TextField(blank=True, max_length=5000, help_text="Said on the cover letter")
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="The production this one corrects (it takes new Bates numbers)",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    bates_first = models.PositiveIntegerField(null=True, blank=True)
    bates_last = models.PositiveIntegerField(null=True, blank=True)
    package_sha256 = models.CharField(max_length=64, blank=True)
    package_size = models.BigIntegerField(null=True, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    failed_page = models.CharField(
        max_length=300, blank=True, help_text="Which document and page stopped the build"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claimed_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status in (ProductionStatus.DRAFT, ProductionStatus.FAILED)

    @property
    def is_built(self) -> bool:
        return self.status in (ProductionStatus.BUILT, ProductionStatus.SUPERSEDED)

    def bates_label(self, number: int) -> str:
        return bates_label(self.bates_prefix, number, self.bates_padding, self.bates_suffix)

    @property
    def bates_start_label(self) -> str:
        """The first number as it will be stamped (a draft's, before any is given out)."""
        return self.bates_label(self.bates_start)

    @property
    def bates_range(self) -> str:
        if self.bates_first is None or self.bates_last is None:
            return ""
        if self.bates_first == self.bates_last:
            return self.bates_label(self.bates_first)
        return f"{self.bates_label(self.bates_first)} – {self.bates_label(self.bates_last)}"


class PrivilegeGround(models.TextChoices):
    ATTORNEY_CLIENT = "attorney_client", "Attorney-client privilege"
    WORK_PRODUCT = "work_product", "Attorney work product"
    OFFICIAL_INFORMATION = "official_information", "Official information"
    THIRD_PARTY_PRIVACY = "third_party_privacy", "Third-party privacy"
    OTHER = "other", "Other"


class ProductionItem(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="production_items"
    )
    order = models.PositiveIntegerField()
    withheld = models.BooleanField(default=False)
    privilege_ground = models.CharField(max_length=30, choices=PrivilegeGround.choices, blank=True)
    bates_first = models.PositiveIntegerField(null=True, blank=True)
    bates_last = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    produced_sha256 = models.CharField(max_length=64, blank=True)
    conversion_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["production_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "document"], name="unique_document_per_production"
            ),
            models.CheckConstraint(
                condition=models.Q(withheld=False) | ~models.Q(privilege_ground=""),
                name="withheld_item_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} in {self.production}"

    @property
    def bates_range(self) -> str:
        if self.bates_first is None or self.bates_last is None:
            return ""
        p = self.production
        if self.bates_first == self.bates_last:
            return p.bates_label(self.bates_first)
        return f"{p.bates_label(self.bates_first)} – {p.bates_label(self.bates_last)}"


class BatesRange(models.Model):
    """Numbers taken by a built production, per organization and prefix: never given out twice."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=20)
    first = models.PositiveIntegerField()
    last = models.PositiveIntegerField()
    production = models.OneToOneField(
        Production, on_delete=models.PROTECT, related_name="bates_allocation"
    )

    class Meta:
        ordering = ["organization_id", "prefix", "first"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "prefix", "first"], name="unique_bates_first"
            ),
            models.UniqueConstraint(
                fields=["organization", "prefix", "last"], name="unique_bates_last"
            ),
            models.CheckConstraint(
                condition=models.Q(last__gte=models.F("first")), name="bates_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.first}-{self.last}"


class BatesPrefix(models.Model):
    """One row per organization and prefix, locked while a range is allocated."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=20)
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "prefix"], name="unique_bates_prefix")
        ]

    def __str__(self) -> str:
        return self.prefix


class PrivilegeLogEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="privilege_log")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    redaction = models.ForeignKey(
        Redaction, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        ProductionItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=300, blank=True)
    recipients = models.CharField(max_length=500, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    ground = models.CharField(max_length=30, choices=PrivilegeGround.choices)
    description = models.TextField(max_length=2000)
    bates = models.CharField(max_length=100, blank=True, help_text="Where it sits in a production")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "date", "id"]
        verbose_name_plural = "privilege log entries"
        constraints = [
            models.UniqueConstraint(fields=["redaction"], name="one_log_entry_per_redaction"),
            models.UniqueConstraint(fields=["item"], name="one_log_entry_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()}: {self.description[:40]}"


class DeliveryMethod(models.TextChoices):
    PORTAL = "portal", "Secure portal"
    EMAIL = "email", "E-mail"
    MAIL = "mail", "Mail"
    HAND = "hand", "Hand delivery"


class DisclosureEntry(models.Model):
    """What was disclosed to whom, when, by whom and under which obligation (append-only): a
    delivered production, or a letter produced by Habeas (``production`` empty, ``what`` says
    which letter, ``package_sha256`` is the letter file's hash)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    production = models.ForeignKey(
        Production, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    what = models.CharField(max_length=300, blank=True)
    recipient_name = models.CharField(max_length=200)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    obligation = models.CharField(max_length=20, choices=Obligation.choices)
    disclosed_at = models.DateTimeField()
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(
        max_length=10, choices=DeliveryMethod.choices, blank=True, help_text="Empty: not recorded"
    )
    package_sha256 = models.CharField(max_length=64)
    document_hashes = models.JSONField(
        default=dict, help_text="Produced file SHA-256 by Bates range"
    )
    note = models.TextField(blank=True, max_length=2000)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        verbose_name_plural = "disclosure entries"

    def __str__(self) -> str:
        return f"{self.production or self.what} to {self.recipient_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The disclosure ledger is append-only.")
        super().save(*args, **kwargs)
