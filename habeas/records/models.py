"""Bulk conviction-record files an organization imported into its analytical store (the rows live in
Parquet under HABEAS_BULK_DIR/<organization>/, read with DuckDB; this table is the ledger)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from habeas.accounts.models import Organization


class BulkImport(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="bulk_imports"
    )
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=300)
    format = models.CharField(max_length=10)
    rows = models.PositiveBigIntegerField()
    rejected = models.PositiveBigIntegerField()
    report = models.JSONField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sha256"], name="unique_bulk_import_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.rows:,} rows)"
