"""Years lost: the NRE's rule (release minus first conviction over 365.25 days), explained."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.errors import InputError
from habeas.domain.years_lost import RULE, YearsLostInputError, years_lost

D = dt.date


@pytest.mark.parametrize(
    ("conviction", "release", "days", "years"),
    [
        (D(2001, 6, 12), D(2021, 10, 19), 7434, "20.4"),  # facts.md §0; the NRE records 20.4
        (D(2001, 1, 1), D(2021, 1, 1), 7305, "20.0"),  # five leap days: exactly 20 x 365.25
        (D(2017, 1, 1), D(2021, 1, 1), 1461, "4.0"),
        (D(2020, 2, 29), D(2021, 2, 28), 365, "1.0"),  # 365 / 365.25 = 0.9993
        (D(2020, 1, 1), D(2020, 1, 19), 18, "0.0"),  # 0.049 rounds down
        (D(2020, 1, 1), D(2020, 1, 20), 19, "0.1"),  # 0.052 rounds up
        (D(2005, 1, 1), D(2015, 1, 1), 3652, "10.0"),  # 9.9986
    ],
)
def test_values(conviction: dt.date, release: dt.date, days: int, years: str) -> None:
    result = years_lost(first_conviction=conviction, release=release)
    assert (result.days, str(result.years), result.value) == (days, years, result.years)
    assert result.exact == Decimal(days) / Decimal("365.25")
    assert result.inputs == {
        "first_conviction": conviction.isoformat(),
        "release": release.isoformat(),
    }


def test_rule_text_and_dict() -> None:
    result = years_lost(first_conviction=D(2001, 6, 12), release=D(2021, 10, 19))
    assert (
        "release date minus first conviction date, in years of 365.25 days" in result.rule.lower()
        and result.rule == RULE
    )
    assert result.as_dict() == {
        "value": "20.4",
        "days": 7434,
        "rule": RULE,
        "warnings": [],
        "inputs": {"first_conviction": "2001-06-12", "release": "2021-10-19"},
    }


@pytest.mark.parametrize(
    ("kwargs", "warning"),
    [
        (
            {"first_conviction": D(2020, 1, 1), "release": D(2020, 1, 1)},
            "day of the first conviction",
        ),
        ({"first_conviction": D(1920, 1, 1), "release": D(2000, 1, 1)}, "check both dates"),
        (
            {
                "first_conviction": D(2001, 6, 12),
                "release": D(2021, 10, 19),
                "arrest": D(2001, 1, 18),
            },
            "145 days from the arrest",
        ),
    ],
)
def test_warnings(kwargs: dict[str, dt.date], warning: str) -> None:
    result = years_lost(**kwargs)
    assert any(warning in w for w in result.warnings)


def test_arrest_is_an_input_but_not_counted() -> None:
    with_arrest = years_lost(
        first_conviction=D(2001, 6, 12), release=D(2021, 10, 19), arrest=D(2001, 1, 18)
    )
    assert with_arrest.years == Decimal("20.4") and with_arrest.inputs["arrest"] == "2001-01-18"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_conviction": None, "release": D(2020, 1, 1)}, "first_conviction"),
        ({"first_conviction": D(2020, 1, 1), "release": None}, "release"),
        ({"first_conviction": None, "release": None}, "first_conviction"),
        ({"first_conviction": D(2020, 1, 1), "release": D(2019, 1, 1)}, "release"),
        (
            {"first_conviction": D(2020, 1, 1), "release": D(2021, 1, 1), "arrest": D(2020, 6, 1)},
            "arrest",
        ),
    ],
)
def test_errors_name_the_field(kwargs: dict[str, dt.date | None], field: str) -> None:
    with pytest.raises(YearsLostInputError) as err:
        years_lost(**kwargs)
    assert (
        err.value.field == field
        and isinstance(err.value, ValueError)
        and isinstance(err.value, InputError)
    )
    assert str(err.value).startswith(f"{field}: ")


@given(st.dates(D(1900, 1, 1), D(2030, 1, 1)), st.integers(0, 30000), st.integers(0, 3000))
def test_never_negative_and_monotonic(conviction: dt.date, days: int, more: int) -> None:
    shorter = years_lost(first_conviction=conviction, release=conviction + dt.timedelta(days=days))
    longer = years_lost(
        first_conviction=conviction, release=conviction + dt.timedelta(days=days + more)
    )
    assert Decimal(0) <= shorter.years <= longer.years and abs(
        shorter.years - shorter.exact
    ) <= Decimal("0.05")
