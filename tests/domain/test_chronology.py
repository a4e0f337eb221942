from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.chronology import chronology_errors

D = dt.date


def test_conviction_before_crime_is_reported_on_the_later_field() -> None:
    errors = chronology_errors({"incident_date": D(2001, 1, 1), "conviction_date": D(2000, 6, 1)})
    assert errors == {"conviction_date": ["Conviction cannot precede the crime."]}


def test_release_before_conviction() -> None:
    errors = chronology_errors({"conviction_date": D(2001, 6, 12), "release_date": D(2001, 1, 1)})
    assert "release_date" in errors


def test_missing_dates_are_not_errors() -> None:
    assert chronology_errors({"incident_date": None, "conviction_date": D(2001, 1, 1)}) == {}


def test_future_dates_when_today_given() -> None:
    assert "incident_date" in chronology_errors(
        {"incident_date": D(2099, 1, 1)}, today=D(2026, 1, 1)
    )


@given(st.dates(), st.dates())
def test_ordered_pairs_never_error(a: dt.date, b: dt.date) -> None:
    early, late = sorted((a, b))
    assert chronology_errors({"incident_date": early, "conviction_date": late}) == {}
