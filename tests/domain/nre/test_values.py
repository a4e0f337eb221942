"""Cell readers, table-driven, and the promise that no cell content can crash a read."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.nre import NreFileError, PartialDate, nre_parse, nre_read
from habeas.domain.nre.exoneration import RowWarning
from habeas.domain.nre.schema import FULL_COLUMNS, SPREADSHEET_COLUMNS
from habeas.domain.nre.values import (
    YEAR_MAX,
    YEAR_MIN,
    cell_bool,
    cell_date,
    cell_partial_date,
    cell_year,
    cell_years_lost,
)

D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected", "warns"),
    [
        ("10/19/2021", D(2021, 10, 19), False),
        ("1/2/2003", D(2003, 1, 2), False),
        ("2021-10-19", D(2021, 10, 19), False),
        ("2021-10-19 00:00:00", D(2021, 10, 19), False),  # an XLSX cell's time part
        ("2021-10-19T08:30", D(2021, 10, 19), False),
        ("  ", None, False),
        ("4/4/23", D(2023, 4, 4), True),  # two-digit year, read and reported
        ("4/4/70", D(1970, 4, 4), True),
        ("2/29/2023", None, True),  # no such day
        ("2/29/2024", D(2024, 2, 29), False),
        ("13/45/2020", None, True),
        ("1/1/0001", None, True),  # implausible year
        ("yesterday", None, True),
        ("2021/10/19", None, True),
    ],
)
def test_cell_date(raw: str, expected: dt.date | None, warns: bool) -> None:
    warnings: list[RowWarning] = []
    assert cell_date(raw, 7, "Date of Release", warnings) == expected
    assert bool(warnings) is warns and all(
        (w.row, w.column) == (7, "Date of Release") for w in warnings
    )


@pytest.mark.parametrize(
    ("raw", "expected", "warns"),
    [
        ("2,000", 2000, False),
        ("2000", 2000, False),
        ("2000.0", 2000, False),
        (" 1 999 ", 1999, False),
        ("", None, False),
        ("two thousand", None, True),
        ("20", None, True),
        ("99999", None, True),
        ("²⁰⁰⁰", None, True),
        ("-2000", None, True),
    ],
)
def test_cell_year(raw: str, expected: int | None, warns: bool) -> None:
    warnings: list[RowWarning] = []
    assert cell_year(raw, 2, "Date of Crime Year", warnings) == expected and bool(warnings) is warns


@pytest.mark.parametrize(
    ("raw", "expected", "warns"),
    [
        ("20.4", Decimal("20.4"), False),
        ("0", Decimal(0), False),
        ("-0", Decimal(0), False),
        ("", None, False),
        ("n/a", None, True),
        ("NaN", None, True),
        ("Infinity", None, True),
        ("-3", None, True),
        ("1e999", None, True),
    ],
)
def test_cell_years_lost(raw: str, expected: Decimal | None, warns: bool) -> None:
    warnings: list[RowWarning] = []
    assert cell_years_lost(raw, 2, "Years Lost", warnings) == expected and bool(warnings) is warns


@pytest.mark.parametrize(
    ("raw", "expected", "warns"),
    [
        ("Yes", True, False),
        ("yes ", True, False),
        ("No", False, False),
        ("", None, False),
        ("Maybe", None, True),
    ],
)
def test_cell_bool(raw: str, expected: bool | None, warns: bool) -> None:
    warnings: list[RowWarning] = []
    assert cell_bool(raw, 2, "DNA", warnings) is expected and bool(warnings) is warns


@pytest.mark.parametrize(
    ("parts", "expected", "warned_columns"),
    [
        (("2000", "12", "31"), PartialDate(2000, 12, 31), []),
        (("2004", "00", "00"), PartialDate(2004), []),
        (("2004", "6", "00"), PartialDate(2004, 6), []),
        (("2004", "", ""), PartialDate(2004), []),
        (("", "6", "1"), None, []),
        (
            ("1993", "2006", "5"),
            PartialDate(1993),
            ["Date of Crime Month"],
        ),  # a year in the month column
        (("1993", "9/27/1993", ""), PartialDate(1993), ["Date of Crime Month"]),
        (("2003", "2", "30"), PartialDate(2003, 2), ["Date of Crime Day"]),
        (("0000", "1", "1"), None, ["Date of Crime Year"]),
    ],
)
def test_cell_partial_date(
    parts: tuple[str, str, str], expected: PartialDate | None, warned_columns: list[str]
) -> None:
    warnings: list[RowWarning] = []
    assert cell_partial_date(*parts, 2, "Date of Crime", warnings) == expected
    assert [w.column for w in warnings] == warned_columns


def test_partial_date_text_and_full_date() -> None:
    assert (str(PartialDate(2004)), str(PartialDate(2004, 6)), str(PartialDate(2004, 6, 1))) == (
        "2004",
        "2004-06",
        "2004-06-01",
    )
    assert PartialDate(2004, 6).as_date() is None and PartialDate(2004, 6, 1).as_date() == D(
        2004, 6, 1
    )


ODD = (
    st.text(max_size=25)
    | st.from_regex(r"\d{1,2}/\d{1,2}/\d{2,4}", fullmatch=True)
    | st.from_regex(r"-?\d{1,5}([.,]\d)?", fullmatch=True)
)


@given(st.lists(st.tuples(ODD, ODD, ODD, ODD, ODD, ODD), min_size=1, max_size=5))
def test_spreadsheet_rows_never_crash_on_odd_dates_and_years(cells: list[tuple[str, ...]]) -> None:
    header = list(SPREADSHEET_COLUMNS)
    rows = []
    for exon, conv, release, year, age, mwid in cells:
        row = dict.fromkeys(header, "")
        row.update(
            {
                "Last Name": "X",
                "Date of Exoneration": exon,
                "Date of 1st Conviction": conv,
                "Date of Release": release,
                "Date of Crime Year": year,
                "Age": age,
                "MWID": mwid,
            }
        )
        rows.append([row[c] for c in header])
    result = nre_parse([header, *rows])
    for record in result.records:
        for day in (record.exoneration, record.first_conviction, record.release):
            assert day is None or YEAR_MIN <= day.year <= YEAR_MAX
        assert record.crime_year is None or YEAR_MIN <= record.crime_year <= YEAR_MAX


@given(st.lists(st.tuples(ODD, ODD, ODD, ODD, ODD, ODD, ODD), min_size=1, max_size=5))
def test_full_rows_never_crash_on_odd_dates_years_and_flags(cells: list[tuple[str, ...]]) -> None:
    header = list(FULL_COLUMNS)
    rows = []
    for exon, release, lost, year, month, day, flag in cells:
        row = dict.fromkeys(header, "")
        row.update(
            {
                "Name": "X",
                "Date of Exon": exon,
                "Date of Release": release,
                "Years Lost": lost,
                "Date of Crime Year": year,
                "Date of Crime Month": month,
                "Date of Crime Day": day,
                "DNA": flag,
                "Case Characteristics": flag,
            }
        )
        rows.append([row[c] for c in header])
    result = nre_parse([header, *rows])
    assert result.rows_read == len(rows)
    for record in result.records:
        assert record.years_lost is None or 0 <= record.years_lost <= 100


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(st.binary(max_size=400), st.sampled_from([SPREADSHEET_COLUMNS, FULL_COLUMNS]))
def test_arbitrary_bytes_after_a_good_header_never_crash(
    body: bytes, columns: tuple[str, ...]
) -> None:
    header = io.StringIO()
    csv.writer(header).writerow(columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nre.csv"
        path.write_bytes(header.getvalue().encode() + body)
        result = nre_read(path)
    assert result.rows_read == len(result.records)


@settings(max_examples=60)
@given(st.binary(max_size=200))
def test_arbitrary_files_are_read_or_refused_cleanly(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nre.csv"
        path.write_bytes(content)
        with contextlib.suppress(NreFileError):
            nre_read(path)


@given(st.dates(D(YEAR_MIN, 1, 1), D(YEAR_MAX, 12, 31)))
def test_both_date_spellings_round_trip(day: dt.date) -> None:
    warnings: list[RowWarning] = []
    assert cell_date(day.isoformat(), 2, "c", warnings) == day
    assert cell_date(f"{day.month}/{day.day}/{day.year}", 2, "c", warnings) == day and not warnings
