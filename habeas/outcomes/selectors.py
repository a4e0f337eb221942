"""A case's outcome figures, computed from its record and shown with how they were reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from habeas.cases.models import Case, ResolutionEvent, Sentence
from habeas.domain.compensation import CompensationResult, compensation_compute
from habeas.domain.deadlines import Deadline, aedpa_deadline, pc_4901_deadline
from habeas.domain.errors import InputError
from habeas.domain.years_lost import YearsLost, years_lost
from habeas.outcomes.coding import EventDates, exoneration_from_events
from habeas.outcomes.models import CaseOutcome


@dataclass(frozen=True)
class OutcomeCoding:
    """The NRE coding of a case with its dates: recorded overrides first, else from the record."""

    outcome: CaseOutcome | None
    factors: tuple[str, ...]
    om_tags: tuple[str, ...]
    tags: tuple[str, ...]
    exonerating_event: str
    exonerating_event_source: str  # "coded" or "from the resolution events"
    crime_date: dt.date | None
    arrest: dt.date | None
    first_conviction: dt.date | None
    exoneration: dt.date | None
    exoneration_source: str
    release: dt.date | None
    factual_innocence: dt.date | None


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
    return (
        case.resolution_events.filter(kind=kind)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )


def _event_dates(case: Case) -> EventDates:
    K = ResolutionEvent.Kind
    return EventDates(
        vacated=_first(case, K.VACATED),
        dismissed=_first(case, K.DISMISSED),
        acquitted=_first(case, K.ACQUITTED),
        pardoned=_first(case, K.PARDONED),
        factual_innocence=_first(case, K.FACTUAL_INNOCENCE),
        released=_first(case, K.RELEASED),
    )


def case_outcome_coding(case: Case) -> OutcomeCoding:
    """Call only with a case already fetched through ``case_get``."""
    outcome = CaseOutcome.objects.filter(case=case).first()
    events = _event_dates(case)
    derived_exoneration, derived_event = exoneration_from_events(events)
    incident = (
        case.incidents.exclude(occurred_on=None)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    convictions = case.convictions.all()
    first_conviction = min((c.convicted_on for c in convictions if c.convicted_on), default=None)
    arrest = min((c.arrested_on for c in convictions if c.arrested_on), default=None)
    coded_exon = outcome.exoneration_date if outcome else None
    coded_event = outcome.exonerating_event if outcome else ""
    return OutcomeCoding(
        outcome=outcome,
        factors=tuple(outcome.factors) if outcome else (),
        om_tags=tuple(outcome.om_tags) if outcome else (),
        tags=tuple(outcome.tags) if outcome else (),
        exonerating_event=coded_event or derived_event,
        exonerating_event_source="coded"
        if coded_event
        else ("from the resolution events" if derived_event else ""),
        crime_date=(outcome.crime_date if outcome and outcome.crime_date else incident),
        arrest=arrest,
        first_conviction=first_conviction,
        exoneration=coded_exon or derived_exoneration,
        exoneration_source="coded"
        if coded_exon
        else ("first dismissal, acquittal, pardon or finding" if derived_exoneration else ""),
        release=events.released,
        factual_innocence=events.factual_innocence,
    )


def case_outcome_summary(case: Case) -> OutcomeSummary:
    """Call only with a case already fetched through ``case_get`` (which checked access and audited)."""
    conviction = case.convictions.exclude(convicted_on=None).order_by("convicted_on").first()
    first_conviction = conviction.convicted_on if conviction else None
    arrest = (
        case.convictions.exclude(arrested_on=None)
        .order_by("arrested_on")
        .values_list("arrested_on", flat=True)
        .first()
    )
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
        death = Sentence.objects.filter(
            conviction__case=case, death=True
        ).exists()  # some statutes pay more (28 U.S.C. 2513)
        compensation = compensation_compute(
            case.jurisdiction_state,
            custody_from=custody_from,
            custody_to=release,
            death_sentence=death,
        )
    except InputError as exc:
        missing.append(
            f"Compensation: {exc.field.replace('_', ' ')} {exc.message} (custody runs from the arrest date, "
            "or the conviction date when no arrest date is recorded, to the release event)."
        )

    deadlines = []
    ends = {
        "acquittal": _first(case, ResolutionEvent.Kind.ACQUITTED),
        "dismissal": _first(case, ResolutionEvent.Kind.DISMISSED),
        "pardon": _first(case, ResolutionEvent.Kind.PARDONED),
        "release_from_custody": release,
    }
    vacated = _first(case, ResolutionEvent.Kind.VACATED)
    direct = (
        case.filings.filter(kind="direct_appeal")
        .exclude(decided_on=None)
        .order_by("-decided_on")
        .first()
    )
    if direct is not None and vacated is None:
        # Federal habeas clock for a conviction that still stands; state habeas petitions toll it.
        tolling = [
            (f.filed_on, f.decided_on)
            for f in case.filings.filter(kind="state_habeas").exclude(filed_on=None)
        ]
        try:
            deadlines.append(aedpa_deadline(direct_review_ended=direct.decided_on, tolling=tolling))
        except InputError as exc:
            missing.append(f"AEDPA deadline: {exc.field.replace('_', ' ')} {exc.message}.")
    if case.jurisdiction_state.upper() == "CA":
        try:
            deadlines.append(pc_4901_deadline(**ends, reversal=vacated))
        except InputError:
            missing.append(
                "PC 4901 claim deadline: record a dismissal, acquittal, pardon or release event."
            )
    return OutcomeSummary(
        first_conviction=first_conviction,
        arrest=arrest,
        release=release,
        years_lost=lost,
        compensation=compensation,
        deadlines=deadlines,
        missing=missing,
    )
