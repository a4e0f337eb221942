"""Claims, evidence, tasks, notes, alternate-suspect leads and sourced facts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.cases.models.case import Case
from habeas.cases.models.people import Person
from habeas.core.labels import FACT, label


class Claim(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Under review"
        SUPPORTED = "supported", "Supported"
        NOT_SUPPORTED = "not_supported", "Not supported"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    basis = models.TextField(max_length=10000, help_text="What the innocence claim rests on")
    nre_factors = models.JSONField(
        default=list, blank=True, help_text="NRE contributing-factor codes"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.basis[:80]


class EvidenceItem(models.Model):
    class Preservation(models.TextChoices):
        PRESERVED = "preserved", "Preserved"
        DESTROYED = "destroyed", "Destroyed"
        MISSING = "missing", "Missing / not located"
        CONSUMED = "consumed", "Consumed in testing"
        UNKNOWN = "unknown", "Unknown"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    item_number = models.CharField(max_length=40, blank=True, help_text="Agency or lab item number")
    description = models.CharField(max_length=300)
    custodian = models.CharField(max_length=150, blank=True)
    location = models.CharField(max_length=200, blank=True)
    is_biological = models.BooleanField(default=False)
    dna_tested = models.BooleanField(default=False)
    preservation_status = models.CharField(
        max_length=20, choices=Preservation.choices, default=Preservation.UNKNOWN
    )
    notes = models.TextField(blank=True, max_length=5000)

    def __str__(self) -> str:
        return f"{self.item_number} {self.description}".strip()


class CustodyEvent(models.Model):
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody_events")
    occurred_on = models.DateField()
    action = models.CharField(max_length=100, help_text="Collected, transferred, tested, returned…")
    from_party = models.CharField(max_length=150, blank=True)
    to_party = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.action}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=20000)
    privileged = models.BooleanField(default=True, help_text="Attorney work product")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on case {self.case_id}"


class Lead(models.Model):
    """An alternate-suspect or real-perpetrator lead. Stays open after the case is resolved."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        REFERRED = "referred", "Referred for prosecution"
        CLOSED = "closed", "Closed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="leads")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    description = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.description[:80]


class FactAssertion(models.Model):
    """One sourced value of a key fact. Several rows with the same key and different values
    record a conflict between sources (e.g. sentence 40 vs 50 years to life)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facts")
    key = models.CharField(
        max_length=60, help_text="e.g. Sentence, Date of the incident, Date of the conviction"
    )
    value = models.CharField(max_length=500)
    source = models.CharField(max_length=300, help_text="Document and page, or free text")
    source_page = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "recorded_at"]

    def __str__(self) -> str:
        return f"{label(FACT, self.key)}: {self.value} ({self.source})"
