"""The rules of the watchlist review, defined once: does this written name, on a record of this
agency, name the watched person? DuckDB and Spark only scan the records and join the verdicts
back (``review_sql.py``); everything that decides a match is here.

A match needs a surname that agrees (the same, OCR confusions, one edit; with the watched agency
or badge also a particle or one part of a double surname dropped, or two edits) and a first name
that does not disagree. Agency and badge then decide between namesakes:

- badge agrees (and the agency, where both are known): a match, whatever the first name is
  written as, even a bare surname ("P.O. Kessler #4412");
- the watched agency, no badge: a match when the name agrees;
- another agency, or another badge: not him (shown only when asked for, with the reason);
- nothing to tell (the entry or the record has no agency, no badge): the name alone decides,
  as strictly as before (one edit at most, no double-surname halves unless the first name agrees).

Every verdict keeps its reason in words and a score in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

from habeas.domain.names import (
    FIRST_WORDS,
    SURNAME_WORDS,
    First,
    ParsedName,
    Surname,
    first_level,
    surname_level,
)
from habeas.domain.systemic.watch import WatchEntry


class Evidence(IntEnum):
    AGREES = 0
    UNKNOWN = 1
    DIFFERS = 2


MATCH = "match"
EXCLUDED = "excluded"  # looked alike, but agency, badge or first name say it is someone else

_SURNAME_POINTS = {
    Surname.SAME: 4.0,
    Surname.OCR: 3.6,
    Surname.ONE_EDIT: 3.2,
    Surname.PARTICLE: 3.0,
    Surname.COMPOUND: 2.6,
    Surname.TWO_EDITS: 2.0,
    Surname.NONE: -6.0,
}
_FIRST_POINTS = {
    First.SAME: 3.0,
    First.NICKNAME: 2.6,
    First.SIMILAR: 2.2,
    First.INITIAL: 1.6,
    First.MISSING: 0.8,
    First.DIFFERS: -4.0,
}
_AGENCY_POINTS = {Evidence.AGREES: 1.5, Evidence.UNKNOWN: 0.0, Evidence.DIFFERS: -4.0}
_BADGE_POINTS = {Evidence.AGREES: 3.0, Evidence.UNKNOWN: 0.0, Evidence.DIFFERS: -4.0}


@dataclass(frozen=True)
class Judgement:
    verdict: str  # MATCH or EXCLUDED
    score: float
    reason: str


@dataclass(frozen=True)
class Seen:
    """A written name where a record puts it: the field and, for officers, the record's agency."""

    name: ParsedName
    field: str  # officer, analyst, witness
    agency_key: str | None
    agency: str | None  # as written, for the reason


def _score(s: Surname, f: First, agency: Evidence, badge: Evidence) -> float:
    points = _SURNAME_POINTS[s] + _FIRST_POINTS[f] + _AGENCY_POINTS[agency] + _BADGE_POINTS[badge]
    return round(1 / (1 + math.exp(-(points - 5.0))), 3)


def _name_match(s: Surname, f: First, agency: Evidence, badge: Evidence) -> bool:
    """The name half of a match, given what agency and badge say (neither disagrees here)."""
    if s == Surname.NONE or f == First.DIFFERS:
        return False
    if badge == Evidence.AGREES:
        return True
    if agency == Evidence.AGREES:
        # A bare surname or an initial at his agency, no badge to confirm: the surname must be
        # his, not half of it ("J. Dawson" is not "Jose Rasmussen-Dawson").
        if f >= First.INITIAL:
            return s <= Surname.ONE_EDIT
        if s == Surname.TWO_EDITS:
            return f <= First.SIMILAR
        return True
    if s <= Surname.ONE_EDIT:
        return True
    return s <= Surname.COMPOUND and f <= First.NICKNAME


