"""Stage history, screening answers, committee votes, recusals, resolution events."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models.case import STAGE_CHOICES, Case
from habeas.domain.workflow import Answer, Vote


class StageTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=STAGE_CHOICES, blank=True)
    to_stage = models.CharField(max_length=20, choices=STAGE_CHOICES)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(max_length=5000)
    reason_code = models.CharField(max_length=40, blank=True)
    # How long the case had been in ``from_stage``, stored when the move is made so reports can take
    # medians per stage with a plain GROUP BY instead of a window over every case's history.
    from_stage_days = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.to_stage}"


class ScreeningCriterion(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="screening_criteria"
    )
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="unique_criterion_key")
        ]

    def __str__(self) -> str:
        return self.label


class ScreeningAnswer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screening_answers")
    criterion = models.ForeignKey(ScreeningCriterion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        max_length=10, choices=[(a.value, a.value.capitalize()) for a in Answer]
    )
    note = models.CharField(max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"], name="unique_screening_answer")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.answer}"


class CommitteeVote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(
        max_length=20, choices=[(v.value, v.value.replace("_", " ").capitalize()) for v in Vote]
    )
    rationale = models.TextField(blank=True, max_length=5000)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "voter"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.vote}"


class Recusal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_recusal")]

    def __str__(self) -> str:
        return f"{self.user_id} recused: {self.reason}"


class ResolutionEvent(models.Model):
    class Kind(models.TextChoices):
        VACATED = "vacated", "Conviction vacated"
        DISMISSED = "dismissed", "Charges dismissed"
        ACQUITTED = "acquitted", "Acquittal on retrial"
        PARDONED = "pardoned", "Pardon"
        RELEASED = "released", "Released from custody"
        FACTUAL_INNOCENCE = "factual_innocence", "Factual-innocence finding"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resolution_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    court = models.CharField(max_length=150, blank=True)
    statute = models.CharField(max_length=100, blank=True, help_text="e.g. Cal. Penal Code 1485.55")
    standard_of_proof = models.CharField(
        max_length=100, blank=True, help_text="e.g. preponderance of the evidence"
    )
    notes = models.TextField(blank=True, max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
