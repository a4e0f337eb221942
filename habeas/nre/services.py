"""Importing an NRE file into the reference registry: idempotent, atomic, audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from habeas.audit.services import audit_record
from habeas.domain.nre.parse import nre_read
from habeas.nre.models import NreExoneration, NreImport

WARNINGS_KEPT = 1000


@dataclass(frozen=True)
class ImportOutcome:
    batch: NreImport
    created: bool  # False when this exact file was already imported


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def nre_import(*, path: Path) -> ImportOutcome:
    """Read the file first (a bad file changes nothing), then replace the current snapshot in one transaction."""
    sha = _sha256(path)
    existing = NreImport.objects.filter(sha256=sha).first()
    if existing is not None:
        return ImportOutcome(batch=existing, created=False)
    result = nre_read(path)
    warnings = [{"row": w.row, "column": w.column, "message": w.message} for w in result.warnings]
    with transaction.atomic():
        NreImport.objects.filter(current=True).update(current=False)
        batch = NreImport.objects.create(
            file_name=path.name[:255],
            sha256=sha,
            schema=result.schema.value,
            encoding=result.encoding,
            rows=result.rows_read,
            warnings=warnings[:WARNINGS_KEPT],
            warning_count=len(warnings),
        )
        NreExoneration.objects.bulk_create(
            (
                NreExoneration(
                    batch=batch,
                    row=r.row,
                    name=r.name[:200],
                    state=r.state[:60],
                    county=r.county[:100],
                    tags=sorted(r.tags),
                    factors=sorted(r.factors),
                    worst_crime=r.worst_crime[:200],
                    exoneration_date=r.exoneration,
                    first_conviction_date=r.first_conviction,
                    release_date=r.release,
                    years_lost=r.years_lost,
                    crime_year=r.crime_year,
                )
                for r in result.records
            ),
            batch_size=2000,
        )
        audit_record(
            actor=None,
            action="registry.import",
            obj=batch,
            detail={
                "file": batch.file_name,
                "rows": batch.rows,
                "warnings": len(warnings),
                "schema": batch.schema,
            },
        )
    return ImportOutcome(batch=batch, created=True)
