"""Years lost to a wrongful conviction, with the rule shown (NRE convention). Free of Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from habeas.domain.errors import InputError

RULE = "Release date minus date of first conviction, in years of 365.25 days, rounded to one decimal (the NRE's 'Years Lost')."


class YearsLostInputError(InputError):
    """Bad or contradictory input; ``field`` names the input to fix."""


@dataclass(frozen=True)
class YearsLost:
    years: Decimal
    days: int
    first_conviction: dt.date
    release: dt.date
    rule: str = RULE


def years_lost(*, first_conviction: dt.date | None, release: dt.date | None) -> YearsLost:
    if first_conviction is None:
        raise YearsLostInputError("first_conviction", "is required")
    if release is None:
        raise YearsLostInputError("release", "is required (still in custody: nothing to compute yet)")
    if release < first_conviction:
        raise YearsLostInputError("release", f"{release.isoformat()} is before the first conviction {first_conviction.isoformat()}")
    days = (release - first_conviction).days
    years = (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return YearsLost(years=years, days=days, first_conviction=first_conviction, release=release)
