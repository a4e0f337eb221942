"""People who recur across cases (detectives, prosecutors, analysts, informants…) and their roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models.case import Case


class PersonRole(models.TextChoices):
    DETECTIVE = "detective", "Detective"
    OFFICER = "officer", "Officer"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENSE_COUNSEL = "defense_counsel", "Defense counsel"
    JUDGE = "judge", "Judge"
    EYEWITNESS = "eyewitness", "Eyewitness"
    INFORMANT = "informant", "Informant"
    FORENSIC_ANALYST = "forensic_analyst", "Forensic analyst"
    ALTERNATE_SUSPECT = "alternate_suspect", "Alternate suspect"
    OTHER_WITNESS = "other_witness", "Other witness"


class Person(models.Model):
    """One real-world person as known to an organization; linked to many cases via CasePerson."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    aliases = models.CharField(max_length=300, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    badge_number = models.CharField(max_length=30, blank=True)
    agency = models.CharField(max_length=150, blank=True)
    # Set when the person is also a Habeas user (e.g. a prosecutor now in the CIU): drives recusal.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_records",
    )
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["organization", "last_name"])]

    def __str__(self) -> str:
        return self.full_name()

    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appearances")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    badge_number = models.CharField(max_length=30, blank=True, help_text="At the time of the case")
    agency = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True, max_length=5000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="unique_case_person_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.get_role_display()}"
