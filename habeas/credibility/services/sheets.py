"""The office's spreadsheet in and out (CSV or XLSX). Import is two steps: the preview guesses
which column is which (the user may override) and checks every row; the import then stores all of
it in one transaction, or nothing when a row is wrong, unless the user confirmed to store the valid
rows only (``valid_only``), in which case the skipped rows are listed. Re-importing the same sheet
updates the officials and findings it names instead of adding them twice: an official is the same
when his agency agrees and a badge or his name does; a finding when its type, date and words do."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError
from habeas.credibility.models import Finding, Official
from habeas.credibility.permissions import can_change_list_status, keeper_checked
from habeas.credibility.services.alerts import alerts_refresh
from habeas.domain.credibility.sheet import (
    EXPORT_HEADERS,
    FIELDS,
    RowError,
    SheetCheck,
    SheetRow,
    headers_guess,
    mapping_apply,
    rows_check,
)
from habeas.domain.credibility.vocabulary import FINDING_TYPES, KINDS, STATUSES
from habeas.domain.names import agency_key, badge_normalize, name_parse
from habeas.domain.spreadsheet_cells import cell_safe, cell_unsafe, xlsx_cell

SHEET_MAX_ROWS = 50_000


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: list[list[str]]


def sheet_read(content: bytes, filename: str) -> Sheet:
    """The first sheet of an XLSX, or a CSV (UTF-8, with or without BOM; else Windows-1252)."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ApplicationError(
                "The file is not a readable XLSX workbook.", {"file": [str(exc)[:200]]}
            ) from exc
        sheet = book.worksheets[0]
        values = [
            ["" if v is None else str(v) for v in row]
            for row in sheet.iter_rows(values_only=True, max_row=SHEET_MAX_ROWS + 1)
        ]
        book.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            values = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise ApplicationError("The CSV file cannot be read.", {"file": [str(exc)]}) from exc
    values = [[cell_unsafe(c.strip()) for c in row] for row in values]
    while values and not any(values[0]):
        values.pop(0)
    if not values:
        raise ApplicationError("The file is empty.", {"file": ["No header row."]})
    if len(values) - 1 > SHEET_MAX_ROWS:
        raise ApplicationError(
            f"The sheet has more than {SHEET_MAX_ROWS:,} rows; split it.", {"file": ["Too long."]}
        )
    return Sheet(headers=values[0], rows=values[1:])


@dataclass
class Preview:
    sheet: Sheet
    mapping: dict[str, int]  # field -> column index
    check: SheetCheck

    def mapped(self) -> dict[str, str]:
        """Field -> header as written, for the mapping form."""
        return {name: self.sheet.headers[i] for name, i in self.mapping.items()}


def sheet_preview(
    *, actor: User, sheet: Sheet, override: Mapping[str, str] | None = None
) -> Preview:
    keeper_checked(actor)
    try:
        mapping = mapping_apply(sheet.headers, headers_guess(sheet.headers), override or {})
    except ValueError as exc:
        raise ApplicationError(str(exc), {"mapping": [str(exc)]}) from exc
    check = rows_check(sheet.headers, sheet.rows, mapping)
    if not can_change_list_status(actor):
        for row in check.rows:
            if row.finding_type and row.status != "pending":
                check.errors.append(
                    RowError(
                        row.row,
                        sheet.headers[mapping["status"]] if "status" in mapping else "Status",
                        "only administrators and attorneys may put a finding on the list",
                    )
                )
        check.rows = [r for r in check.rows if r.row not in check.bad_rows]
    check.errors.sort(key=lambda e: e.row)
    return Preview(sheet=sheet, mapping=mapping, check=check)


@dataclass
class ImportResult:
    officials_created: int = 0
    officials_updated: int = 0
    findings_created: int = 0
    findings_updated: int = 0
    skipped: list[RowError] = field(default_factory=list)


def _identity(agency: str, badges: Iterable[str], name: str) -> tuple[str, frozenset[str], str]:
    return (
        agency_key(agency) or "",
        frozenset(b for raw in badges if (b := badge_normalize(raw))),
        name_parse(name).key,
    )


def _official_find(
    known: list[tuple[tuple[str, frozenset[str], str], Official]], row: SheetRow
) -> Official | None:
    agency, badges, name = _identity(row.agency, row.badges, row.name)
    for (k_agency, k_badges, k_name), official in known:
        if k_agency != agency:
            continue
        if (badges and k_badges and badges & k_badges) or (
            name == k_name and not (badges and k_badges)
        ):
            return official
    return None


