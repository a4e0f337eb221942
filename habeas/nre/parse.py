"""Read either NRE file into ``NreRecord`` rows, with row-level warnings instead of crashes."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from habeas.nre.schema import (
    CHARACTERISTIC_TAGS,
    FACTORS,
    FULL_FACTOR_COLUMNS,
    FULL_REQUIRED,
    SPREADSHEET_COLUMNS,
    SPREADSHEET_REQUIRED,
    Schema,
    schema_detect,
)


@dataclass(frozen=True)
class NreRecord:
    row: int
    name: str
    state: str
    county: str
    tags: frozenset[str]
    factors: frozenset[str]
    worst_crime: str
    exoneration: dt.date | None
    first_conviction: dt.date | None
    release: dt.date | None
    years_lost: Decimal | None  # from the file when it has the column, else computed (see stats)
    crime_year: int | None = None


@dataclass(frozen=True)
class Warning:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    schema: Schema
    encoding: str
    records: list[NreRecord] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    rows_read: int = 0


class NreFileError(ValueError):
    """The file as a whole cannot be read (not a known layout, unreadable)."""


def _date(raw: str, row: int, column: str, warnings: list[Warning]) -> dt.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    text = text.split(" ")[0]  # XLSX cells may carry a time part
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time zone)
        except ValueError:
            continue
    warnings.append(Warning(row, column, f"unreadable date {raw!r}; left blank"))
    return None


def _year(raw: str, row: int, column: str, warnings: list[Warning]) -> int | None:
    text = re.sub(r"[,\s]", "", raw or "")  # the spreadsheet writes 2000 as "2,000"
    if not text:
        return None
    if text.isdigit() and 1800 <= int(text) <= 2100:
        return int(text)
    warnings.append(Warning(row, column, f"unreadable year {raw!r}; left blank"))
    return None


def _decimal(raw: str, row: int, column: str, warnings: list[Warning]) -> Decimal | None:
    text = (raw or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        warnings.append(Warning(row, column, f"not a number {raw!r}; left blank"))
        return None
    if value < 0:
        warnings.append(Warning(row, column, f"negative value {raw!r}; left blank"))
        return None
    return value


def _check_order(record: NreRecord, warnings: list[Warning]) -> None:
    if record.first_conviction and record.release and record.release < record.first_conviction:
        warnings.append(Warning(record.row, "release", "release precedes the first conviction (kept as written)"))
    if record.first_conviction and record.exoneration and record.exoneration < record.first_conviction:
        warnings.append(Warning(record.row, "exoneration", "exoneration precedes the first conviction (kept as written)"))


def _spreadsheet_row(n: int, row: dict[str, str], warnings: list[Warning]) -> NreRecord:
    tags = frozenset(t.strip().upper() for t in (row.get("Tags") or "").split(";#") if t.strip())
    factors = frozenset(code for code in FACTORS if (row.get(code) or "").strip())
    return NreRecord(
        row=n, name=f"{(row.get('First Name') or '').strip()} {(row.get('Last Name') or '').strip()}".strip(),
        state=(row.get("State") or "").strip(), county=(row.get("County") or "").strip(), tags=tags, factors=factors,
        worst_crime=(row.get("Worst Crime Display") or "").strip(),
        exoneration=_date(row.get("Date of Exoneration", ""), n, "Date of Exoneration", warnings),
        first_conviction=_date(row.get("Date of 1st Conviction", ""), n, "Date of 1st Conviction", warnings),
        release=_date(row.get("Date of Release", ""), n, "Date of Release", warnings),
        years_lost=None, crime_year=_year(row.get("Date of Crime Year", ""), n, "Date of Crime Year", warnings),
    )


def _full_row(n: int, row: dict[str, str], warnings: list[Warning]) -> NreRecord:
    tags = set()
    for label in (row.get("Case Characteristics") or "").split(";"):
        key = label.strip().lower()
        if key:
            code = CHARACTERISTIC_TAGS.get(key)
            if code is None:
                warnings.append(Warning(n, "Case Characteristics", f"unknown characteristic {label.strip()!r}; ignored"))
            else:
                tags.add(code)
    factors = set()
    for column, code in FULL_FACTOR_COLUMNS.items():
        value = (row.get(column) or "").strip().lower()
        if value in ("yes", "y", "1", "true"):
            factors.add(code)
        elif value not in ("", "no", "n", "0", "false"):
            warnings.append(Warning(n, column, f"expected Yes/No, got {row.get(column)!r}; read as No"))
    return NreRecord(
        row=n, name=(row.get("Name") or "").strip(), state=(row.get("State") or "").strip(),
        county=(row.get("County of Crime") or "").strip(), tags=frozenset(tags), factors=frozenset(factors),
        worst_crime=(row.get("Worst Crime Display") or "").strip(),
        exoneration=_date(row.get("Date of Exon", ""), n, "Date of Exon", warnings),
        first_conviction=_date(row.get("Date of 1st Convic", ""), n, "Date of 1st Convic", warnings),
        release=_date(row.get("Date of Release", ""), n, "Date of Release", warnings),
        years_lost=_decimal(row.get("Years Lost", ""), n, "Years Lost", warnings),
        crime_year=_year(row.get("Date of Crime Year", ""), n, "Date of Crime Year", warnings),
    )


def _csv_rows(path: Path) -> tuple[str, Iterator[list[str]]]:
    raw = path.read_bytes()[:1 << 20]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        handle = path.open(newline="", encoding=encoding, errors="replace")
        return encoding, csv.reader(handle)
    raise NreFileError(f"{path.name}: neither UTF-8 nor cp1252")


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for values in workbook.active.iter_rows(values_only=True):  # type: ignore[union-attr]
            yield ["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v)) for v in values]
    finally:
        workbook.close()


def nre_read(path: Path | str) -> ParseResult:
    """Read an NRE spreadsheet (XLSX/CSV) or full export (CSV), streaming rows."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        encoding, rows = "xlsx", _xlsx_rows(path)
    else:
        encoding, rows = _csv_rows(path)
    header = next(rows, None)
    if not header:
        raise NreFileError(f"{path.name}: empty file")
    header = [h.strip().lstrip("\ufeff") for h in header]
    schema = schema_detect(header)
    if schema is None:
        raise NreFileError(f"{path.name}: not an NRE spreadsheet or full export (header starts {header[:4]})")
    result = ParseResult(schema=schema, encoding=encoding)
    required = SPREADSHEET_REQUIRED if schema is Schema.SPREADSHEET else FULL_REQUIRED
    missing = [c for c in required if c not in header]
    if missing:
        raise NreFileError(f"{path.name}: missing columns {', '.join(missing)}")
    if schema is Schema.SPREADSHEET:
        for extra in (h for h in header if h and h not in SPREADSHEET_COLUMNS):
            result.warnings.append(Warning(1, extra, "unknown column; ignored"))
    convert = _spreadsheet_row if schema is Schema.SPREADSHEET else _full_row
    for n, values in enumerate(rows, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            result.warnings.append(Warning(n, "", f"{len(values)} cells where the header has {len(header)}; padded or cut"))
        row = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        record = convert(n, row, result.warnings)
        _check_order(record, result.warnings)
        result.records.append(record)
        result.rows_read += 1
    return result
