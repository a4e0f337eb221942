"""Read either NRE file into ``NreRecord`` rows, with row-level warnings instead of crashes.

``nre_read(path)`` detects the layout from the header, streams the rows (CSV line by line, XLSX in
read-only mode) and returns every record plus warnings naming the row, the column and the problem.
Only a file that cannot be an NRE file at all (empty, unknown header, no name or exoneration-date
column, a damaged workbook) raises ``NreFileError``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from habeas.domain.nre.exoneration import NreRecord, ParseResult, RowWarning
from habeas.domain.nre.schema import (
    CHARACTERISTIC_TAGS,
    FACTORS,
    FULL_FACTOR_COLUMNS,
    FULL_OM_COLUMNS,
    OM_TAGS,
    TAGS,
    Schema,
    column_key,
    schema_columns,
    schema_detect,
    schema_essential,
    schema_read,
)
from habeas.domain.nre.sources import LineDecoder, NreFileError, csv_rows, xlsx_rows
from habeas.domain.nre.values import (
    cell_bool,
    cell_date,
    cell_int,
    cell_partial_date,
    cell_year,
    cell_years_lost,
)

# Older names, kept for callers that imported them from here.
Warning = RowWarning
_date = cell_date
_year = cell_year

__all__ = [
    "NreFileError",
    "NreRecord",
    "ParseResult",
    "RowWarning",
    "Warning",
    "nre_parse",
    "nre_read",
]

Row = Mapping[str, str]


def _text(row: Row, column: str) -> str:
    return (row.get(column) or "").strip()


def _codes(
    raw: str, separator: str, known: Iterable[str], n: int, column: str, warnings: list[RowWarning]
) -> frozenset[str]:
    codes = {part.strip().upper() for part in raw.split(separator) if part.strip()}
    warnings.extend(
        RowWarning(n, column, f"unknown code {code!r}; kept") for code in sorted(codes - set(known))
    )
    return frozenset(codes)


def _spreadsheet_row(n: int, row: Row, warnings: list[RowWarning]) -> NreRecord:
    factors = set()
    for code in FACTORS:
        value = _text(row, code)
        if value:
            factors.add(code)
            if value.upper() != code:
                warnings.append(
                    RowWarning(
                        n, code, f"expected {code!r} or blank, got {value!r}; read as present"
                    )
                )
    return NreRecord(
        row=n,
        name=f"{_text(row, 'First Name')} {_text(row, 'Last Name')}".strip(),
        state=_text(row, "State"),
        county=_text(row, "County"),
        tags=_codes(_text(row, "Tags"), ";#", TAGS, n, "Tags", warnings),
        factors=frozenset(factors),
        worst_crime=_text(row, "Worst Crime Display"),
        exoneration=cell_date(row.get("Date of Exoneration"), n, "Date of Exoneration", warnings),
        first_conviction=cell_date(
            row.get("Date of 1st Conviction"), n, "Date of 1st Conviction", warnings
        ),
        release=cell_date(row.get("Date of Release"), n, "Date of Release", warnings),
        years_lost=None,
        crime_year=cell_year(row.get("Date of Crime Year"), n, "Date of Crime Year", warnings),
        age=cell_int(row.get("Age"), n, "Age", warnings, maximum=120),
        race=_text(row, "Race"),
        sex=_text(row, "Sex"),
        sentence=_text(row, "Sentence"),
        posting_date=cell_date(row.get("Posting Date"), n, "Posting Date", warnings),
        om_tags=_codes(_text(row, "OM Tags"), ";#", OM_TAGS, n, "OM Tags", warnings),
    )


def _yes_codes(
    row: Row, columns: Mapping[str, str], n: int, warnings: list[RowWarning]
) -> frozenset[str]:
    return frozenset(
        code for column, code in columns.items() if cell_bool(row.get(column), n, column, warnings)
    )


def _full_tags(row: Row, n: int, warnings: list[RowWarning]) -> frozenset[str]:
    tags = set()
    for label in _text(row, "Case Characteristics").split(";"):
        key = label.strip().lower()
        if not key:
            continue
        code = CHARACTERISTIC_TAGS.get(key)
        if code is None:
            warnings.append(
                RowWarning(
                    n, "Case Characteristics", f"unknown characteristic {label.strip()!r}; ignored"
                )
            )
        else:
            tags.add(code)
    if cell_bool(row.get("Child Victim"), n, "Child Victim", warnings):
        tags.add("CV")  # the spreadsheet's CV tag is a column of its own in the full export
    return frozenset(tags)


def _full_row(n: int, row: Row, warnings: list[RowWarning]) -> NreRecord:
    crime = cell_partial_date(
        row.get("Date of Crime Year"),
        row.get("Date of Crime Month"),
        row.get("Date of Crime Day"),
        n,
        "Date of Crime",
        warnings,
    )
    return NreRecord(
        row=n,
        name=_text(row, "Name"),
        state=_text(row, "State"),
        county=_text(row, "County of Crime"),
        tags=_full_tags(row, n, warnings),
        factors=_yes_codes(row, FULL_FACTOR_COLUMNS, n, warnings),
        worst_crime=_text(row, "Worst Crime Display"),
        exoneration=cell_date(row.get("Date of Exon"), n, "Date of Exon", warnings),
        first_conviction=cell_date(
            row.get("Date of 1st Convic"), n, "Date of 1st Convic", warnings
        ),
        release=cell_date(row.get("Date of Release"), n, "Date of Release", warnings),
        years_lost=cell_years_lost(row.get("Years Lost"), n, "Years Lost", warnings),
        crime_year=crime.year if crime else None,
        nre_id=_text(row, "ID"),
        age=cell_int(row.get("Age at Crime Years"), n, "Age at Crime Years", warnings, maximum=120),
        race=_text(row, "Race"),
        sex=_text(row, "Sex"),
        sentence=_text(row, "Sentence"),
        posting_date=cell_date(row.get("Posting Date"), n, "Posting Date", warnings),
        om_tags=_yes_codes(row, FULL_OM_COLUMNS, n, warnings),
        crime_date=crime,
        arrest_date=cell_partial_date(
            row.get("Date of Arrest Year"),
            row.get("Date of Arrest Month"),
            row.get("Date of Arrest Day"),
            n,
            "Date of Arrest",
            warnings,
        ),
        pre_1989=cell_bool(row.get("Pre-1989"), n, "Pre-1989", warnings),
        death_penalty=cell_bool(row.get("Death Penalty?"), n, "Death Penalty?", warnings),
    )


def _check_order(record: NreRecord, warnings: list[RowWarning]) -> None:
    if record.first_conviction and record.release and record.release < record.first_conviction:
        warnings.append(
            RowWarning(
                record.row, "release", "release precedes the first conviction (kept as written)"
            )
        )
    if (
        record.first_conviction
        and record.exoneration
        and record.exoneration < record.first_conviction
    ):
        warnings.append(
            RowWarning(
                record.row,
                "exoneration",
                "exoneration precedes the first conviction (kept as written)",
            )
        )


def _header(cells: Sequence[str], name: str) -> tuple[Schema, list[str], list[RowWarning]]:
    """The layout, the header mapped onto canonical column names, and remarks about the columns."""
    schema = schema_detect(list(cells))
    if schema is None:
        raise NreFileError(
            f"{name}: not an NRE spreadsheet or full export (header starts {list(cells[:4])})"
        )
    canonical = {column_key(c): c for c in schema_columns(schema)}
    names = [canonical.get(column_key(c), c.strip()) for c in cells]
    missing = [c for c in schema_essential(schema) if c not in names]
    if missing:
        raise NreFileError(
            f"{name}: missing columns {', '.join(missing)} (needed to name a row and date its exoneration)"
        )
    remarks = [
        RowWarning(1, c, "missing column; read as blank")
        for c in schema_read(schema)
        if c not in names
    ]
    unused = [c for c in schema_columns(schema) if c not in names and c not in schema_read(schema)]
    if unused:
        remarks.append(
            RowWarning(
                1,
                "",
                f"{len(unused)} other known columns are absent (not used here): {', '.join(unused)}",
            )
        )
    remarks += [
        RowWarning(1, c, "unknown column; ignored")
        for c in names
        if c and column_key(c) not in canonical
    ]
    twice = sorted({c for c in names if c and names.count(c) > 1})
    remarks += [RowWarning(1, c, "column appears twice; the last one is read") for c in twice]
    return schema, names, remarks


def nre_parse(
    rows: Iterable[Sequence[str] | csv.Error], *, name: str = "rows", encoding: str = ""
) -> ParseResult:
    """Parse rows already split into cells, the header first (what ``nre_read`` feeds from a file)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if not first or isinstance(first, csv.Error):
        raise NreFileError(
            f"{name}: empty file" if not first else f"{name}: unreadable header ({first})"
        )
    schema, header, remarks = _header(first, name)
    result = ParseResult(schema=schema, encoding=encoding, warnings=remarks)
    convert = _spreadsheet_row if schema is Schema.SPREADSHEET else _full_row
    for n, values in enumerate(iterator, start=2):
        if isinstance(values, csv.Error):
            result.warnings.append(RowWarning(n, "", f"unreadable row ({values}); skipped"))
            continue
        if not any(v.strip() for v in values):
            continue
        while len(values) > len(header) and not values[-1].strip():
            values = values[:-1]  # trailing empty cells ("a,b,,,") are not a problem
        if len(values) != len(header):
            result.warnings.append(
                RowWarning(
                    n, "", f"{len(values)} cells where the header has {len(header)}; padded or cut"
                )
            )
        row = dict(zip(header, [*values, *[""] * (len(header) - len(values))], strict=False))
        record = convert(n, row, result.warnings)
        _check_order(record, result.warnings)
        result.records.append(record)
        result.rows_read += 1
    return result


