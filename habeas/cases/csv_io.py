"""The CSV layout for bulk case import and export. Export writes what import reads, so a file
exported by one organization can be imported by another.

Each column maps to one field of the intake service's sections; the service's forms do the real
validation, so a CSV row gets the same messages as the intake page. This module only reads and
writes text: file-level problems, row numbering, and duplicates inside one file.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from habeas.cases.models import Case, Party
from habeas.domain.spreadsheet_cells import cell_safe, cell_unsafe


@dataclass(frozen=True)
class Column:
    name: str
    section: str  # "case" or an intake section: applicant, incident, conviction, claim
    field: str
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("title", "case", "title", "Short caption, e.g. People v. Doe (required)"),
    Column("received_on", "case", "received_on", "Date the request arrived, YYYY-MM-DD (required)"),
    Column("county", "case", "county"),
    Column("intake_source", "case", "intake_source", "Letter from applicant, referral…"),
    Column("summary", "case", "summary"),
    Column("applicant_first_name", "applicant", "first_name"),
    Column("applicant_last_name", "applicant", "last_name", "(required)"),
    Column("applicant_dob", "applicant", "date_of_birth"),
    Column("corrections_id", "applicant", "corrections_id"),
    Column(
        "custody_status",
        "applicant",
        "custody_status",
        "in_custody, parole, released, deceased, unknown",
    ),
    Column("facility", "applicant", "facility"),
    Column("incident_date", "incident", "occurred_on"),
    Column("incident_place", "incident", "place"),
    Column("incident_agency", "incident", "agency"),
    Column("agency_report_number", "incident", "agency_report_number"),
    Column("court", "conviction", "court"),
    Column("docket_number", "conviction", "docket_number"),
    Column("arrest_date", "conviction", "arrested_on"),
    Column("conviction_date", "conviction", "convicted_on"),
    Column("conviction_form", "conviction", "form", "jury, bench, plea"),
    Column("offense", "conviction", "offense"),
    Column("statute", "conviction", "statute"),
    Column("claim_basis", "claim", "basis"),
    Column(
        "nre_factors", "claim", "nre_factors", "NRE codes separated by semicolons, e.g. MWID; F/MFE"
    ),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = ("title", "received_on", "applicant_last_name")
# Service error keys ("conviction.docket_number", "title") back to the column a user can fix.
_COLUMN_OF_ERROR_KEY: dict[str, str] = {
    (c.field if c.section == "case" else f"{c.section}.{c.field}"): c.name for c in COLUMNS
}


class CsvFileError(ValueError):
    """The file as a whole cannot be used (encoding, header, size); nothing is imported."""


@dataclass(frozen=True)
class RowError:
    line: int  # line number in the file, the header being line 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.line}: {self.column}: {self.message}"


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass
class CsvRead:
    header: list[str]
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def decode_csv_bytes(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding label). UTF-8 (with or without BOM) first, then Windows-1252,
    which is what spreadsheet programs on Windows write when told "CSV"."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError('the file is UTF-16 text; save it as "CSV UTF-8"')
    if b"\x00" in raw:
        raise CsvFileError(
            "the file contains NUL bytes; is it a spreadsheet (.xlsx) rather than CSV?"
        )
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        offset = exc.start
    try:
        return raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        raise CsvFileError(
            f'the file is neither UTF-8 nor Windows-1252 text (undecodable byte at offset {offset}); save it as "CSV UTF-8"'
        ) from None


def _header_check(header: list[str]) -> None:
    problems: list[str] = []
    if any(not h for h in header):
        problems.append("empty column name in the header")
    if unknown := [h for h in header if h and h not in COLUMN_NAMES]:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if duplicated := sorted(h for h, n in Counter(header).items() if h and n > 1):
        problems.append(f"repeated column(s): {', '.join(duplicated)}")
    if missing := [c for c in REQUIRED_COLUMNS if c not in header]:
        problems.append(f"missing required column(s): {', '.join(missing)}")
    if problems:
        raise CsvFileError(
            "header: " + "; ".join(problems) + f". Known columns: {', '.join(COLUMN_NAMES)}"
        )


def _docket_key(values: Mapping[str, str]) -> tuple[str, str] | None:
    docket = values.get("docket_number", "").strip().lower()
    return (values.get("court", "").strip().lower(), docket) if docket else None


def read_rows(text: str, *, max_rows: int) -> CsvRead:
    """Parse the text into rows keyed by column. Raises CsvFileError for a file that cannot be
    used at all; row problems found without the database (cell counts, duplicate dockets inside
    the file) are returned in ``errors`` so every bad row is reported, not only the first."""
    if not text.strip():
        raise CsvFileError("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        _header_check(header)
        result = CsvRead(header=header)
        first_row_of: dict[tuple[str, str], int] = {}
        consumed = reader.line_num
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(result.rows) >= max_rows:
                raise CsvFileError(
                    f"the file has more than {max_rows} data rows (HABEAS_IMPORT_MAX_ROWS); split it"
                )
            if len(cells) != len(header):
                result.errors.append(
                    RowError(
                        line, "(row)", f"has {len(cells)} cells but the header has {len(header)}"
                    )
                )
                continue
            values = {
                name: cell_unsafe(cell.strip()) for name, cell in zip(header, cells, strict=True)
            }
            key = _docket_key(values)
            if key is not None and key in first_row_of:
                result.errors.append(
                    RowError(
                        line,
                        "docket_number",
                        f"docket {values['docket_number']} in {values.get('court') or 'the same court'} repeats row {first_row_of[key]} of this file",
                    )
                )
            elif key is not None:
                first_row_of[key] = line
            result.rows.append(CsvRow(line=line, values=values))
    except csv.Error as exc:
        raise CsvFileError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    if not result.rows and not result.errors:
        raise CsvFileError("the file has a header but no data rows")
    return result


def row_to_intake(values: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A row as the intake service's (case, sections) arguments; empty cells are left out so
    model defaults apply."""
    case: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {
        "applicant": {},
        "incident": {},
        "conviction": {},
        "claim": {},
    }
    for column in COLUMNS:
        value = values.get(column.name, "")
        if not value:
            continue
        target = case if column.section == "case" else sections[column.section]
        if column.name == "nre_factors":
            target[column.field] = [
                code.strip().upper() for code in value.split(";") if code.strip()
            ]
        elif column.name in {"custody_status", "conviction_form"}:
            target[column.field] = value.lower()
        else:
            target[column.field] = value
    if sections["incident"] and case.get("county"):
        sections["incident"]["county"] = case["county"]
    return case, sections


