"""Linkage runs, the records they grouped, the scored pairs behind each group, and human decisions.

Records are keyed by a stable string (``p12`` for Person 12, ``m40`` for a confirmed mention…, see
``sources``) so a decision made about two records applies to every later run, whatever their
database rows become. A group is named by its smallest member key."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization
from habeas.cases.models import Case, Person
from habeas.core.jobs import Job


class LinkRun(Job):
    """One linkage run over the organization's records (a background job)."""

    FAIR_SHARE = ("organization",)

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="link_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    backend = models.CharField(max_length=10, default="duckdb")
    records = models.PositiveIntegerField(default=0, help_text="Records compared")
    skipped = models.PositiveIntegerField(default=0, help_text="Records with nothing to compare")
    by_source = models.JSONField(default=dict)
    pairs_scored = models.PositiveIntegerField(default=0)
    merged_pairs = models.PositiveIntegerField(
        default=0, help_text="Pairs at or above the merge threshold, kept"
    )
    review_pairs = models.PositiveIntegerField(
        default=0, help_text="Pairs in the review band, kept"
    )
    groups = models.PositiveIntegerField(
        default=0, help_text="Groups of two or more records with a case-side record"
    )
    merge_threshold = models.FloatField(default=0.99)
    review_threshold = models.FloatField(default=0.80)
    trained = models.BooleanField(default=False)
    warnings = models.JSONField(default=list)
    timings = models.JSONField(default=dict)
    model = models.JSONField(
        default=dict, help_text="Splink's settings with the m and u probabilities used"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.status})"


class RecordSource(models.TextChoices):
    PERSON = "person", "Person record"
    ALIAS = "alias", "Alias of a person record"
    MENTION = "mention", "Name confirmed in a document"
    PARTY = "party", "Party to a case"
    BULK_ACTOR = "bulk_actor", "Named in bulk conviction records"
    BULK_DEFENDANT = "bulk_defendant", "Defendant in a bulk conviction record"


class LinkRecord(models.Model):
    """One record as the last run saw it. Case-side records (people, aliases, mentions, parties) are
    all kept; bulk records only where they joined a group or a review pair with a case-side one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    source = models.CharField(max_length=20, choices=RecordSource.choices)
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=30, blank=True)
    dob = models.DateField(null=True, blank=True)
    badge = models.CharField(max_length=30, blank=True)
    agency = models.CharField(max_length=150, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Set for records that come from one case: only users who may see that case see the record.
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    detail = models.JSONField(default=dict, help_text="Where it comes from: file, rows, docket…")
    group = models.CharField(max_length=80, db_index=True)

    # Not stored: the name of the bulk file a bulk defendant's record comes from, set by the
    # selectors that show records (``records_file_names``).
    file_name: str = ""

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="unique_link_record_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_source_display().lower()})"


class PairBand(models.TextChoices):
    MERGE = "merge", "Merged by the model"
    REVIEW = "review", "For review"


class LinkPair(models.Model):
    """A scored pair of the last run: the edges of the groups (``merge``) and the review queue."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(LinkRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(LinkRecord, on_delete=models.CASCADE, related_name="+")
    band = models.CharField(max_length=10, choices=PairBand.choices)
    probability = models.FloatField()
    weight = models.FloatField()
    agreed = models.JSONField(default=list)
    disagreed = models.JSONField(default=list)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [models.UniqueConstraint(fields=["left", "right"], name="unique_link_pair")]
        indexes = [models.Index(fields=["organization", "band", "probability"])]

    def __str__(self) -> str:
        return f"{self.left.key} ~ {self.right.key} ({self.probability:.3f})"


class LinkDecision(models.Model):
    """A person's word on two records: the same person (must link) or not (cannot link)."""

    class Origin(models.TextChoices):
        REVIEW = "review", "Review queue"
        MERGE = "merge", "Merged on a person page"
        SPLIT = "split", "Split on a person page"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    left_key = models.CharField(max_length=80)
    right_key = models.CharField(max_length=80)
    same = models.BooleanField()
    origin = models.CharField(max_length=10, choices=Origin.choices)
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "left_key", "right_key"], name="unique_link_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.left_key} {'=' if self.same else '≠'} {self.right_key}"
