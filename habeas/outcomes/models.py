"""How a resolved case is coded in the National Registry of Exonerations' terms (facts.md §1.2-1.4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.cases.models import Case


class ExoneratingEvent(models.TextChoices):
    DISMISSAL = "dismissal", "Charges dismissed"
    ACQUITTAL = "acquittal", "Acquittal on retrial"
    PARDON = "pardon", "Pardon"
    FACTUAL_INNOCENCE = "factual_innocence", "Factual-innocence finding / certificate of innocence"
    OTHER = "other", "Other"


class CaseOutcome(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="outcome")
    factors = models.JSONField(
        default=list, help_text="NRE contributing factors: MWID, FC, P/FA, F/MFE, OM, ILD, DNA"
    )
    om_tags = models.JSONField(
        default=list, help_text="Official-misconduct sub-codes: OF, PR, FA, WH ..."
    )
    tags = models.JSONField(
        default=list, help_text="NRE case-characteristic tags: CIU, IO, H, JI ..."
    )
    exonerating_event = models.CharField(
        max_length=20, choices=ExoneratingEvent.choices, blank=True
    )
    # Dates the record does not hold elsewhere; the others come from the record (incident, conviction, events).
    crime_date = models.DateField(null=True, blank=True, help_text="Blank: the incident date")
    exoneration_date = models.DateField(
        null=True, blank=True, help_text="Blank: the first dismissal, acquittal, pardon or finding"
    )
    notes = models.TextField(blank=True, max_length=5000)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Outcome of {self.case_id}"
