"""Filing deadlines computed from trigger dates, each with its rule text and source. Free of Django.

Counting rule used throughout: a period of N years ends on the N-th anniversary of the trigger date
(a 29 February trigger ends on 28 February in a common year); a period of N days ends N calendar
days after the trigger. Courts apply their own rules for weekends, holidays and tolling: these
dates are warnings for planning, not legal advice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from habeas.domain.compensation import rule_get
from habeas.domain.errors import InputError

DUE_SOON_DAYS = 30


class DeadlineInputError(InputError):
    """Bad or contradictory input; ``field`` names the input to fix."""


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"


@dataclass(frozen=True)
class Deadline:
    rule_id: str
    name: str
    due: dt.date
    rule: str
    source: str
    verification: str  # "sourced" or "unverified"
    inputs: Mapping[str, str]
    notes: tuple[str, ...] = field(default=())

    def days_remaining(self, today: dt.date) -> int:
        return (self.due - today).days

    def status(self, today: dt.date) -> Status:
        remaining = self.days_remaining(today)
        if remaining < 0:
            return Status.OVERDUE
        return Status.DUE_SOON if remaining <= DUE_SOON_DAYS else Status.OK


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _require(value: dt.date | None, name: str) -> dt.date:
    if value is None:
        raise DeadlineInputError(name, "is required for this deadline")
    return value


def _tolled_days(periods: Iterable[tuple[dt.date, dt.date]], start: dt.date) -> int:
    """Days during which properly filed state applications were pending after ``start`` (merged)."""
    spans = sorted((max(a, start), b) for a, b in periods if b >= start)
    total, current_end = 0, start
    for a, b in spans:
        if b < a:
            raise DeadlineInputError("tolling", f"period ends {b.isoformat()} before it starts {a.isoformat()}")
        a = max(a, current_end)
        if b > a:
            total += (b - a).days
            current_end = b
    return total


def aedpa_deadline(
    *,
    judgment_final: dt.date | None = None,
    impediment_removed: dt.date | None = None,
    new_right_recognized: dt.date | None = None,
    factual_predicate_discovered: dt.date | None = None,
    tolling: Iterable[tuple[dt.date, dt.date]] = (),
) -> Deadline:
    """28 U.S.C. 2244(d)(1): one year from the latest of triggers (A)-(D), plus statutory tolling."""
    triggers = {
        "judgment_final (A)": judgment_final,
        "impediment_removed (B)": impediment_removed,
        "new_right_recognized (C)": new_right_recognized,
        "factual_predicate_discovered (D)": factual_predicate_discovered,
    }
    given = {k: v for k, v in triggers.items() if v is not None}
    if not given:
        raise DeadlineInputError("judgment_final", "give at least one AEDPA trigger date")
    label, start = max(given.items(), key=lambda kv: kv[1])
    tolled = _tolled_days(tolling, start)
    due = add_years(start, 1) + dt.timedelta(days=tolled)
    notes = [f"Runs from the latest trigger: {label} on {start.isoformat()}."]
    if tolled:
        notes.append(f"Extended by {tolled} days while state post-conviction applications were pending (2244(d)(2)).")
    notes.append(
        "A judgment becomes final when direct review ends or the 90-day certiorari window closes (Sup. Ct. R. 13, unverified); "
        "an untimely state petition does not toll; actual innocence can open the gateway after expiry (McQuiggin v. Perkins, 2013)."
    )
    return Deadline(
        rule_id="aedpa_2244d", name="Federal habeas limitation (AEDPA)", due=due,
        rule="One year from the latest of (A) judgment final, (B) impediment removed, (C) new right recognized, "
        "(D) factual predicate discoverable; tolled while a properly filed state application is pending.",
        source="28 U.S.C. 2244(d)(1)-(2)", verification="sourced",
        inputs={k: v.isoformat() for k, v in given.items()}, notes=tuple(notes),
    )


def _simple(rule_id: str, name: str, start: dt.date, due: dt.date, rule: str, source: str, inputs: Mapping[str, dt.date], verification: str = "sourced", notes: tuple[str, ...] = ()) -> Deadline:
    return Deadline(rule_id=rule_id, name=name, due=due, rule=rule, source=source, verification=verification,
                    inputs={k: v.isoformat() for k, v in inputs.items()}, notes=notes)


def pc_1473_6_deadline(*, misconduct_discovered: dt.date | None) -> Deadline:
    start = _require(misconduct_discovered, "misconduct_discovered")
    return _simple("ca_pc_1473_6", "Motion to vacate for official misconduct (Cal. PC 1473.6)", start, add_years(start, 1),
                   "One year from discovery of the misconduct evidence.", "Cal. Penal Code 1473.6", {"misconduct_discovered": start})


def pc_4901_deadline(
    *,
    acquittal: dt.date | None = None,
    dismissal: dt.date | None = None,
    pardon: dt.date | None = None,
    release_from_custody: dt.date | None = None,
    reversal: dt.date | None = None,
) -> Deadline:
    """Cal. PC 4901: claim within ten years after the latest of acquittal, dismissal, pardon or release
    from custody (incl. parole); not before 60 days after the reversal."""
    events = {"acquittal": acquittal, "dismissal": dismissal, "pardon": pardon, "release_from_custody": release_from_custody}
    given = {k: v for k, v in events.items() if v is not None}
    if not given:
        raise DeadlineInputError("release_from_custody", "give the acquittal, dismissal, pardon or release date")
    label, start = max(given.items(), key=lambda kv: kv[1])
    notes = [f"Runs from the latest event: {label} on {start.isoformat()}."]
    inputs = dict(given)
    if reversal is not None:
        inputs["reversal"] = reversal
        notes.append(f"Earliest filing date: {(reversal + dt.timedelta(days=60)).isoformat()} (60 days after the reversal).")
    return _simple("ca_pc_4901", "CalVCB compensation claim (Cal. PC 4900/4901)", start, add_years(start, 10),
                   "Ten years after acquittal, dismissal, pardon or release from custody (including parole), whichever is later.",
                   "Cal. Penal Code 4901", inputs, notes=tuple(notes))


def pc_1417_9_deadline(*, destruction_notice: dt.date | None) -> Deadline:
    start = _require(destruction_notice, "destruction_notice")
    return _simple("ca_pc_1417_9", "Respond to evidence-destruction notice (Cal. PC 1417.9)", start, start + dt.timedelta(days=180),
                   "180 days from the notice to respond by motion or sworn request.", "Cal. Penal Code 1417.9",
                   {"destruction_notice": start})


def pc_851_8_deadline(*, arrest: dt.date | None, accusatory_pleading: dt.date | None = None) -> Deadline:
    inputs = {"arrest": _require(arrest, "arrest")}
    if accusatory_pleading is not None:
        inputs["accusatory_pleading"] = accusatory_pleading
    start = max(inputs.values())
    return _simple("ca_pc_851_8", "Petition for factual innocence (Cal. PC 851.8)", start, add_years(start, 2),
                   "Two years from the arrest or the filing of the accusatory pleading, whichever is later (good cause may extend).",
                   "Cal. Penal Code 851.8(l)", inputs)


def compensation_claim_deadline(*, jurisdiction: str, exoneration: dt.date | None) -> Deadline:
    """Out-of-state compensation clocks, from the compensation table's ``deadline_years``."""
    start = _require(exoneration, "exoneration")
    rule = rule_get(jurisdiction)
    years = rule.deadline_years
    if years is None:
        raise DeadlineInputError("jurisdiction", f"no filing period recorded for {rule.jurisdiction}: {rule.filing_deadline or 'unknown'}")
    return _simple(f"comp_{rule.code.lower()}", f"Compensation claim ({rule.jurisdiction})", start, add_years(start, years),
                   rule.filing_deadline, rule.statute, {"exoneration": start}, verification=rule.verification)


def custom_deadline(*, name: str, due: dt.date | None, note: str = "") -> Deadline:
    if not name.strip():
        raise DeadlineInputError("name", "is required")
    day = _require(due, "due")
    return Deadline(rule_id="custom", name=name.strip(), due=day, rule="Set by the case team.", source=note or "custom",
                    verification="sourced", inputs={"due": day.isoformat()})


__all__ = [
    "Deadline", "DeadlineInputError", "Status", "add_years", "aedpa_deadline", "compensation_claim_deadline",
    "custom_deadline", "pc_1417_9_deadline", "pc_1473_6_deadline", "pc_4901_deadline", "pc_851_8_deadline",
]