def sheet_import(*, actor: User, preview: Preview, valid_only: bool = False) -> ImportResult:
    organization_id = keeper_checked(actor)
    check = preview.check
    if check.errors and not valid_only:
        raise ApplicationError(
            f"Nothing was imported: {len(check.errors)} problem(s) in {len(check.bad_rows)} row(s). "
            "Correct the sheet, or confirm to import only the valid rows.",
            {"rows": [e.sentence() for e in check.errors[:200]]},
        )
    if not check.rows:
        raise ApplicationError("There is no valid row to import.", {"rows": ["No rows."]})
    result = ImportResult(skipped=list(check.errors))
    now = timezone.now()
    with transaction.atomic():
        existing = list(Official.objects.filter(organization_id=organization_id))
        known = [(_identity(o.agency, o.badges, o.full_name), o) for o in existing]
        touched: set[int] = set()
        for row in check.rows:
            official = _official_find(known, row)
            if official is None:
                official = Official.objects.create(
                    organization_id=organization_id,
                    kind=row.kind,
                    full_name=row.name,
                    agency=row.agency,
                    badges=list(row.badges),
                    aliases=list(row.aliases),
                    notes=row.notes,
                )
                known.append((_identity(row.agency, row.badges, row.name), official))
                result.officials_created += 1
                touched.add(official.pk)
            elif official.pk not in touched:
                official.kind = row.kind
                official.badges = sorted(set(official.badges) | set(row.badges))
                official.aliases = sorted(set(official.aliases) | set(row.aliases))
                official.notes = row.notes or official.notes
                official.save(update_fields=["kind", "badges", "aliases", "notes", "updated_at"])
                result.officials_updated += 1
                touched.add(official.pk)
            if row.finding_type is None:
                continue
            same = Finding.objects.filter(
                official=official,
                type=row.finding_type,
                date=row.date,
                description=row.finding,
            ).first()
            status_fields = {
                "status": row.status,
                "status_by": actor if row.status != "pending" else None,
                "status_at": now if row.status != "pending" else None,
            }
            if same is None:
                Finding.objects.create(
                    official=official,
                    type=row.finding_type,
                    om_code=row.om_code,
                    date=row.date,
                    description=row.finding,
                    source_citation=row.source[:1000],
                    **status_fields,
                )
                result.findings_created += 1
            else:
                if same.status != row.status:
                    for key, value in status_fields.items():
                        setattr(same, key, value)
                same.source_citation = row.source[:1000] or same.source_citation
                same.save()
                result.findings_updated += 1
        audit_record(
            actor=actor,
            action="credibility.import",
            detail={
                "officials_created": result.officials_created,
                "officials_updated": result.officials_updated,
                "findings_created": result.findings_created,
                "findings_updated": result.findings_updated,
                "rows_skipped": len(result.skipped),
            },
        )
    alerts_refresh(organization_id=organization_id)
    return result


def _export_rows(officials: Iterable[Official]) -> Iterator[list[object]]:
    keys = list(EXPORT_HEADERS)
    yield [EXPORT_HEADERS[k] for k in keys]
    for official in officials:
        base = {
            "name": official.full_name,
            "aliases": "; ".join(official.aliases),
            "kind": KINDS.get(official.kind, official.kind),
            "agency": official.agency,
            "badges": "; ".join(official.badges),
            "notes": official.notes,
        }
        findings = list(official.findings.all())
        if not findings:
            yield [cell_safe(base.get(k, "")) for k in keys]
        for finding in findings:
            row: dict[str, Any] = {
                **base,
                "finding_type": FINDING_TYPES.get(finding.type, finding.type),
                "finding": finding.description,
                "date": finding.date.isoformat() if finding.date else "",
                "status": STATUSES.get(finding.status, finding.status),
                "source": finding.source_citation
                or finding.source_filename
                or (finding.source_document.name if finding.source_document else ""),
            }
            yield [cell_safe(row.get(k, "")) for k in keys]


def sheet_export(*, actor: User, officials: Iterable[Official], fmt: str) -> tuple[bytes, str]:
    """The registry in the import's own shape (one row per finding): CSV or XLSX; audited."""
    if fmt not in ("csv", "xlsx"):
        raise ApplicationError("Choose csv or xlsx.", {"format": ["csv or xlsx"]})
    rows = list(_export_rows(officials))
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        content, content_type = out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Credibility list")
        for r in rows:
            sheet.append([xlsx_cell(v) for v in r])
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit_record(
        actor=actor, action="credibility.export", detail={"format": fmt, "rows": len(rows) - 1}
    )
    return content, content_type


def sheet_from_path(path: Path) -> Sheet:
    try:
        return sheet_read(path.read_bytes(), path.name)
    except OSError as exc:
        raise ApplicationError(f"Cannot read {path}: {exc}", {"file": [str(exc)]}) from exc


__all__ = ["FIELDS", "Preview", "Sheet", "sheet_export", "sheet_import", "sheet_preview"]
