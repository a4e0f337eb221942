"""The officer credibility registry of an organization (its Brady/Giglio list): officials with
their identity, each finding with its source and list status, and the alerts raised where a case
names a listed official."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models import Case
from habeas.documents.models import Document
from habeas.domain.credibility.vocabulary import (
    ALERT_SOURCES,
    ALERT_STATUSES,
    FINDING_TYPES,
    KINDS,
    STATUSES,
)
from habeas.systemic.models import Watchlist


class Official(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="officials"
    )
    kind = models.CharField(max_length=12, choices=list(KINDS.items()), default="officer")
    full_name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names he is written as")
    agency = models.CharField(max_length=300, blank=True, help_text="Current or last agency")
    badges = models.JSONField(default=list, blank=True, help_text="Badge, shield or serial numbers")
    notes = models.TextField(max_length=5000, blank=True)
    # The watchlist "Find every conviction" keeps for him (one entry with his identity).
    watchlist = models.ForeignKey(
        Watchlist, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["organization", "full_name"])]

    def __str__(self) -> str:
        return self.full_name


class Assignment(models.Model):
    """One dated posting of his employment history: agency, unit, badge, from and to."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="assignments")
    agency = models.CharField(max_length=300)
    unit = models.CharField(max_length=200, blank=True)
    badge = models.CharField(max_length=30, blank=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date_from", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} {self.date_from or ''}–{self.date_to or ''}"


class Finding(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="findings")
    type = models.CharField(max_length=20, choices=list(FINDING_TYPES.items()))
    om_code = models.CharField(
        max_length=4, blank=True, help_text="The NRE official-misconduct sub-code, where one fits"
    )
    date = models.DateField(null=True, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    # Its source: a document of a case, an uploaded file (blob store), or a citation.
    source_document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_sha256 = models.CharField(max_length=64, blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_citation = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=list(STATUSES.items()), default="pending")
    removed_reason = models.CharField(max_length=1000, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_at = models.DateTimeField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True, help_text="Official told of the listing")
    response = models.TextField(max_length=5000, blank=True, help_text="The official's response")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.official_id})"


class CredibilityAlert(models.Model):
    """A case names a listed official: who named him, where, and why the matcher thinks it is him."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="credibility_alerts")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="alerts")
    source = models.CharField(max_length=12, choices=list(ALERT_SOURCES.items()))
    source_key = models.CharField(max_length=100, help_text="The person, mention or record")
    written = models.CharField(max_length=300)
    passage = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=300)
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=list(ALERT_STATUSES.items()), default="new")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    disclosed_on = models.DateField(null=True, blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "official", "source", "source_key"], name="unique_credibility_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} on {self.case_id}"
