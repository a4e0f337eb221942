"""Word lists the flag engine's name readers share."""

from __future__ import annotations

# Capitalised in English but never a person's name in an opinion ("On Monday, March 3 ...").
CALENDAR_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]
