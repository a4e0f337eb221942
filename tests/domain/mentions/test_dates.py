import datetime as dt

import pytest

from habeas.domain.mentions import MentionKind, dates_find, mentions_find

TODAY = dt.date(2026, 5, 1)


def iso(text: str) -> list[str]:
    return [m.value for m in dates_find(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On June 12, 2000 at 2215 hours", "2000-06-12"),
        ("on June 12 2000", "2000-06-12"),
        ("Sept. 3rd, 1998", "1998-09-03"),
        ("12 Jun 2001", "2001-06-12"),
        ("the 4th of July, 1999", "1999-07-04"),
        ("Report date: 12-Jun-2001.", "2001-06-12"),
        ("DOB 6/12/2000", "2000-06-12"),
        ("06-12-00", "2000-06-12"),
        ("arrested 11/02/99", "1999-11-02"),
        ("2000-06-12", "2000-06-12"),
        ("JUNE 12, 2000", "2000-06-12"),
        ("signed 6.12.2000", "2000-06-12"),
        ("February 29, 2000", "2000-02-29"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert iso(text) == [expected]


def test_two_digit_year_pivot_follows_today() -> None:
    assert iso("1/2/26") == ["2026-01-02"]
    assert iso("1/2/27") == ["1927-01-02"]


@pytest.mark.parametrize(
    "text",
    [
        "2/30/2001",
        "February 30, 2001",
        "February 29, 2001",
        "13/12/2000",
        "6/12",
        "Item 4/7 of 12",
        "version 1.2.3",
        "DR# 00-1234567",
        "2:05-cv-01234-ABC",
        "May 5, 1776",
        "pages 10-12-2000x",
    ],
)
def test_not_dates(text: str) -> None:
    assert iso(text) == []


def test_date_text_and_offsets() -> None:
    text = "Filed 6/12/03\nIN THE COURT OF APPEAL"
    (m,) = [m for m in mentions_find(text) if m.kind is MentionKind.DATE]
    assert (m.text, text[m.start : m.end], m.value) == ("6/12/03", "6/12/03", "2003-06-12")
