"""Deadlines a case team records by hand (court orders, agreed briefing dates, notices the record
does not model), acknowledgements of computed deadlines, and the digest ledger. Computed deadlines
are never stored: they follow the record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from habeas.cases.models import Case
from habeas.domain.deadlines import DUE_SOON_DAYS, Status


class CaseDeadline(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="custom_deadlines")
    title = models.CharField(
        max_length=200, help_text="What must be filed or done, e.g. Reply brief due"
    )
    due_on = models.DateField(help_text="The last day (shown as is: no court-day adjustment)")
    rule = models.TextField(
        blank=True, max_length=2000, help_text="The rule or order that sets the date, in words"
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it comes from, e.g. Minute order of 3 May 2024"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The upcoming list asks for open deadlines by date across many cases.
            models.Index(fields=["done_at", "due_on"], name="deadline_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def status(self) -> str:
        """overdue / due_soon / ok, counted as the computed deadlines are (habeas.domain.deadlines)."""
        if self.days_left < 0:
            return Status.OVERDUE.value
        return (Status.DUE_SOON if self.days_left <= DUE_SOON_DAYS else Status.OK).value


class DeadlineAcknowledgement(models.Model):
    """A case team's reasoned note that a computed deadline needs no more alerts ("not applicable:
    petition filed 2014-03-02", "tolled: see order"). Keyed by the computed due date as well: when the
    record changes and the date moves, this row no longer matches and the deadline alerts again."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadline_acknowledgements"
    )
    rule_id = models.CharField(
        max_length=50, help_text="The computed deadline's rule, e.g. aedpa_2244d"
    )
    due_on = models.DateField(help_text="The due date as computed when it was acknowledged")
    reason = models.TextField(
        max_length=2000, help_text="Why it needs no more alerts, e.g. Petition filed 2014-03-02"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Its index (case first) also serves the lookup of the acknowledgements of many cases at once.
            models.UniqueConstraint(
                fields=["case", "rule_id", "due_on"], name="one_ack_per_case_rule_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} due {self.due_on} acknowledged on case {self.case_id}"


class DigestSent(models.Model):
    """One row per user per day a digest went out: a re-run the same day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_user_day")
        ]

    def __str__(self) -> str:
        return f"digest to {self.user_id} on {self.sent_on}"
