"""Deadlines: each rule's period from its trigger, AEDPA tolling, leap days, status against today."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.deadlines import (
    Deadline,
    DeadlineInputError,
    Status,
    add_years,
    aedpa_deadline,
    compensation_claim_deadline,
    custom_deadline,
    deadline_compute,
    deadline_rules,
    deadlines_evaluate,
    pc_851_8_deadline,
    pc_1417_9_deadline,
    pc_1473_6_deadline,
    pc_4901_deadline,
)
from habeas.domain.years_lost import YearsLostInputError, years_lost

D = dt.date


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2020, 2, 29), 1, D(2021, 2, 28)),
        (D(2020, 2, 29), 4, D(2024, 2, 29)),
        (D(2020, 2, 29), 10, D(2030, 2, 28)),
        (D(2021, 2, 28), 3, D(2024, 2, 28)),
        (D(2021, 3, 1), 1, D(2022, 3, 1)),
        (D(2021, 12, 31), 2, D(2023, 12, 31)),
    ],
)
def test_add_years_anniversary_and_leap_day(start: dt.date, years: int, expected: dt.date) -> None:
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    ("make", "due", "rule_id", "source"),
    [
        (
            lambda: pc_1473_6_deadline(misconduct_discovered=D(2024, 3, 1)),
            D(2025, 3, 1),
            "ca_pc_1473_6",
            "1473.6",
        ),
        (
            lambda: pc_1473_6_deadline(misconduct_discovered=D(2024, 2, 29)),
            D(2025, 2, 28),
            "ca_pc_1473_6",
            "1473.6",
        ),
        (
            lambda: pc_1417_9_deadline(destruction_notice=D(2025, 1, 1)),
            D(2025, 6, 30),
            "ca_pc_1417_9",
            "1417.9",
        ),
        (
            lambda: pc_1417_9_deadline(destruction_notice=D(2024, 1, 1)),
            D(2024, 6, 29),
            "ca_pc_1417_9",
            "1417.9",
        ),  # crosses 29 Feb
        (lambda: pc_851_8_deadline(arrest=D(2024, 1, 5)), D(2026, 1, 5), "ca_pc_851_8", "851.8"),
        (
            lambda: pc_851_8_deadline(arrest=D(2024, 1, 5), accusatory_pleading=D(2024, 2, 29)),
            D(2026, 2, 28),
            "ca_pc_851_8",
            "851.8",
        ),
        (
            lambda: pc_4901_deadline(release_from_custody=D(2021, 10, 19)),
            D(2031, 10, 19),
            "ca_pc_4901",
            "4901",
        ),
        (
            lambda: pc_4901_deadline(
                dismissal=D(2021, 10, 19), release_from_custody=D(2023, 5, 1), pardon=D(2022, 1, 1)
            ),
            D(2033, 5, 1),
            "ca_pc_4901",
            "4901",
        ),
        (
            lambda: deadline_compute("ca_pc_1509", {"habeas_counsel_appointed": D(2025, 6, 2)}),
            D(2026, 6, 2),
            "ca_pc_1509",
            "1509",
        ),
        (
            lambda: deadline_compute("fed_3600a", {"destruction_notice": D(2025, 1, 1)}),
            D(2025, 6, 30),
            "fed_3600a",
            "3600A",
        ),
        (
            lambda: deadline_compute(
                "fed_2255f", {"judgment_final": D(2020, 1, 1), "facts_discoverable": D(2022, 5, 5)}
            ),
            D(2023, 5, 5),
            "fed_2255f",
            "2255(f)",
        ),
        (
            lambda: deadline_compute("comp_or_notice", {"exoneration": D(2025, 1, 1)}),
            D(2025, 6, 30),
            "comp_or_notice",
            "ORS",
        ),
    ],
)
def test_simple_rules(
    make: Callable[[], Deadline], due: dt.date, rule_id: str, source: str
) -> None:
    deadline = make()
    assert (deadline.due, deadline.rule_id) == (due, rule_id) and source in deadline.source
    assert deadline.rule and deadline.verification == "sourced" and deadline.inputs
    assert deadline.start is not None and deadline.start.isoformat() in deadline.inputs.values()


def test_4901_opens_sixty_days_after_reversal() -> None:
    claim = pc_4901_deadline(dismissal=D(2021, 10, 19), reversal=D(2021, 10, 1))
    assert claim.opens == D(2021, 11, 30) and claim.inputs["reversal"] == "2021-10-01"
    assert (
        any("Earliest filing date: 2021-11-30" in n for n in claim.notes)
        and "dismissal" in claim.notes[0]
    )


def test_aedpa_latest_trigger() -> None:
    deadline = aedpa_deadline(
        judgment_final=D(2003, 9, 10),
        new_right_recognized=D(2010, 1, 1),
        factual_predicate_discovered=D(2019, 5, 1),
    )
    assert (
        deadline.due == D(2020, 5, 1)
        and "factual_predicate_discovered on 2019-05-01" in deadline.notes[0]
    )
    assert deadline.source.startswith("28 U.S.C. 2244") and set(deadline.inputs) == {
        "judgment_final",
        "new_right_recognized",
        "factual_predicate_discovered",
    }


@pytest.mark.parametrize(
    ("tolling", "due", "note"),
    [
        ([], D(2021, 3, 1), None),
        ([(D(2020, 6, 1), D(2020, 6, 11))], D(2021, 3, 11), "Tolled 10 days"),
        # overlapping periods merge: 1 Jul to 30 Oct = 121 days, not 92 + 62
        (
            [(D(2020, 7, 1), D(2020, 10, 1)), (D(2020, 9, 1), D(2020, 10, 30))],
            D(2021, 3, 1) + dt.timedelta(days=121),
            "Tolled 121",
        ),
        (
            [(D(2019, 1, 1), D(2019, 6, 1))],
            D(2021, 3, 1),
            None,
        ),  # decided before the clock started: ignored
        (
            [(D(2020, 1, 1), D(2020, 3, 11))],
            D(2021, 3, 11),
            "Tolled 10 days",
        ),  # clipped to the start
        (
            [(D(2021, 4, 1), D(2021, 8, 1))],
            D(2021, 3, 1),
            "neither tolls nor revives",
        ),  # filed after the year ran
        # the first period pushes the end to 11 Mar 2021, so a filing on 5 Mar still counts
        (
            [(D(2020, 6, 1), D(2020, 6, 11)), (D(2021, 3, 5), D(2021, 3, 15))],
            D(2021, 3, 21),
            "Tolled 10 days",
        ),
        ([(D(2021, 3, 1), D(2021, 3, 2))], D(2021, 3, 2), "Tolled 1 days"),  # filed on the last day
    ],
)
def test_aedpa_tolling(
    tolling: list[tuple[dt.date, dt.date]], due: dt.date, note: str | None
) -> None:
    deadline = aedpa_deadline(judgment_final=D(2020, 3, 1), tolling=tolling)
    assert deadline.due == due
    assert note is None or any(note in n for n in deadline.notes)
    assert len([k for k in deadline.inputs if k.startswith("tolling_")]) == len(tolling)


def test_aedpa_certiorari_window_is_marked_unverified() -> None:
    deadline = aedpa_deadline(direct_review_ended=D(2020, 1, 2))
    assert deadline.due == D(2021, 4, 1)  # 2 Jan + 90 days = 1 Apr 2020, then one year
    assert deadline.verification == "unverified" and any(
        "Sup. Ct. R. 13 - unverified" in n for n in deadline.notes
    )
    assert deadline.inputs == {"judgment_final": "2020-04-01", "direct_review_ended": "2020-01-02"}


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: aedpa_deadline(), "judgment_final"),
        (
            lambda: aedpa_deadline(judgment_final=D(2020, 1, 1), direct_review_ended=D(2019, 1, 1)),
            "direct_review_ended",
        ),
        (
            lambda: aedpa_deadline(
                judgment_final=D(2020, 1, 1), tolling=[(D(2020, 5, 1), D(2020, 4, 1))]
            ),
            "tolling",
        ),
        (
            lambda: aedpa_deadline(judgment_final=D(2020, 1, 1), tolling=[(D(2020, 5, 1), None)]),
            "tolling",
        ),
        (lambda: pc_1473_6_deadline(misconduct_discovered=None), "misconduct_discovered"),
        (lambda: pc_1417_9_deadline(destruction_notice=None), "destruction_notice"),
        (lambda: pc_851_8_deadline(arrest=None, accusatory_pleading=D(2024, 1, 1)), "arrest"),
        (lambda: pc_4901_deadline(reversal=D(2021, 1, 1)), "release_from_custody"),
        (lambda: compensation_claim_deadline(jurisdiction="TX", exoneration=None), "exoneration"),
        (
            lambda: compensation_claim_deadline(jurisdiction="NV", exoneration=D(2022, 1, 1)),
            "jurisdiction",
        ),
        (
            lambda: compensation_claim_deadline(jurisdiction="Atlantis", exoneration=D(2022, 1, 1)),
            "jurisdiction",
        ),
        (lambda: deadline_compute("nope", {}), "rule_id"),
        (lambda: deadline_compute("ca_pc_1509", {"arrest": D(2020, 1, 1)}), "arrest"),
        (lambda: custom_deadline(name=" ", due=D(2026, 1, 1)), "name"),
        (lambda: custom_deadline(name="Reply brief", due=None), "due"),
    ],
)
def test_errors_name_the_field(make: Callable[[], Deadline], field: str) -> None:
    with pytest.raises(DeadlineInputError) as err:
        make()
    assert err.value.field == field and isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("code", "trigger", "due", "verification"),
    [
        ("TX", D(2022, 5, 2), D(2025, 5, 2), "sourced"),
        ("FL", D(2025, 8, 1), D(2027, 8, 1), "sourced"),
        (
            "FL",
            D(2025, 3, 1),
            D(2027, 3, 1),
            "unverified",
        ),  # before SB 130: the look-back note applies
        ("MI", D(2024, 2, 29), D(2027, 2, 28), "sourced"),
        ("MA", D(2023, 6, 1), D(2025, 6, 1), "sourced"),
        ("NY", D(2023, 6, 1), D(2025, 6, 1), "unverified"),
        ("WA", D(2023, 6, 1), D(2026, 6, 1), "unverified"),
    ],
)
def test_compensation_clocks_from_the_compensation_table(
    code: str, trigger: dt.date, due: dt.date, verification: str
) -> None:
    deadline = compensation_claim_deadline(jurisdiction=code, exoneration=trigger)
    assert (deadline.due, deadline.verification, deadline.rule_id) == (
        due,
        verification,
        f"comp_{code.lower()}",
    )
    assert deadline.rule and deadline.source
    if verification == "unverified":
        assert any("unverified" in n for n in deadline.notes)
    if code == "FL" and trigger < D(2025, 7, 1):
        assert any("1 Jul 2027" in n for n in deadline.notes)


@pytest.mark.parametrize(
    ("today", "remaining", "status", "label"),
    [
        (D(2026, 10, 31), 31, Status.OK, "ok"),
        (D(2026, 11, 1), 30, Status.DUE_SOON, "due within 30 days"),
        (D(2026, 12, 1), 0, Status.DUE_SOON, "due within 30 days"),
        (D(2026, 12, 2), -1, Status.OVERDUE, "overdue"),
    ],
)
def test_status_relative_to_today(
    today: dt.date, remaining: int, status: Status, label: str
) -> None:
    deadline = custom_deadline(name="Reply brief", due=D(2026, 12, 1), note="Court order of 3 Nov")
    assert (
        deadline.days_remaining(today),
        deadline.status(today),
        deadline.status(today).label,
    ) == (remaining, status, label)
    view = deadline.as_dict(today)
    assert (view["days_remaining"], view["status"], view["status_label"]) == (
        remaining,
        status.value,
        label,
    )


def test_custom_and_evaluation_output() -> None:
    custom = custom_deadline(name=" Reply brief ", due=D(2026, 12, 1), note="Court order of 3 Nov")
    assert (custom.name, custom.rule_id, custom.verification, custom.source) == (
        "Reply brief",
        "custom",
        "custom",
        "Court order of 3 Nov",
    )
    rows = deadlines_evaluate(
        [custom, pc_1473_6_deadline(misconduct_discovered=D(2025, 1, 1))], D(2026, 11, 25)
    )
    assert [r["name"] for r in rows] == [
        "Motion to vacate for official misconduct (Cal. PC 1473.6)",
        "Reply brief",
    ]
    assert rows[0]["status"] == "overdue" and rows[1]["status"] == "due_soon"
    assert json.loads(json.dumps(rows))[0]["inputs"] == {
        "misconduct_discovered": "2025-01-01"
    } and "anniversary" in str(rows[0]["counting"])


def test_the_rules_file() -> None:
    rules = deadline_rules()
    assert {"aedpa_2244d", "ca_pc_1473_6", "ca_pc_4901", "ca_pc_1417_9", "ca_pc_851_8"} <= set(
        rules
    )
    for rule in rules.values():
        assert rule.name and rule.source and rule.rule and rule.triggers, rule.id
        assert rule.verification in {"sourced", "unverified"} and (
            rule.years > 0 or rule.days > 0
        ), rule.id
        assert set(rule.required) <= set(rule.triggers) and rule.error_field in rule.triggers, (
            rule.id
        )


@given(st.sampled_from(sorted(deadline_rules())), st.dates(D(1950, 1, 1), D(2090, 1, 1)))
def test_no_rule_falls_due_before_its_trigger(rule_id: str, day: dt.date) -> None:
    rule = deadline_rules()[rule_id]
    deadline = deadline_compute(rule_id, dict.fromkeys(rule.triggers, day))
    assert deadline.due > day and deadline.start == day


periods = st.lists(
    st.tuples(st.dates(D(2015, 1, 1), D(2030, 1, 1)), st.integers(0, 800)), max_size=5
)


@given(st.dates(D(2015, 1, 1), D(2028, 1, 1)), periods)
def test_tolling_only_ever_extends(start: dt.date, spans: list[tuple[dt.date, int]]) -> None:
    tolling = [(a, a + dt.timedelta(days=n)) for a, n in spans]
    plain = aedpa_deadline(judgment_final=start)
    tolled = aedpa_deadline(judgment_final=start, tolling=tolling)
    assert start < plain.due <= tolled.due
    assert (tolled.due - plain.due).days <= sum(n for _, n in spans)


@given(
    st.sampled_from(["TX", "FL", "MI", "MA", "OR", "CA", "US"]),
    st.dates(D(1950, 1, 1), D(2090, 1, 1)),
)
def test_compensation_clocks_never_precede_their_trigger(code: str, day: dt.date) -> None:
    assert compensation_claim_deadline(jurisdiction=code, exoneration=day).due > day


def test_every_triggered_rule_names_a_trigger_of_its_rule() -> None:
    from habeas.domain.deadlines import TRIGGERED_RULES, deadline_rules, triggered_rule_choices

    rules = deadline_rules()
    for rule_id, (trigger, _) in TRIGGERED_RULES.items():
        assert trigger in rules[rule_id].triggers, rule_id
    assert [rule_id for rule_id, _ in triggered_rule_choices()] == list(TRIGGERED_RULES)


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


def test_status_against_today() -> None:
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
