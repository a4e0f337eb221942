"""A case's outcome figures, computed from its record and shown with how they were reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from habeas.cases.models import Case, ResolutionEvent
from habeas.domain.compensation import CompensationResult, compensation_compute
from habeas.domain.deadlines import Deadline, pc_4901_deadline
from habeas.domain.errors import InputError
from habeas.domain.years_lost import YearsLost, years_lost


@dataclass(frozen=True)
class OutcomeSummary:
    first_conviction: dt.date | None
    arrest: dt.date | None
    release: dt.date | None
    years_lost: YearsLost | None
    compensation: CompensationResult | None
    deadlines: list[Deadline] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what the team must record for the rest


def _first(case: Case, kind: str) -> dt.date | None:
    return case.resolution_events.filter(kind=kind).order_by("occurred_on").values_list("occurred_on", flat=True).first()


def case_outcome_summary(case: Case) -> OutcomeSummary:
    """Call only with a case already fetched through ``case_get`` (which checked access and audited)."""
    conviction = case.convictions.exclude(convicted_on=None).order_by("convicted_on").first()
    first_conviction = conviction.convicted_on if conviction else None
    arrest = case.convictions.exclude(arrested_on=None).order_by("arrested_on").values_list("arrested_on", flat=True).first()
    release = _first(case, ResolutionEvent.Kind.RELEASED)
    missing: list[str] = []

    lost = None
    try:
        lost = years_lost(first_conviction=first_conviction, release=release)
    except InputError as exc:
        missing.append(f"Years lost: {exc.field.replace('_', ' ')} {exc.message}.")

    compensation = None
    custody_from = arrest or first_conviction
    try:
        compensation = compensation_compute(case.jurisdiction_state, custody_from=custody_from, custody_to=release)
    except InputError as exc:
        missing.append(f"Compensation: {exc.field.replace('_', ' ')} {exc.message} (custody runs from the arrest date, "
                       "or the conviction date when no arrest date is recorded, to the release event).")

    deadlines = []
    ends = {
        "acquittal": _first(case, ResolutionEvent.Kind.ACQUITTED),
        "dismissal": _first(case, ResolutionEvent.Kind.DISMISSED),
        "pardon": _first(case, ResolutionEvent.Kind.PARDONED),
        "release_from_custody": release,
    }
    if case.jurisdiction_state.upper() == "CA":
        try:
            deadlines.append(pc_4901_deadline(**ends, reversal=_first(case, ResolutionEvent.Kind.VACATED)))
        except InputError:
            missing.append("PC 4901 claim deadline: record a dismissal, acquittal, pardon or release event.")
    return OutcomeSummary(first_conviction=first_conviction, arrest=arrest, release=release, years_lost=lost,
                          compensation=compensation, deadlines=deadlines, missing=missing)