def _encoding_remarks(
    decoder: LineDecoder, per_row: list[tuple[int, list[str]]]
) -> list[RowWarning]:
    main = decoder.encoding()
    family = "cp1252" if main == "cp1252" else "utf-8"
    remarks = []
    for n, used in per_row:
        if "cp1252-replaced" in used:
            remarks.append(
                RowWarning(
                    n, "", "bytes that are neither UTF-8 nor cp1252 were replaced with U+FFFD"
                )
            )
        elif any(u != family for u in used):
            other = next(u for u in used if u != family)
            remarks.append(
                RowWarning(
                    n,
                    "",
                    f"row is not {family} like the rest of the file; read as {other} (mixed encodings)",
                )
            )
    return remarks


def _read_csv(path: Path) -> ParseResult:
    with path.open("rb") as handle:
        decoder = LineDecoder(handle)
        per_row: list[tuple[int, list[str]]] = []

        def tracked() -> Iterable[list[str] | csv.Error]:
            for n, row in enumerate(csv_rows(decoder), start=1):
                used = decoder.take()
                if used:
                    per_row.append((n, used))
                yield row

        result = nre_parse(tracked(), name=path.name)
    result.encoding = decoder.encoding()
    result.warnings.extend(_encoding_remarks(decoder, per_row))
    result.warnings.sort(key=lambda w: w.row)
    return result


def nre_read(path: Path | str) -> ParseResult:
    """Read an NRE spreadsheet (XLSX, or CSV in cp1252) or full export (UTF-8 CSV), streaming rows."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return nre_parse(xlsx_rows(path), name=path.name, encoding="xlsx")
    return _read_csv(path)
