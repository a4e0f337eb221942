"""The spreadsheet's columns guessed from office headers, and every row checked in words."""

from __future__ import annotations

import datetime as dt

import pytest

from habeas.domain.credibility.identity import Named, names_judge, official_entry
from habeas.domain.credibility.sheet import (
    date_read,
    headers_guess,
    mapping_apply,
    rows_check,
)
from habeas.domain.spreadsheet_cells import cell_safe, cell_unsafe

HEADERS = ["Officer Name", "Badge #", "Department", "Finding", "Date", "Status", "Source"]


def test_headers_are_guessed_however_offices_write_them() -> None:
    assert headers_guess(HEADERS) == {
        "name": 0,
        "badges": 1,
        "agency": 2,
        "finding": 3,
        "date": 4,
        "status": 5,
        "source": 6,
    }
    other = headers_guess(["Name", "Serial", "Agency", "Notes"])
    assert other == {"name": 0, "badges": 1, "agency": 2, "notes": 3}


def test_the_user_overrides_the_guess() -> None:
    headers = ["Employee", "Dept", "Comments"]
    guessed = headers_guess(headers)
    assert "name" not in guessed
    mapping = mapping_apply(headers, guessed, {"name": "Employee", "notes": ""})
    assert mapping["name"] == 0 and "notes" not in mapping
    with pytest.raises(ValueError, match="no column headed"):
        mapping_apply(headers, guessed, {"name": "Nope"})


def test_rows_are_checked_with_row_column_and_problem_in_words() -> None:
    rows = [
        [
            "Ann Kessler",
            "4412",
            "Harbor City Police Department",
            "Sustained: false report",
            "2019",
            "On the list",
            "IA 19-22",
        ],
        ["", "1", "Harbor City Police Department", "", "", "", ""],
        ["Ray Quill", "", "Metro PD", "Perjury", "31/31/2020", "maybe", ""],
        ["", "", "", "", "", "", ""],
    ]
    check = rows_check(HEADERS, rows, headers_guess(HEADERS))
    [row] = check.rows
    assert row.row == 2 and row.finding_type == "perjury" and row.status == "listed"
    assert row.date == dt.date(2019, 1, 1) and row.badges == ("4412",)
    sentences = [e.sentence() for e in check.errors]
    assert "Row 3, Officer Name: the name is empty" in sentences
    assert any(s.startswith("Row 4, Date: “31/31/2020” is not a date") for s in sentences)
    assert any(s.startswith("Row 4, Status: “maybe” is not a status") for s in sentences)
    assert check.bad_rows == {3, 4}


def test_the_name_column_is_required() -> None:
    check = rows_check(["Dept"], [["X"]], {})
    assert [e.sentence() for e in check.errors] == [
        "Row 1, Name: no column is chosen for it, and it is required"
    ]


def test_dates_as_offices_write_them() -> None:
    assert date_read("3/4/2019") == dt.date(2019, 3, 4)
    assert date_read("March 4, 2019") == dt.date(2019, 3, 4)
    assert date_read("2019-03-04 00:00:00") == dt.date(2019, 3, 4)
    assert date_read("") is None


def test_formula_cells_stay_text_both_ways() -> None:
    assert cell_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell_unsafe("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert cell_unsafe("'Neill") == "'Neill"


KESSLER = official_entry(
    official_id=1,
    kind="detective",
    name="Ann Kessler",
    agencies=["Harbor City Police Department"],
    badges=["4412"],
)


@pytest.mark.parametrize(
    ("written", "agency", "badge"),
    [
        ("Kesler", "Harbor City Police Department", "4412"),
        ("Det. A. Kessler", "Harbor City Police Department", ""),
        ("Ann Kessler, Badge #4412", "", ""),
    ],
)
def test_misspelt_names_of_the_listed_detective_match(
    written: str, agency: str, badge: str
) -> None:
    [hit] = names_judge([KESSLER], [Named("x", "officer", written, agency, badge)])
    assert hit.official_id == 1 and hit.reason


def test_a_namesake_at_another_agency_does_not() -> None:
    named = Named("x", "officer", "Ann Kessler", "Bayside County Sheriff's Office", "")
    assert names_judge([KESSLER], [named]) == []
