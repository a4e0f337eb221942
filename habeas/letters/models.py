from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization

BODY_MAX_LENGTH = 20_000


class LetterTemplate(models.Model):
    """An organization's wording for one kind of letter. Django template syntax, rendered with a
    fixed set of plain-string variables only (see habeas.letters.rendering)."""

    class Kind(models.TextChoices):
        ACCEPT = "accept", "Acceptance letter"
        DECLINE = "decline", "Decline letter"
        GIGLIO = "giglio", "Disclosure of impeachment material"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], name="unique_letter_template_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.organization_id})"
