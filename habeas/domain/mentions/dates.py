"""Calendar dates in US police reports, transcripts and opinions, normalized to ISO 8601."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from habeas.domain.mentions.mention import Mention, MentionKind, context_of

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
# One alternation so one scan of the page finds every shape; named groups tell them apart.
_DATE = re.compile(
    rf"""
    (?<![\w/.-])
    (?=\d|[JFMASOND])  # cheap first-character gate before the alternation (re is case-insensitive)
    (?:
        (?P<mdy_mon>{_MONTH})\.?[ \t]+(?P<mdy_day>{_DAY}){_ORD},?[ \t]*(?:\n[ \t]*)?(?P<mdy_year>\d{{4}})
      | (?P<dmy_day>{_DAY}){_ORD}(?:[ \t]+(?:of[ \t]+)?|-)(?P<dmy_mon>{_MONTH})\.?(?:,?[ \t]+|-)(?P<dmy_year>\d{{4}}|\d{{2}})
      | (?P<iso_year>(?:19|20)\d\d)-(?P<iso_mon>[01]\d)-(?P<iso_day>[0-3]\d)
      | (?P<num_mon>1[0-2]|0?[1-9])(?P<sep>[/-])(?P<num_day>{_DAY})(?P=sep)(?P<num_year>\d{{4}}|\d{{2}})
      | (?P<dot_mon>1[0-2]|0?[1-9])\.(?P<dot_day>{_DAY})\.(?P<dot_year>(?:19|20)\d\d)
    )
    (?![\w/-]|\.\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _year(raw: str, pivot: int) -> int:
    """Two-digit years: up to this year's last two digits are 20xx, the rest 19xx
    (a 2001 report saying "06-12-99" means 1999, not 2099)."""
    year = int(raw)
    if len(raw) == 2:
        year += 2000 if year <= pivot else 1900
    return year


def _parts(m: re.Match[str], pivot: int) -> tuple[int, int, int] | None:
    g = m.group
    if g("mdy_mon"):
        return int(g("mdy_year")), _MONTHS[g("mdy_mon")[:3].lower()], int(g("mdy_day"))
    if g("dmy_mon"):
        return _year(g("dmy_year"), pivot), _MONTHS[g("dmy_mon")[:3].lower()], int(g("dmy_day"))
    if g("iso_year"):
        return int(g("iso_year")), int(g("iso_mon")), int(g("iso_day"))
    if g("num_mon"):
        return _year(g("num_year"), pivot), int(g("num_mon")), int(g("num_day"))
    if g("dot_mon"):
        return int(g("dot_year")), int(g("dot_mon")), int(g("dot_day"))
    return None


def dates_find(text: str, *, today: dt.date | None = None) -> Iterator[Mention]:
    """Yield valid dates; impossible ones (2/30/2001) and years outside 1900-2099 are skipped."""
    now = today or dt.datetime.now(tz=dt.UTC).date()
    pivot = now.year % 100
    for m in _DATE.finditer(text):
        parts = _parts(m, pivot)
        if parts is None or not 1900 <= parts[0] <= 2099:
            continue
        try:
            day = dt.date(*parts)
        except ValueError:
            continue
        # Numeric forms could be something else (a count, an item number); spelled months can't.
        numeric = bool(m.group("num_mon") or m.group("dot_mon"))
        confidence = (
            0.7 if numeric and len(m.group("num_year") or "") == 2 else 0.8 if numeric else 0.9
        )
        yield Mention(
            kind=MentionKind.DATE,
            text=m.group(),
            start=m.start(),
            end=m.end(),
            value=day.isoformat(),
            confidence=confidence,
            context=context_of(text, m.start(), m.end()),
        )
