"""NRE files in both public layouts, with fictional rows whose figures are worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from habeas.domain.nre.parse import NreFileError, Warning, _date, _year, nre_read
from habeas.domain.nre.schema import Schema
from habeas.domain.nre.stats import nre_year_stats

FIXTURES = Path(__file__).parent / "fixtures"


def test_spreadsheet_cp1252_reads_tags_factors_and_quirks() -> None:
    result = nre_read(FIXTURES / "spreadsheet_cp1252.csv")
    assert (
        result.schema is Schema.SPREADSHEET
        and result.encoding == "cp1252"
        and result.rows_read == 6
    )
    first = result.records[0]
    assert (
        first.name == "José Ortíz"
        and first.tags == {"CIU", "H", "IO"}
        and first.factors == {"MWID", "F/MFE"}
    )
    assert first.crime_year == 2000  # written "2,000"
    messages = {(w.row, w.column) for w in result.warnings}
    assert (5, "release") in messages  # release before conviction, kept and reported
    assert (7, "Date of Exoneration") in messages and (7, "Date of Crime Year") in messages


def test_spreadsheet_2023_figures() -> None:
    stats = nre_year_stats(nre_read(FIXTURES / "spreadsheet_cp1252.csv").records, 2023)
    # 20.35 (Ortíz) + 10.00 (Brandt); Kessler has no release, Quist's release precedes conviction.
    assert (stats.count, stats.ciu, stats.io, stats.both, stats.either, stats.homicide) == (
        4,
        2,
        3,
        1,
        4,
        3,
    )
    assert (
        stats.years_lost_total == Decimal("30.4")
        and stats.years_lost_rows == 2
        and stats.years_lost_mean == Decimal("15.2")
    )
    assert stats.factors == {"MWID": 2, "FC": 1, "P/FA": 1, "F/MFE": 1, "OM": 1, "ILD": 0, "DNA": 0}
    assert stats.as_dict()["years_lost_total"] == "30.4"


def test_full_export_utf8_bom_yes_no_and_characteristics() -> None:
    result = nre_read(FIXTURES / "full_export.csv")
    assert result.schema is Schema.FULL and result.encoding == "utf-8-sig"
    stats = nre_year_stats(result.records, 2021)
    assert (stats.count, stats.ciu, stats.io, stats.both, stats.either, stats.homicide) == (
        3,
        2,
        2,
        1,
        3,
        2,
    )
    assert stats.years_lost_total == Decimal("42.9")  # 20.4 + 10.0 computed + 12.5 from the file
    assert stats.factors["MWID"] == 1 and stats.factors["DNA"] == 1 and stats.factors["OM"] == 1
    columns = {w.column for w in result.warnings}
    assert {"Case Characteristics", "Mistaken Witness ID", "Years Lost", "release"} <= columns


def test_xlsx_spreadsheet(tmp_path: Path) -> None:
    source = nre_read(FIXTURES / "spreadsheet_cp1252.csv")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    import csv

    with (FIXTURES / "spreadsheet_cp1252.csv").open(encoding="cp1252", newline="") as handle:
        for values in csv.reader(handle):
            sheet.append(values)
    path = tmp_path / "nre.xlsx"
    workbook.save(path)
    result = nre_read(path)
    assert result.encoding == "xlsx" and [r.name for r in result.records] == [
        r.name for r in source.records
    ]
    assert nre_year_stats(result.records, 2023).count == 4


def test_unknown_layout_and_missing_columns_are_clear_errors(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(NreFileError, match="not an NRE"):
        nre_read(other)
    partial = tmp_path / "partial.csv"
    partial.write_text("Last Name,Tags,MWID\nX,H,\n")
    with pytest.raises(NreFileError, match="missing columns"):
        nre_read(partial)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(NreFileError, match="empty"):
        nre_read(empty)


@given(st.text(max_size=30))
def test_date_and_year_parsers_never_crash(text: str) -> None:
    warnings: list[Warning] = []
    _date(text, 2, "c", warnings)
    _year(text, 2, "c", warnings)
