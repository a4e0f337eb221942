"""Impossible-date checks shared by forms, the API and bulk import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

# (earlier field, later field, message). Only pairs where the order is a legal certainty.
ORDER_RULES: tuple[tuple[str, str, str], ...] = (
    ("incident_date", "arrest_date", "Arrest cannot precede the crime."),
    ("incident_date", "conviction_date", "Conviction cannot precede the crime."),
    ("arrest_date", "conviction_date", "Conviction cannot precede the arrest."),
    ("conviction_date", "sentence_date", "Sentencing cannot precede the conviction."),
    ("conviction_date", "release_date", "Release cannot precede the conviction."),
    ("conviction_date", "vacated_date", "A conviction cannot be vacated before it was entered."),
    ("date_of_birth", "incident_date", "Date of birth must precede the crime."),
    ("filed_on", "decided_on", "A filing cannot be decided before it was filed."),
    ("custody_from", "custody_to", "Custody cannot end before it began."),
)


def chronology_errors(
    dates: Mapping[str, dt.date | None], *, today: dt.date | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for earlier, later, message in ORDER_RULES:
        a, b = dates.get(earlier), dates.get(later)
        if a is not None and b is not None and b < a:
            errors.setdefault(later, []).append(message)
    if today is not None:
        for name, value in dates.items():
            if value is not None and value > today:
                errors.setdefault(name, []).append("Date is in the future.")
    return errors
