"""The conviction record: parties, incident, convictions, charges, sentences, filings."""

from __future__ import annotations

from django.db import models

from habeas.cases.models.case import Case


class Party(models.Model):
    class Kind(models.TextChoices):
        APPLICANT = "applicant", "Applicant / defendant"
        CO_DEFENDANT = "co_defendant", "Co-defendant"
        VICTIM = "victim", "Victim"

    class Custody(models.TextChoices):
        IN_CUSTODY = "in_custody", "In custody"
        PAROLE = "parole", "On parole / supervision"
        RELEASED = "released", "Released"
        DECEASED = "deceased", "Deceased"
        UNKNOWN = "unknown", "Unknown"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    aliases = models.CharField(max_length=300, blank=True, help_text="Separate with semicolons")
    date_of_birth = models.DateField(null=True, blank=True)
    corrections_id = models.CharField(
        "corrections number", max_length=40, blank=True, help_text="e.g. the CDCR number"
    )
    custody_status = models.CharField(
        max_length=20, choices=Custody.choices, default=Custody.UNKNOWN
    )
    facility = models.CharField(max_length=150, blank=True)
    # Where letters go: the facility's mailing address while in custody, a home address after.
    mailing_address = models.TextField(
        blank=True,
        max_length=500,
        help_text="As on an envelope, one line each: street or P.O. box, city, state and ZIP",
    )
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["kind", "last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.full_name()} ({self.get_kind_display()})"

    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    county = models.CharField(max_length=80, blank=True)
    agency = models.CharField(max_length=150, blank=True)
    agency_report_number = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on or 'date unknown'} {self.place}".strip()


class Conviction(models.Model):
    class Form(models.TextChoices):
        JURY = "jury", "Jury trial"
        BENCH = "bench", "Bench trial"
        PLEA = "plea", "Plea"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="convictions")
    court = models.CharField(max_length=150)
    docket_number = models.CharField(max_length=60)
    arrested_on = models.DateField(null=True, blank=True)
    convicted_on = models.DateField(null=True, blank=True)
    form = models.CharField(max_length=10, choices=Form.choices, blank=True)
    offense = models.CharField(
        max_length=200, blank=True, help_text="Most serious offense, e.g. Murder 2nd degree"
    )
    statute = models.CharField(max_length=100, blank=True, help_text="e.g. Cal. Penal Code 187(a)")
    # Denormalized owner so "one docket per court" is a database constraint inside an organization.
    organization_id_key = models.BigIntegerField(db_index=True)

    class Meta:
        ordering = ["convicted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization_id_key", "court", "docket_number"],
                name="unique_docket_per_court",
            )
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.docket_number}"


class Charge(models.Model):
    conviction = models.ForeignKey(Conviction, on_delete=models.CASCADE, related_name="charges")
    count_number = models.PositiveSmallIntegerField(null=True, blank=True)
    statute = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    disposition = models.CharField(
        max_length=60, blank=True, help_text="Convicted, acquitted, dismissed…"
    )

    def __str__(self) -> str:
        return f"{self.statute} {self.description}".strip()


class Sentence(models.Model):
    conviction = models.ForeignKey(Conviction, on_delete=models.CASCADE, related_name="sentences")
    sentenced_on = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, help_text="As pronounced, e.g. 40 years to life")
    min_years = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    max_years = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    life = models.BooleanField(default=False)
    death = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.description


class PostConvictionFiling(models.Model):
    class Kind(models.TextChoices):
        DIRECT_APPEAL = "direct_appeal", "Direct appeal"
        STATE_HABEAS = "state_habeas", "State habeas petition"
        FEDERAL_HABEAS = "federal_habeas", "Federal habeas petition"
        MOTION_NEW_TRIAL = "motion_new_trial", "Motion for new trial"
        DNA_MOTION = "dna_motion", "Post-conviction DNA testing motion"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    court = models.CharField(max_length=150, blank=True)
    docket_number = models.CharField(max_length=60, blank=True)
    filed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.docket_number}".strip()
