from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.domain.workflow import Stage

STAGE_CHOICES = [(s.value, s.label) for s in Stage]


class Case(models.Model):
    ref = models.CharField(max_length=40, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(max_length=200, help_text="Short caption, e.g. People v. Doe")
    stage = models.CharField(max_length=20, choices=STAGE_CHOICES, default=Stage.INTAKE)
    stage_changed_at = models.DateTimeField()
    summary = models.TextField(blank=True, max_length=20000)
    intake_source = models.CharField(
        max_length=40,
        blank=True,
        help_text="Letter from applicant, referral, defense counsel, systemic review…",
    )
    received_on = models.DateField()
    jurisdiction_state = models.CharField(max_length=2, default="CA")
    county = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalized for the case list: kept in step by the services that write parties.
    applicant_name = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "stage", "-received_on"]),
            models.Index(fields=["organization", "-received_on", "-id"]),
            models.Index(fields=["-updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)


class CaseTeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.user_id} on case {self.case_id} ({self.role})"


class CaseShare(models.Model):
    """Joint-investigation sharing with another organization; revocable, kept as history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="shared_cases"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_share",
            )
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} shared with org {self.organization_id}"
