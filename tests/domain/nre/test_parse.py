"""Reading both NRE layouts: fictional fixtures whose every quirk is listed next to its row."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from habeas.domain.nre import NreFileError, NreRecord, PartialDate, Schema, nre_read
from habeas.domain.nre.schema import FULL_COLUMNS, SPREADSHEET_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
SPREADSHEET = FIXTURES / "spreadsheet_2023_cp1252.csv"
FULL = FIXTURES / "full_export_2021.csv"
D = dt.date


def by_name(path: Path) -> dict[str, NreRecord]:
    return {r.name: r for r in nre_read(path).records}


def warned(path: Path) -> set[tuple[int, str]]:
    return {(w.row, w.column) for w in nre_read(path).warnings}


def test_spreadsheet_schema_encoding_and_counts() -> None:
    result = nre_read(SPREADSHEET)
    # 24 data lines: 23 people and one blank line (skipped, still numbered).
    assert (result.schema, result.encoding, result.rows_read, len(result.records)) == (
        Schema.SPREADSHEET,
        "cp1252",
        23,
        23,
    )


def test_spreadsheet_fields() -> None:
    first = nre_read(SPREADSHEET).records[0]
    assert first.row == 2 and first.name == "Renée Aldana"  # cp1252 é
    assert (
        first.tags == {"CIU", "H", "IO"}
        and first.factors == {"MWID", "OM"}
        and first.om_tags == {"OF", "WH"}
    )
    assert (first.exoneration, first.first_conviction, first.release) == (
        D(2023, 3, 15),
        D(2001, 1, 1),
        D(2021, 1, 1),
    )
    assert first.crime_year == 2000  # written "2,000"
    assert (first.age, first.state, first.county, first.sentence, first.posting_date) == (
        30,
        "California",
        "Los Angeles",
        "25 to Life",
        D(2024, 1, 5),
    )
    assert first.years_lost is None  # the spreadsheet has no "Years Lost": stats compute it


@pytest.mark.parametrize(
    ("row", "column", "what"),
    [
        (10, "release", "Ibarra: release 5/1/2000 before conviction 5/5/2000, kept"),
        (11, "Date of Release", "Jessup: 2/30/2021 is no day"),
        (13, "Tags", "Lorne: unknown tag ZZ, kept"),
        (14, "MWID", "Marsh: factor cell 'x' instead of 'MWID', read as present"),
        (15, "Date of Exoneration", "Nye: two-digit year 4/4/23 read as 2023"),
        (16, "Date of Crime Year", "Orr: 'nineteen ninety'"),
        (18, "", "Quon: 24 cells for 23 columns"),
        (19, "Age", "Rusk: age 'unknown'"),
        (23, "Date of Exoneration", "Vale: 13/45/2023"),
    ],
)
def test_spreadsheet_quirks_are_row_level_warnings(row: int, column: str, what: str) -> None:
    assert (row, column) in warned(SPREADSHEET), what


def test_spreadsheet_quirky_values() -> None:
    people = by_name(SPREADSHEET)
    assert people["Dee Pryce"].name == "Dee Pryce"  # trailing no-break space dropped
    assert people["Cal Nye"].exoneration == D(2023, 4, 4)
    assert people["Ann Jessup"].release is None
    assert people["Hal Vale"].exoneration is None
    assert people["Pat Lorne"].tags == {"CIU", "ZZ"}
    assert people["Ken Ibarra"].release == D(2000, 5, 1)
    assert len(nre_read(SPREADSHEET).warnings) == 9


def test_full_export_fields() -> None:
    result = nre_read(FULL)
    assert (result.schema, result.encoding, result.rows_read) == (Schema.FULL, "utf-8-sig", 15)
    first = result.records[0]
    assert first.nre_id == "91001" and first.name == "Renata Ålvik"
    assert first.tags == {"CIU", "H", "IO"} and first.factors == {"MWID", "F/MFE"}
    assert first.years_lost == Decimal("20.4") and first.crime_year == 2000
    assert first.crime_date == PartialDate(2000, 12, 31) and first.arrest_date == PartialDate(
        2001, 1, 18
    )
    assert (first.pre_1989, first.death_penalty, first.age) == (False, False, 22)


def test_full_export_partial_dates_and_codes() -> None:
    people = by_name(FULL)
    bo = people["Bo Lindqvist"]
    assert bo.crime_date == PartialDate(2004) and str(bo.crime_date) == "2004"
    assert bo.om_tags == {"OF", "WH"} and bo.years_lost is None
    eun = people["Eun-ji Park"]
    assert eun.tags == {"H", "NC", "P", "CV"}  # the "Child Victim" column adds CV
    assert eun.arrest_date == PartialDate(2003, 2)  # 30 Feb: day dropped
    hana = people["Hana Ito"]
    assert hana.crime_date == PartialDate(1993) and hana.arrest_date == PartialDate(1993)
    assert people["Gil Santos"].tags == {"CIU", "IO"}  # short labels
    assert people["Cyd Marsh"].years_lost == 0  # "-0": release precedes conviction
    assert people["Mats Olin"].tags == {"FED", "H", "CIU", "IO"}
    assert people["Nia Vance"].pre_1989 is True and people["Nia Vance"].death_penalty is True


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (4, "release"),
        (5, "Case Characteristics"),
        (5, "Mistaken Witness ID"),
        (5, "Years Lost"),
        (6, "Date of Arrest Day"),
        (9, "Date of Crime Month"),
        (9, "Date of Arrest Month"),
        (13, "Date of Exon"),
        (16, "Years Lost"),
    ],
)
def test_full_export_quirks_are_row_level_warnings(row: int, column: str) -> None:
    assert (row, column) in warned(FULL)


def test_summary_counts_warnings_by_column() -> None:
    summary = nre_read(FULL).summary()
    assert (
        summary["rows_read"] == 15
        and summary["warnings"] == 9
        and summary["rows_with_warnings"] == 6
    )
    assert summary["warnings_by_column"] == {
        "Case Characteristics": 1,
        "Date of Arrest Day": 1,
        "Date of Arrest Month": 1,
        "Date of Crime Month": 1,
        "Date of Exon": 1,
        "Mistaken Witness ID": 1,
        "Years Lost": 2,
        "release": 1,
    }


def _xlsx_cell(column: str, value: str) -> object:
    """What Excel would store: real dates, numbers for years and ages; anything unreadable stays text."""
    if (
        column.startswith(("Date of Ex", "Date of 1st", "Date of Rel", "Posting"))
        and value.count("/") == 2
    ):
        month, day, year = value.split("/")
        if len(year) != 4:
            return value
        try:
            return dt.datetime(int(year), int(month), int(day))
        except ValueError:
            return value
    if column in ("Date of Crime Year", "Age") and value.replace(",", "").isdigit():
        return float(value.replace(",", "")) if column == "Age" else int(value.replace(",", ""))
    return value or None


def test_xlsx_reads_like_the_csv(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    with SPREADSHEET.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    sheet.append(rows[0])
    for values in rows[1:]:
        sheet.append(
            [_xlsx_cell(c, v) for c, v in zip(rows[0], values, strict=False)]
            + values[len(rows[0]) :]
        )
    path = tmp_path / "nre.xlsx"
    workbook.save(path)
    from_xlsx, from_csv = nre_read(path), nre_read(SPREADSHEET)
    assert from_xlsx.encoding == "xlsx" and from_xlsx.schema is Schema.SPREADSHEET
    assert [
        (r.name, r.exoneration, r.release, r.crime_year, r.age, r.tags) for r in from_xlsx.records
    ] == [(r.name, r.exoneration, r.release, r.crime_year, r.age, r.tags) for r in from_csv.records]


def test_damaged_xlsx_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(NreFileError, match="not a readable XLSX"):
        nre_read(path)


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _line(last: str, first: str, exoneration: str) -> str:
    """A spreadsheet CSV line: names, 18 blank columns, the exoneration date, two blank dates."""
    return ",".join([last, first, *[""] * 18, exoneration, "", ""])


def test_mixed_encodings_are_read_and_reported(tmp_path: Path) -> None:
    lines = [
        ",".join(SPREADSHEET_COLUMNS).encode(),
        _line("Aldana", "Renée", "3/1/2023").encode(),  # UTF-8
        _line("Brisco", "Tomás", "3/2/2023").encode("cp1252"),  # a cp1252 row in a UTF-8 file
        _line("Carrow", "Le#na", "3/3/2023")
        .encode()
        .replace(b"#", b"\x81"),  # 0x81: neither UTF-8 nor cp1252
        _line("Dunmore", "Zoë", "3/4/2023").encode(),
    ]
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    result = nre_read(path)
    assert result.encoding == "utf-8" and [r.name for r in result.records] == [
        "Renée Aldana",
        "Tomás Brisco",
        "Le\ufffdna Carrow",
        "Zoë Dunmore",
    ]
    messages = {w.row: w.message for w in result.warnings}
    assert (
        "mixed encodings" in messages[3]
        and "replaced" in messages[4]
        and 2 not in messages
        and 5 not in messages
    )


def test_a_utf8_row_in_a_cp1252_file(tmp_path: Path) -> None:
    body = [_line(f"A{i}", "José", "3/1/2023").encode("cp1252") for i in range(3)]
    body.append(_line("Zed", "José", "3/1/2023").encode())
    path = tmp_path / "cp.csv"
    path.write_bytes(b"\n".join([",".join(SPREADSHEET_COLUMNS).encode(), *body]) + b"\n")
    result = nre_read(path)
    assert result.encoding == "cp1252" and all(r.name.startswith("José") for r in result.records)
    assert [(w.row, "mixed encodings" in w.message) for w in result.warnings] == [(5, True)]


def test_header_case_spacing_unknown_duplicate_and_missing_columns(tmp_path: Path) -> None:
    header = [
        c.upper() if c == "Tags" else f" {c.lower()} "
        for c in SPREADSHEET_COLUMNS
        if c not in ("Age", "OM Tags")
    ]
    header += ["Notes", "MWID"]
    row = {
        "last name": "Aldana",
        "first name": "Renée",
        "TAGS": "CIU;#H",
        "date of exoneration": "3/1/2023",
        "mwid": "MWID",
    }
    values = [row.get(h.strip(), "") for h in header[:-2]] + ["a note", ""]
    result = nre_read(_write(tmp_path / "odd.csv", header, [values]))
    [record] = result.records
    assert (
        record.name == "Renée Aldana"
        and record.tags == {"CIU", "H"}
        and record.exoneration == D(2023, 3, 1)
    )
    assert record.factors == set()  # the second MWID column (blank) is the one read
    remarks = {(w.column, w.message.split(";")[0]) for w in result.warnings if w.row == 1}
    assert remarks == {
        ("Age", "missing column"),
        ("OM Tags", "missing column"),
        ("Notes", "unknown column"),
        ("MWID", "column appears twice"),
    }


def test_full_export_with_few_columns_gets_one_remark_for_unused_ones(tmp_path: Path) -> None:
    header = ["Name", "Case Characteristics", "Mistaken Witness ID", "Date of Exon"]
    result = nre_read(
        _write(
            tmp_path / "few.csv", header, [["A B", "Homicide", "Yes", "2021-01-01"]], "utf-8-sig"
        )
    )
    assert result.records[0].tags == {"H"} and result.records[0].factors == {"MWID"}
    file_level = [w for w in result.warnings if w.row == 1]
    unused = [w for w in file_level if w.column == ""]
    assert len(unused) == 1 and unused[0].message.startswith(
        f"{len(FULL_COLUMNS) - 42} other known columns"
    )
    assert {w.column for w in file_level} >= {"Years Lost", "Date of Release", "DNA"}


def test_oversized_field_and_short_rows_do_not_stop_the_read(tmp_path: Path) -> None:
    blank = [""] * 18
    rows = [
        ["Aldana", "Renée", *blank, "3/1/2023", "", ""],
        ["Big", "x" * 200_000, *blank, "3/2/2023", "", ""],
        ["Carrow"],
        ["Dunmore", "Abe", *blank, "3/4/2023", "", ""],
    ]
    result = nre_read(_write(tmp_path / "big.csv", list(SPREADSHEET_COLUMNS), rows))
    assert [r.name for r in result.records] == ["Renée Aldana", "Carrow", "Abe Dunmore"]
    assert {(w.row, w.message.split(" (")[0]) for w in result.warnings} == {
        (3, "unreadable row"),
        (4, "1 cells where the header has 23; padded or cut"),
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"a,b\n1,2\n", "not an NRE"),
        (b"Last Name,Tags,MWID\nX,H,\n", "missing columns Date of Exoneration"),
        (b"Case Characteristics,Mistaken Witness ID,Date of Exon\n", "missing columns Name"),
    ],
)
def test_files_that_cannot_be_nre_files_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(NreFileError, match=message):
        nre_read(path)


def test_old_mac_line_endings_and_a_quoted_line_break(tmp_path: Path) -> None:
    lines = [
        ",".join(SPREADSHEET_COLUMNS),
        _line("Núñez", "Ana", "1/1/2023"),
        _line('"Ortega\rBaez"', "Eli", "1/2/2023"),
    ]
    path = tmp_path / "mac.csv"
    path.write_bytes("\r".join(lines).encode("cp1252"))
    result = nre_read(path)
    assert result.encoding == "cp1252" and [r.name for r in result.records] == [
        "Ana Núñez",
        "Eli Ortega\rBaez",
    ]
    assert result.warnings == []


def test_trailing_empty_cells_are_not_reported(tmp_path: Path) -> None:
    path = tmp_path / "trailing.csv"
    path.write_text(
        "\n".join([",".join(SPREADSHEET_COLUMNS), _line("Aldana", "Renée", "3/1/2023") + ",,,"])
        + "\n",
        encoding="cp1252",
    )
    result = nre_read(path)
    assert [r.name for r in result.records] == ["Renée Aldana"] and result.warnings == []