def intake_errors_as_rows(
    line: int, fields: Mapping[str, Iterable[str]], fallback: str
) -> list[RowError]:
    if not fields:
        return [RowError(line, "(row)", fallback)]
    return [
        RowError(line, _COLUMN_OF_ERROR_KEY.get(key, key), message)
        for key, messages in fields.items()
        for message in messages
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def case_to_row(case: Case) -> dict[str, str]:
    """One case as a CSV row: the case itself plus its first applicant, incident, conviction and claim.
    Expects parties, incidents, convictions and claims to be prefetched."""
    applicant = next((p for p in case.parties.all() if p.kind == Party.Kind.APPLICANT), None)
    sources: dict[str, object | None] = {
        "case": case,
        "applicant": applicant,
        "incident": next(iter(case.incidents.all()), None),
        "conviction": next(iter(case.convictions.all()), None),
        "claim": next(iter(case.claims.all()), None),
    }
    row: dict[str, str] = {}
    for column in COLUMNS:
        obj = sources[column.section]
        value = getattr(obj, column.field, None) if obj is not None else None
        if column.name == "nre_factors":
            row[column.name] = "; ".join(value or [])
        elif column.name == "custody_status" and value == Party.Custody.UNKNOWN:
            row[column.name] = ""  # the default; keeps exported files quiet
        else:
            row[column.name] = cell_safe(_text(value))
    return row


def write_rows(out: TextIO, cases: Iterable[Case]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(COLUMN_NAMES), lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for case in cases:
        writer.writerow(case_to_row(case))
        count += 1
    return count
