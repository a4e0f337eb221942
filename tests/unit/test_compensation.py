from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.compensation import (
    CompensationInputError,
    compensation_compute,
    compensation_rules,
)

D = dt.date


def test_california_140_per_day_matches_the_worked_example() -> None:
    # Arrest 18 Jan 2001 to release 19 Oct 2021: 7,579 days at $140 (facts.md §0).
    result = compensation_compute("CA", custody_from=D(2001, 1, 18), custody_to=D(2021, 10, 19))
    assert result.total == Decimal("1061060.00")
    [item] = result.line_items
    assert item.days == 7579 and item.rate == Decimal(140) and item.rate_unit == "day"
    assert "4900" in result.statute and not result.unverified
    assert "10 years" in result.filing_deadline


def test_california_parole_is_not_paid_unless_operative() -> None:
    result = compensation_compute(
        "California",
        custody_from=D(2001, 1, 18),
        custody_to=D(2021, 10, 19),
        supervision_from=D(2021, 10, 19),
        supervision_to=D(2022, 10, 19),
    )
    assert len(result.line_items) == 1 and any(
        "not configured as operative" in w for w in result.warnings
    )


def test_federal_is_a_maximum_prorated_per_day_and_doubles_for_death() -> None:
    year = compensation_compute("US", custody_from=D(2010, 1, 1), custody_to=D(2011, 1, 1))
    assert year.total == Decimal("50000.00")
    assert any("maximum" in e for e in year.explanation)
    one_day = compensation_compute("US", custody_from=D(2010, 1, 1), custody_to=D(2010, 1, 2))
    assert one_day.total == Decimal("136.99")  # Crooker's ~$136.99/day
    death = compensation_compute(
        "US", custody_from=D(2010, 1, 1), custody_to=D(2011, 1, 1), death_sentence=True
    )
    assert death.total == Decimal("100000.00") and "death" in death.line_items[0].label


def test_texas_adds_parole_years() -> None:
    result = compensation_compute(
        "TX",
        custody_from=D(2000, 1, 1),
        custody_to=D(2010, 1, 1),
        supervision_from=D(2010, 1, 1),
        supervision_to=D(2012, 1, 1),
    )
    incarceration, parole = result.line_items
    assert incarceration.days == 3653  # 2000, 2004 and 2008 were leap years
    assert incarceration.amount == Decimal("800657.53")  # 80,000 / 365 x 3,653
    assert parole.amount == (Decimal(25000) / 365 * 730).quantize(Decimal("0.01"))
    assert result.total == incarceration.amount + parole.amount


def test_cap_applies_and_is_explained() -> None:
    result = compensation_compute("FL", custody_from=D(1980, 1, 1), custody_to=D(2025, 1, 1))
    assert result.total == Decimal(2_000_000) and any("Capped" in e for e in result.explanation)


def test_no_statute_and_no_rate_say_so() -> None:
    none = compensation_compute("PA", custody_from=D(2000, 1, 1), custody_to=D(2010, 1, 1))
    assert (
        none.total is None
        and none.unverified
        and "no wrongful-conviction compensation statute" in none.explanation[1]
    )
    court = compensation_compute("NY", custody_from=D(2000, 1, 1), custody_to=D(2010, 1, 1))
    assert court.total is None and "no per-day or per-year amount" in court.explanation[1]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"custody_from": None, "custody_to": D(2020, 1, 1)}, "custody_from"),
        ({"custody_from": D(2020, 1, 1), "custody_to": None}, "custody_to"),
        ({"custody_from": D(2020, 1, 1), "custody_to": D(2019, 1, 1)}, "custody_to"),
        (
            {
                "custody_from": D(2000, 1, 1),
                "custody_to": D(2010, 1, 1),
                "supervision_from": D(2005, 1, 1),
                "supervision_to": D(2012, 1, 1),
            },
            "supervision_from",
        ),
    ],
)
def test_bad_dates_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(CompensationInputError) as err:
        compensation_compute("CA", **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_unknown_jurisdiction_lists_known_ones() -> None:
    with pytest.raises(CompensationInputError, match="known: .*CA"):
        compensation_compute("Atlantis", custody_from=D(2000, 1, 1), custody_to=D(2001, 1, 1))


def test_every_row_loads_with_a_source_and_verification() -> None:
    rules = compensation_rules()
    assert len(rules) >= 40
    assert all(r.source and r.verification in {"sourced", "unverified"} for r in rules.values())


@given(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2030, 1, 1)),
    st.integers(0, 20000),
    st.integers(0, 2000),
)
def test_amount_grows_with_time_in_custody(start: dt.date, days: int, extra: int) -> None:
    shorter = compensation_compute(
        "CA", custody_from=start, custody_to=start + dt.timedelta(days=days)
    )
    longer = compensation_compute(
        "CA", custody_from=start, custody_to=start + dt.timedelta(days=days + extra)
    )
    assert (
        shorter.total is not None
        and longer.total is not None
        and longer.total >= shorter.total >= 0
    )