def _readings(seen: ParsedName) -> list[ParsedName]:
    """The name as parsed, and read as a bare surname when it could be one: "Di Napoli #4412"
    ("dinapoli"), "P.O. Moreno Gomez, Badge No. 6251" (a double surname, no first name)."""
    out = [seen]
    if seen.first and seen.last and not seen.middles and not seen.first_is_initial:
        # ParsedName(...) rather than dataclasses.replace: this runs for most candidate pairs.
        if seen.first_may_be_particle:
            glued = (seen.first + seen.surname[0], *seen.surname[1:])
            out.append(_bare(seen, glued, seen.first))
        elif len(seen.surname) == 1:
            out.append(_bare(seen, (seen.first, *seen.surname), ""))
    return out


def _bare(seen: ParsedName, surname: tuple[str, ...], particle: str) -> ParsedName:
    """``seen`` with no first name, ``surname`` and ``particle``: the rest as it is."""
    return ParsedName(
        seen.written,
        None,
        seen.middles,
        surname,
        seen.badge,
        seen.role,
        first_may_be_particle=seen.first_may_be_particle,
        particle=particle,
    )


def _words(
    level: Surname | First, form: str | None, table: dict[Surname, str] | dict[First, str]
) -> str:
    return table[level].format(form=form or "")  # type: ignore[index]


def pair_judge(entry: WatchEntry, seen: Seen) -> Judgement | None:
    """The verdict on one written name for one entry; None when the names are not alike."""
    agencies = entry.agency_keys
    badges = entry.badge_keys
    if entry.kind not in ("any", seen.field):
        return None
    agency = Evidence.UNKNOWN
    if seen.field == "officer" and agencies and seen.agency_key:
        agency = Evidence.AGREES if seen.agency_key in agencies else Evidence.DIFFERS
    best: tuple[tuple[int, float], Judgement] | None = None
    for watched in entry.parsed_names:
        for reading in _readings(seen.name):
            badge = Evidence.UNKNOWN
            if badges and reading.badge:
                badge = Evidence.AGREES if reading.badge in badges else Evidence.DIFFERS
            s = surname_level(watched, reading)
            if s == Surname.NONE:
                continue
            f = first_level(watched, reading)
            judged = _verdict(s, f, agency, badge, reading, seen, bool(agencies))
            if judged is None:
                continue
            rank = (0 if judged.verdict == MATCH else 1, -judged.score)
            if best is None or rank < best[0]:
                best = (rank, judged)
    return best[1] if best else None


def _verdict(
    s: Surname,
    f: First,
    agency: Evidence,
    badge: Evidence,
    reading: ParsedName,
    seen: Seen,
    entry_has_agency: bool,
) -> Judgement | None:
    # A third of the candidate pairs end here: decide that before putting anything in words.
    if badge != Evidence.DIFFERS and agency != Evidence.DIFFERS:
        if f == First.DIFFERS:
            if s > Surname.ONE_EDIT:
                return None
        elif not _name_match(s, f, agency, badge):
            return None
    words = [_words(s, reading.last, SURNAME_WORDS), _words(f, reading.first, FIRST_WORDS)]
    score = _score(s, f, agency, badge)
    if badge == Evidence.DIFFERS:
        return Judgement(
            EXCLUDED, score, "; ".join([*words, f"badge differs ({reading.badge}): not him"])
        )
    if agency == Evidence.DIFFERS:
        said = "badge agrees but" if badge == Evidence.AGREES else "name only,"
        words.append(f"{said} other agency ({seen.agency}): not him")
        return Judgement(EXCLUDED, score, "; ".join(words))
    if f == First.DIFFERS:  # the surname is his or one edit from it (above)
        return Judgement(EXCLUDED, score, "; ".join([*words[:1], f"{words[1]}: not him"]))
    if badge == Evidence.AGREES:
        words.append("agency and badge agree" if agency == Evidence.AGREES else "badge agrees")
    elif agency == Evidence.AGREES:
        words.append("agency agrees")
    elif entry_has_agency and seen.field == "officer" and not seen.agency_key:
        words.append("no agency on the record")
    return Judgement(MATCH, score, "; ".join(words))
