"""Importing bulk conviction records for an organization (idempotent by file hash, audited)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, PermissionDeniedError
from habeas.domain.systemic import BulkImportError, BulkImportReport, bulk_import
from habeas.systemic.models import BulkImport
from habeas.systemic.permissions import can_manage_reviews


def bulk_store(user: User) -> Path:
    """An organization's own store: records of one organization are never read with another's."""
    assert user.organization is not None
    return Path(settings.HABEAS_BULK_DIR) / user.organization.code


def records_import(*, actor: User, path: Path) -> tuple[BulkImport, BulkImportReport]:
    if not can_manage_reviews(actor):
        raise PermissionDeniedError(
            "Only administrators, attorneys and investigators may import bulk records."
        )
    try:
        report = bulk_import(path, bulk_store(actor))
    except BulkImportError as exc:
        raise ApplicationError(str(exc), {"file": [str(exc)]}) from exc
    with transaction.atomic():
        record, created = BulkImport.objects.get_or_create(
            organization=actor.organization,
            sha256=report.sha256,
            defaults={
                "name": report.name,
                "format": report.format,
                "rows": report.rows,
                "rejected": report.rejected_count,
                "report": report.as_dict(),
                "imported_by": actor,
            },
        )
        if created:
            audit_record(
                actor=actor,
                action="records.import",
                obj=record,
                detail={
                    "name": report.name,
                    "sha256": report.sha256,
                    "rows": report.rows,
                    "rejected": report.rejected_count,
                },
            )
    report.already_imported = not created
    return record, report
