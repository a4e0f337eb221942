from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.deadlines import (
    DeadlineInputError,
    Status,
    add_years,
    aedpa_deadline,
    compensation_claim_deadline,
    custom_deadline,
    pc_851_8_deadline,
    pc_1417_9_deadline,
    pc_1473_6_deadline,
    pc_4901_deadline,
)
from habeas.domain.years_lost import YearsLostInputError, years_lost

D = dt.date


def test_years_lost_matches_the_worked_example() -> None:
    # First conviction 12 Jun 2001, release 19 Oct 2021: the NRE records 20.4 years lost.
    result = years_lost(first_conviction=D(2001, 6, 12), release=D(2021, 10, 19))
    assert str(result.years) == "20.4" and result.days == 7434 and "365.25" in result.rule


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_conviction": None, "release": D(2020, 1, 1)}, "first_conviction"),
        ({"first_conviction": D(2020, 1, 1), "release": None}, "release"),
        ({"first_conviction": D(2020, 1, 1), "release": D(2019, 1, 1)}, "release"),
    ],
)
def test_years_lost_errors_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(YearsLostInputError) as err:
        years_lost(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_add_years_handles_leap_day() -> None:
    assert add_years(D(2020, 2, 29), 1) == D(2021, 2, 28)
    assert add_years(D(2020, 2, 29), 4) == D(2024, 2, 29)


def test_aedpa_runs_from_the_latest_trigger_and_is_tolled() -> None:
    deadline = aedpa_deadline(
        judgment_final=D(2003, 9, 10),
        factual_predicate_discovered=D(2019, 5, 1),
        tolling=[(D(2019, 7, 1), D(2019, 12, 31)), (D(2019, 12, 1), D(2020, 1, 30))],
    )
    assert deadline.due == D(2020, 5, 1) + dt.timedelta(days=213)  # 1 Jul 2019 - 30 Jan 2020 merged
    assert "factual_predicate_discovered" in deadline.notes[0] and deadline.source.startswith(
        "28 U.S.C. 2244"
    )
    with pytest.raises(DeadlineInputError) as err:
        aedpa_deadline()
    assert err.value.field == "judgment_final"


def test_california_clocks() -> None:
    assert pc_1473_6_deadline(misconduct_discovered=D(2024, 3, 1)).due == D(2025, 3, 1)
    claim = pc_4901_deadline(
        dismissal=D(2021, 10, 19), release_from_custody=D(2021, 10, 19), reversal=D(2021, 10, 1)
    )
    assert claim.due == D(2031, 10, 19) and any("60 days" in n for n in claim.notes)
    assert pc_1417_9_deadline(destruction_notice=D(2025, 1, 1)).due == D(2025, 6, 30)
    assert pc_851_8_deadline(arrest=D(2024, 1, 5), accusatory_pleading=D(2024, 2, 1)).due == D(
        2026, 2, 1
    )
    with pytest.raises(DeadlineInputError) as err:
        pc_1473_6_deadline(misconduct_discovered=None)
    assert err.value.field == "misconduct_discovered"


def test_out_of_state_compensation_clock_and_unknown_period() -> None:
    texas = compensation_claim_deadline(jurisdiction="TX", exoneration=D(2022, 5, 2))
    assert texas.due == D(2025, 5, 2) and "Tex." in texas.source
    with pytest.raises(DeadlineInputError) as err:
        compensation_claim_deadline(jurisdiction="NV", exoneration=D(2022, 5, 2))
    assert err.value.field == "jurisdiction"


def test_status_relative_to_today() -> None:
    d = custom_deadline(name="Reply brief", due=D(2026, 12, 1))
    assert d.status(D(2026, 11, 25)) is Status.DUE_SOON
    assert d.status(D(2026, 12, 2)) is Status.OVERDUE
    assert d.status(D(2026, 1, 1)) is Status.OK and d.days_remaining(D(2026, 11, 30)) == 1


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 1, 1)))
def test_deadlines_never_precede_their_trigger(day: dt.date) -> None:
    for deadline in (
        pc_1473_6_deadline(misconduct_discovered=day),
        pc_1417_9_deadline(destruction_notice=day),
        pc_4901_deadline(release_from_custody=day),
        aedpa_deadline(judgment_final=day),
    ):
        assert deadline.due > day
