"""The privilege and withheld log: one entry per withheld document and per redaction made on a
privilege ground (attorney-client, work product), generated from them and then editable; exported
as CSV, XLSX or PDF, as courts ask for it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.permissions import Action
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.disclosure.models import (
    PRIVILEGE_REASONS,
    PrivilegeGround,
    PrivilegeLogEntry,
    Production,
    ProductionItem,
    Redaction,
    RedactionStatus,
)
from habeas.disclosure.services.access import case_for_disclosure
from habeas.documents.models import DocumentType
from habeas.domain.spreadsheet_cells import cell_safe, xlsx_cell

COLUMNS = ("Date", "Author", "Recipients", "Type", "Ground", "Description", "Bates", "Document")
FORMATS = ("csv", "xlsx", "pdf")
_GROUND_OF_REASON = {
    "attorney_client": PrivilegeGround.ATTORNEY_CLIENT,
    "work_product": PrivilegeGround.WORK_PRODUCT,
}


def _entry_for_item(case: Case, item: ProductionItem) -> PrivilegeLogEntry:
    document = item.document
    return PrivilegeLogEntry(
        case=case,
        document=document,
        item=item,
        date=document.doc_date,
        document_type=DocumentType(document.doc_type).label,
        ground=item.privilege_ground or PrivilegeGround.OTHER,
        description=f"{DocumentType(document.doc_type).label} withheld in full "
        f"({document.page_count} page{'s' if document.page_count != 1 else ''}).",
    )


def _entry_for_redaction(case: Case, redaction: Redaction) -> PrivilegeLogEntry:
    document = redaction.document
    where = (
        f"page {redaction.page_number}" if redaction.page_number else "every page where it occurs"
    )
    return PrivilegeLogEntry(
        case=case,
        document=document,
        redaction=redaction,
        date=document.doc_date,
        document_type=DocumentType(document.doc_type).label,
        ground=_GROUND_OF_REASON[redaction.reason],
        description=f"Passage redacted on {where}.",
    )


def privilege_log_sync(*, case: Case, production: Production | None = None) -> int:
    """Add the missing entries (never changes an edited one); the number added. Withheld items
    of ``production`` (or of every production of the case) and privilege redactions."""
    items = ProductionItem.objects.filter(production__case=case, withheld=True)
    if production is not None:
        items = items.filter(production=production)
    logged_items = set(
        PrivilegeLogEntry.objects.filter(case=case, item__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    logged_redactions = set(
        PrivilegeLogEntry.objects.filter(case=case, redaction__isnull=False).values_list(
            "redaction_id", flat=True
        )
    )
    new = [
        _entry_for_item(case, i)
        for i in items.select_related("document")
        if i.pk not in logged_items
    ]
    redactions = Redaction.objects.filter(
        case=case, reason__in=PRIVILEGE_REASONS, status=RedactionStatus.APPLIED
    ).select_related("document")
    new += [_entry_for_redaction(case, r) for r in redactions if r.pk not in logged_redactions]
    # Entries of redactions removed before anything was produced are gone with them.
    PrivilegeLogEntry.objects.filter(
        case=case, redaction__status=RedactionStatus.REMOVED, edited_by__isnull=True
    ).delete()
    PrivilegeLogEntry.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def privilege_log_generate(*, actor: User, case_ref: str) -> int:
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    added = privilege_log_sync(case=case)
    audit_record(actor=actor, action="privilege_log.generate", case=case, detail={"added": added})
    return added


EDITABLE = ("date", "author", "recipients", "document_type", "ground", "description")


@transaction.atomic
def privilege_log_entry_update(
    *, actor: User, case_ref: str, entry_id: int, changes: dict[str, Any]
) -> PrivilegeLogEntry:
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    entry = PrivilegeLogEntry.objects.select_for_update().filter(case=case, pk=entry_id).first()
    if entry is None:
        raise NotFoundError("Privilege log entry not found.", kind="privilege log entry")
    errors: dict[str, list[str]] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            errors[name] = ["This field cannot be changed."]
        elif name == "ground" and value not in PrivilegeGround.values:
            errors[name] = ["Choose one of the listed grounds."]
        elif name == "description" and not str(value).strip():
            errors[name] = ["Describe it enough to assess the claim, without revealing it."]
        elif name != "date" and len(str(value)) > 2000:
            errors[name] = ["At most 2000 characters."]
    if errors:
        raise ApplicationError("The entry was not changed.", fields=errors)
    for name, value in changes.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.edited_by = actor
    entry.save()
    audit_record(
        actor=actor,
        action="privilege_log.update",
        obj=entry,
        case=case,
        detail={"fields": sorted(changes)},
    )
    return entry


def entry_row(e: PrivilegeLogEntry) -> tuple[str, ...]:
    return (
        e.date.isoformat() if e.date else "",
        e.author,
        e.recipients,
        e.document_type,
        PrivilegeGround(e.ground).label,
        e.description,
        e.bates,
        e.document.name if e.document else "",
    )


def privilege_log_csv(entries: Iterable[PrivilegeLogEntry]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([cell_safe(v) for v in entry_row(e)])
    return out.getvalue().encode("utf-8-sig")


def privilege_log_xlsx(entries: Iterable[PrivilegeLogEntry]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Privilege log")
    sheet.append(list(COLUMNS))
    for e in entries:
        sheet.append([xlsx_cell(v) for v in entry_row(e)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
