"""Statutory compensation: line items, rules, caps, maxima, unverified rows and field-named errors."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.compensation import (
    CompensationInputError,
    compensation_compute,
    compensation_rules,
    rule_get,
    rules_configure,
)

D = dt.date
RULES = compensation_rules()
WITH_RATE = sorted(code for code, r in RULES.items() if r.has_statute and r.has_rate)


def test_california_worked_example() -> None:
    # facts.md §0: arrest 18 Jan 2001 to release 19 Oct 2021 is 7,579 days; at $140 a day, $1,061,060.
    result = compensation_compute("CA", D(2001, 1, 18), D(2021, 10, 19))
    [item] = result.line_items
    assert (item.quantity, item.rate, item.rate_unit, item.subtotal) == (
        7579,
        Decimal(140),
        "day",
        Decimal("1061060.00"),
    )
    assert result.amount == result.total == Decimal("1061060.00") and result.amount_kind == "fixed"
    assert (
        "Cal. Penal Code 4900" in result.statute
        and item.basis == result.statute
        and not result.unverified
    )
    assert "10 years" in result.filing_deadline and result.deadline_verification == "sourced"


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2020, 1, 1), D(2020, 1, 1), 0),
        (D(2020, 1, 1), D(2020, 1, 2), 1),
        (D(2020, 2, 28), D(2020, 3, 1), 2),
        (D(2021, 2, 28), D(2021, 3, 1), 1),
        (D(2000, 1, 1), D(2001, 1, 1), 366),
    ],
)
def test_days_are_counted_start_day_in_release_day_out(
    start: dt.date, end: dt.date, days: int
) -> None:
    result = compensation_compute("CA", start, end)
    assert result.line_items[0].days == days and result.total == Decimal(140 * days)
    assert "the start day counts, the release day does not" in result.explanation[0]


def test_california_parole_is_off_by_default_and_can_be_configured() -> None:
    kwargs: dict[str, Any] = {"parole_from": D(2021, 10, 19), "parole_to": D(2022, 10, 19)}
    off = compensation_compute("California", D(2001, 1, 18), D(2021, 10, 19), **kwargs)
    assert len(off.line_items) == 1 and any(
        "$70 per day" in w and "not configured as operative" in w for w in off.warnings
    )
    on = compensation_compute(
        "CA",
        D(2001, 1, 18),
        D(2021, 10, 19),
        rules=rules_configure(RULES, "CA", parole_operative=True),
        **kwargs,
    )
    parole = on.line_items[1]
    assert (parole.days, parole.rate, parole.rate_unit, parole.amount) == (
        365,
        Decimal(70),
        "day",
        Decimal("25550.00"),
    )
    assert (
        on.total == Decimal("1086610.00") and not RULES["CA"].parole_operative
    )  # the shared table is unchanged


def test_federal_is_a_prorated_maximum_doubled_for_death() -> None:
    year = compensation_compute("US", D(2010, 1, 1), D(2011, 1, 1))
    assert year.total == Decimal("50000.00") and year.amount_kind == "maximum"
    assert any("maximum" in e for e in year.explanation)
    assert compensation_compute("US", D(2010, 1, 1), D(2010, 1, 2)).total == Decimal(
        "136.99"
    )  # Crooker
    death = compensation_compute("US", D(2010, 1, 1), D(2011, 1, 1), death_sentence=True)
    assert death.total == Decimal("100000.00") and "death" in death.line_items[0].label
    assert "unverified" in year.filing_deadline  # the 6-year Court of Federal Claims limit is [U]


def test_texas_lump_sum_parole_and_annuity() -> None:
    result = compensation_compute(
        "TX", D(2000, 1, 1), D(2010, 1, 1), parole_from=D(2010, 1, 1), parole_to=D(2012, 1, 1)
    )
    prison, parole = result.line_items
    assert (prison.days, prison.amount) == (3653, Decimal("800657.53"))  # 80,000 / 365 x 3,653
    assert (parole.days, parole.rate, parole.amount) == (730, Decimal(25000), Decimal("50000.00"))
    assert result.total == Decimal("850657.53")
    assert any("annuity" in n for n in result.notes) and any(
        "annuity" in e for e in result.explanation
    )


@pytest.mark.parametrize(
    ("code", "days", "expected"),
    [
        ("MI", 730, Decimal("100000.00")),  # $50,000 a year
        ("OH", 365, Decimal("68808.38")),
        ("OH", 1, Decimal("188.52")),  # 68,808.38 / 365 = 188.5161
        ("OR", 1000, Decimal("178082.19")),  # 65,000 x 1000 / 365
        ("FL", 365 * 50, Decimal("2000000")),  # $2.5 M capped at $2 M
        ("NC", 365 * 20, Decimal("750000")),  # capped
        ("DE", 365, Decimal("75000.00")),  # a minimum
    ],
)
def test_per_year_states_are_prorated_per_day(code: str, days: int, expected: Decimal) -> None:
    result = compensation_compute(code, D(1970, 1, 1), D(1970, 1, 1) + dt.timedelta(days=days))
    assert result.total == expected


def test_caps_minimums_and_death_row_rates_are_explained() -> None:
    florida = compensation_compute("FL", D(1970, 1, 1), D(2020, 1, 1))
    assert any(e.startswith("Capped at $2,000,000.00") for e in florida.explanation)
    delaware = compensation_compute("DE", D(2000, 1, 1), D(2001, 1, 1))
    assert any("minimum" in e for e in delaware.explanation) and delaware.unverified
    colorado = compensation_compute("CO", D(2000, 1, 1), D(2001, 1, 1), death_sentence=True)
    assert colorado.line_items[0].rate == Decimal(120000) and any(
        "whole period" in e for e in colorado.explanation
    )
    michigan = compensation_compute("MI", D(2000, 1, 1), D(2001, 1, 1), death_sentence=True)
    assert michigan.line_items[0].rate == Decimal(50000) and any(
        "No separate death-row rate" in e for e in michigan.explanation
    )
    california = compensation_compute("CA", D(2000, 1, 1), D(2001, 1, 1), death_sentence=True)
    assert california.total == Decimal(140 * 366)


def test_no_statute_needs_no_dates() -> None:
    result = compensation_compute("PA", None, None)
    assert result.total is None and result.line_items == () and result.unverified
    assert "no wrongful-conviction compensation statute" in result.explanation[1]
    assert any(w.startswith("UNVERIFIED") for w in result.warnings)


def test_no_statutory_amount() -> None:
    new_york = compensation_compute("NY", D(2000, 1, 1), D(2010, 1, 1))
    assert new_york.total is None and "no statutory amount" in new_york.explanation[1]
    massachusetts = compensation_compute("Massachusetts", None, None)
    assert massachusetts.total is None and "Recorded cap: $500,000.00." in massachusetts.explanation
    with pytest.raises(CompensationInputError) as err:  # dates, when given, must still make sense
        compensation_compute("NY", D(2010, 1, 1), D(2000, 1, 1))
    assert err.value.field == "custody_to"


@pytest.mark.parametrize("code", ["IL", "NV", "KS", "AZ", "VT", "WI"])
def test_unverified_rows_are_labelled(code: str) -> None:
    result = compensation_compute(code, D(2000, 1, 1), D(2001, 1, 1))
    assert (
        result.unverified
        and result.verification == "unverified"
        and "UNVERIFIED" in result.warnings[0]
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("CA", None, D(2020, 1, 1)), {}, "custody_from"),
        (("CA", D(2020, 1, 1), None), {}, "custody_to"),
        (("CA", D(2020, 1, 1), D(2019, 12, 31)), {}, "custody_to"),
        (("Atlantis", D(2000, 1, 1), D(2001, 1, 1)), {}, "jurisdiction"),
        (("", D(2000, 1, 1), D(2001, 1, 1)), {}, "jurisdiction"),
        (
            ("TX", D(2000, 1, 1), D(2010, 1, 1)),
            {"parole_from": D(2005, 1, 1), "parole_to": D(2012, 1, 1)},
            "parole_from",
        ),
        (("TX", D(2000, 1, 1), D(2010, 1, 1)), {"parole_from": D(2010, 1, 1)}, "parole_to"),
        (
            ("TX", D(2000, 1, 1), D(2010, 1, 1)),
            {"parole_from": D(2012, 1, 1), "parole_to": D(2011, 1, 1)},
            "parole_to",
        ),
        (
            ("TX", D(2000, 1, 1), D(2010, 1, 1)),
            {"supervision_from": D(2005, 1, 1), "supervision_to": D(2012, 1, 1)},
            "supervision_from",
        ),
        (
            ("TX", D(2000, 1, 1), D(2010, 1, 1)),
            {"supervision_from": D(2011, 1, 1), "parole_from": D(2011, 1, 1)},
            "supervision_from",
        ),
    ],
)
def test_errors_name_the_field(
    args: tuple[object, ...], kwargs: dict[str, dt.date], field: str
) -> None:
    with pytest.raises(CompensationInputError) as err:
        compensation_compute(*args, **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field and isinstance(err.value, ValueError)


def test_unknown_jurisdiction_lists_known_ones() -> None:
    with pytest.raises(CompensationInputError, match="known: .*CA"):
        rule_get("Atlantis")


def test_lookup_by_code_or_name_any_case() -> None:
    assert rule_get("tx") is rule_get("Texas") is rule_get(" TEXAS ") is RULES["TX"]


def test_as_dict_is_json_ready() -> None:
    data = json.loads(
        json.dumps(compensation_compute("CA", D(2001, 1, 18), D(2021, 10, 19)).as_dict())
    )
    assert data["amount"] == "1061060.00" and data["line_items"][0] == {
        "label": "Incarceration",
        "quantity": 7579,
        "unit": "days",
        "rate": "140",
        "rate_unit": "day",
        "subtotal": "1061060.00",
        "basis": data["statute"],
    }
    assert data["verification"] == "sourced" and data["code"] == "CA"


def test_the_data_file() -> None:
    assert len(RULES) == 41 and len({r.jurisdiction for r in RULES.values()}) == 41
    for rule in RULES.values():
        assert rule.source and rule.statute and rule.verification in {"sourced", "unverified"}, (
            rule.code
        )
        assert rule.verification_note and rule.deadline_verification in {"sourced", "unverified"}, (
            rule.code
        )
        assert (
            rule.amount_kind in {"", "fixed", "maximum", "minimum"}
            and (rule.amount_kind != "") == rule.has_rate
        ), rule.code
        assert all(
            v is None or v > 0
            for v in (rule.per_day, rule.per_year, rule.death_row_per_year, rule.cap)
        ), rule.code
        assert rule.deadline_years is None or rule.deadline_trigger, rule.code
        if not rule.has_statute:
            assert (
                not rule.has_rate and rule.verification == "unverified" and rule.statute == "none"
            ), rule.code
    assert {c for c, r in RULES.items() if not r.has_statute} == {
        "AK",
        "AR",
        "KY",
        "NM",
        "ND",
        "PA",
        "SC",
        "SD",
        "WY",
    }
    assert RULES["CA"].parole_per_day == Decimal(70) and not RULES["CA"].parole_operative


@given(
    st.sampled_from(WITH_RATE),
    st.dates(D(1950, 1, 1), D(2030, 1, 1)),
    st.integers(0, 25000),
    st.integers(0, 5000),
    st.booleans(),
)
def test_monotonic_in_time_in_custody(
    code: str, start: dt.date, days: int, extra: int, death: bool
) -> None:
    shorter = compensation_compute(
        code, start, start + dt.timedelta(days=days), death_sentence=death
    )
    longer = compensation_compute(
        code, start, start + dt.timedelta(days=days + extra), death_sentence=death
    )
    assert (
        shorter.total is not None
        and longer.total is not None
        and Decimal(0) <= shorter.total <= longer.total
    )
    cap = RULES[code].cap
    assert cap is None or longer.total <= cap


@given(
    st.sampled_from(["TX", "WA", "OR", "KS", "ID", "DE"]),
    st.integers(0, 5000),
    st.integers(0, 3000),
)
def test_monotonic_in_time_on_parole(code: str, days: int, extra: int) -> None:
    release = D(2010, 1, 1)

    def total(n: int) -> Decimal:
        result = compensation_compute(
            code,
            D(2000, 1, 1),
            release,
            parole_from=release,
            parole_to=release + dt.timedelta(days=n),
        )
        assert result.total is not None
        return result.total

    assert total(days) <= total(days + extra)


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


def test_unknown_jurisdiction_is_refused_with_the_known_ones() -> None:
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
