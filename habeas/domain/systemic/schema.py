"""The canonical columns of a bulk conviction record, and the header names files use for them."""

from __future__ import annotations

import re

# name -> (kind, aliases). Kinds: text, date, list (several values separated by ; or |).
CANONICAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "defendant": (
        "text",
        ("defendant", "defendant name", "name", "full name", "defendant full name"),
    ),
    "first_name": ("text", ("first name", "first", "given name", "defendant first name")),
    "last_name": ("text", ("last name", "last", "surname", "family name", "defendant last name")),
    "dob": ("date", ("dob", "date of birth", "birth date", "birthdate")),
    "docket": (
        "text",
        ("docket", "docket number", "case number", "case no", "case", "court case number"),
    ),
    "court": ("text", ("court", "court name", "courthouse")),
    "offense": (
        "text",
        ("offense", "offence", "charge", "crime", "statute", "offense description"),
    ),
    "offense_date": ("date", ("offense date", "date of offense", "crime date", "incident date")),
    "arrest_date": ("date", ("arrest date", "date of arrest")),
    "conviction_date": (
        "date",
        ("conviction date", "date of conviction", "disposition date", "sentence date"),
    ),
    "officers": (
        "list",
        (
            "officers",
            "officer",
            "arresting officer",
            "detectives",
            "detective",
            "investigating officer",
        ),
    ),
    "analysts": ("list", ("analysts", "analyst", "chemist", "criminalist", "lab analyst")),
    "witnesses": ("list", ("witnesses", "witness")),
    "lab_numbers": ("list", ("lab numbers", "lab number", "lab no", "laboratory number")),
    "lab": ("text", ("lab", "laboratory", "crime lab")),
    "agency": ("text", ("agency", "arresting agency", "police agency", "department")),
}


def header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


ALIASES: dict[str, str] = {
    header_key(alias): column for column, (_, aliases) in CANONICAL.items() for alias in aliases
}


def header_map(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """Source header -> canonical column, and the source columns nobody maps (reported, not fatal).
    The first source column for a canonical name wins; later duplicates are reported too."""
    mapped: dict[str, str] = {}
    unknown: list[str] = []
    for name in header:
        column = ALIASES.get(header_key(name))
        if column is None or column in mapped.values():
            unknown.append(name)
        else:
            mapped[name] = column
    return mapped, unknown
