"""Systemic reviews: the organization's bulk conviction records, watchlists of officials or methods
with documented problems, review runs over the records, and a decision on every match (confirmed
ones become intakes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models import Case
from habeas.core.jobs import Job


class BulkImport(models.Model):
    """A bulk conviction-record file the organization imported into its analytical store (the rows
    live in Parquet under HABEAS_BULK_DIR/<organization>/, read with DuckDB; this is the ledger)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="bulk_imports"
    )
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=300)
    format = models.CharField(max_length=10)
    rows = models.PositiveBigIntegerField()
    rejected = models.PositiveBigIntegerField()
    report = models.JSONField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "records_bulkimport"  # its name from before bulk records joined this app
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sha256"], name="unique_bulk_import_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.rows:,} rows)"


class Watchlist(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="watchlists"
    )
    name = models.CharField(max_length=200)
    reason = models.TextField(max_length=5000, help_text="The documented problem, with its source")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_watchlist_name")
        ]

    def __str__(self) -> str:
        return self.name


class WatchKind(models.TextChoices):
    OFFICER = "officer", "Officer / detective"
    ANALYST = "analyst", "Lab analyst"
    WITNESS = "witness", "Witness / informant"
    ANY = "any", "Anyone named"


class WatchEntry(models.Model):
    watchlist = models.ForeignKey(Watchlist, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=WatchKind.choices, default=WatchKind.ANY)
    lab = models.CharField(max_length=200, blank=True)
    # Employment or assignment window: only records dated inside it are his.
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    agency = models.CharField(
        max_length=300, blank=True, help_text="Agencies served with, separated by ';'"
    )
    badges = models.JSONField(default=list, blank=True, help_text="Badge, shield or serial numbers")
    aliases = models.JSONField(default=list, blank=True, help_text="Other names he is written as")
    note = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name


class ReviewRun(Job):
    """One run of a watchlist over the organization's bulk records (a background job)."""

    FAIR_SHARE = ("watchlist__organization", "watchlist")

    watchlist = models.ForeignKey(Watchlist, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    records_files = models.PositiveIntegerField(default=0)
    matches = models.PositiveIntegerField(default=0)
    partners = models.JSONField(
        default=list, help_text="People on the same records as the matches (co-worker expansion)"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Review {self.pk} of {self.watchlist_id}"


class Decision(models.TextChoices):
    PENDING = "pending", "To review"
    CONFIRMED = "confirmed", "Affected: confirmed"
    REJECTED = "rejected", "Not the same person / not affected"


class ReviewMatch(models.Model):
    run = models.ForeignKey(ReviewRun, on_delete=models.CASCADE, related_name="results")
    entry = models.ForeignKey(WatchEntry, on_delete=models.CASCADE, related_name="+")
    import_sha256 = models.CharField(max_length=64)
    source_record = models.BigIntegerField()
    field = models.CharField(max_length=10)
    written = models.CharField(max_length=300)
    score = models.FloatField()
    reason = models.CharField(max_length=300)
    docket = models.CharField(max_length=100, blank=True)
    court = models.CharField(max_length=200, blank=True)
    defendant = models.CharField(max_length=300, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    dob = models.DateField(null=True, blank=True)
    offense = models.CharField(max_length=300, blank=True)
    conviction_date = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The intake it became",
    )

    class Meta:
        ordering = ["entry_id", "-score", "docket"]
        constraints = [
            # Re-running a review is idempotent: one row per record, entry and field.
            models.UniqueConstraint(
                fields=["run", "entry", "import_sha256", "source_record", "field"],
                name="unique_review_match",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written} on {self.docket}"
