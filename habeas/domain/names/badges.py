"""Badge, shield, star and serial numbers written into a name: "Ann Kessler #4412",
"Det. Ann Kessler, Badge #4412", "KESSLER, ANN, Shield #12", "Ann Kessler (Badge 882)",
"Ofc. Kessler Serial No. 39411", "A. Kessler 4412"."""

from __future__ import annotations

import re
from functools import cache

from habeas.domain.names.tables import badge_words

_DIGIT = re.compile(r"\d")


@cache
def _badge_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(badge_words(), key=len, reverse=True))
    introduced = (
        rf"(?:\b(?:{words})\b\.?[ \t]*(?:no\b\.?|num(?:ber)?\b\.?|#)?[ \t]*:?[ \t]*#?|#)"
        r"[ \t]*(?P<number>[a-z]?\d{1,7})\b"
    )
    trailing = r"(?<=[a-z.][ \t])(?P<tail>\d{2,7})[ \t]*$"
    # The separator before the badge (comma, opening bracket) goes with it.
    return re.compile(
        rf"[ \t]*,?[ \t]*\(?[ \t]*(?:{introduced})[ \t]*\)?|[ \t]*\(?{trailing}\)?",
        re.IGNORECASE,
    )


def badge_normalize(badge: str | None) -> str | None:
    """Upper-case letters and digits, leading zeros dropped ("04412" = "4412"); None if empty."""
    if not badge:
        return None
    cleaned = re.sub(r"[^A-Z0-9]", "", badge.upper()).lstrip("0")
    return cleaned or None


def badge_split(text: str) -> tuple[str, str | None]:
    """``text`` without the badge written into it, and that badge (normalized), or None."""
    # Every badge has a digit: a name without one is not searched (most of them, and the long
    # pattern is slow to fail).
    found = _badge_pattern().search(text) if _DIGIT.search(text) else None
    if found is None:
        return text, None
    number = found.group("number") or found.group("tail")
    rest = (text[: found.start()] + " " + text[found.end() :]).strip(" ,\t")
    return rest, badge_normalize(number)
