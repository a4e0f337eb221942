from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from habeas.accounts.roles import Role


class Organization(models.Model):
    class Kind(models.TextChoices):
        CIU = "ciu", "Prosecutor's Conviction Integrity Unit"
        INNOCENCE_ORG = "innocence_org", "Innocence organization"

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=20, unique=True, help_text="Prefix of case references")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    jurisdiction = models.CharField(
        max_length=100, blank=True, help_text="e.g. Los Angeles County, CA"
    )
    require_2fa_for_all = models.BooleanField(default=False)
    members_see_all_cases = models.BooleanField(
        default=False,
        help_text="If set, every member sees every case of the organization, not only their team's.",
    )
    pattern_hidden_counts = models.BooleanField(
        default=False,
        help_text="Pattern alerts also say how many matching cases the user may not see (never which ones).",
    )
    committee_quorum = models.PositiveSmallIntegerField(
        default=3, help_text="Votes needed before a decision can be recorded"
    )
    case_counter = models.PositiveIntegerField(default=0, help_text="Last case number issued")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(
        max_length=20, choices=[(r.value, r.label) for r in Role], default=Role.STUDENT
    )

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"
