from __future__ import annotations

from django.db import models


class NreImport(models.Model):
    """One imported NRE file. A newer import supersedes the previous snapshot."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    schema = models.CharField(max_length=20)
    encoding = models.CharField(max_length=20)
    rows = models.PositiveIntegerField()
    warnings = models.JSONField(default=list, blank=True)
    warning_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    current = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"


class NreExoneration(models.Model):
    batch = models.ForeignKey(NreImport, on_delete=models.CASCADE, related_name="exonerations")
    row = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=60, blank=True)
    county = models.CharField(max_length=100, blank=True)
    tags = models.JSONField(default=list)
    factors = models.JSONField(default=list)
    worst_crime = models.CharField(max_length=200, blank=True)
    exoneration_date = models.DateField(null=True, blank=True, db_index=True)
    first_conviction_date = models.DateField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True)
    years_lost = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    crime_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "row"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state}, {self.exoneration_date})"
