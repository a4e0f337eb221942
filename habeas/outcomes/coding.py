"""Validating NRE outcome codes and deriving a case's exoneration dates (plain Python, no Django)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from habeas.domain.nre.schema import FACTORS, OM_TAGS, TAGS


@dataclass(frozen=True)
class EventDates:
    """The first of each kind of resolution event (None where there is none)."""

    vacated: dt.date | None = None
    dismissed: dt.date | None = None
    acquitted: dt.date | None = None
    pardoned: dt.date | None = None
    factual_innocence: dt.date | None = None
    released: dt.date | None = None


def exoneration_from_events(events: EventDates) -> tuple[dt.date | None, str]:
    """The NRE dates an exoneration from the official act that completes it: the dismissal, acquittal,
    pardon or finding (a vacatur alone is not yet an exoneration, facts.md §1.1). Returns the date and
    the event kind (as ExoneratingEvent values)."""
    candidates = [
        (events.dismissed, "dismissal"),
        (events.acquitted, "acquittal"),
        (events.pardoned, "pardon"),
        (events.factual_innocence, "factual_innocence"),
    ]
    dated = [(d, kind) for d, kind in candidates if d is not None]
    if not dated:
        return None, ""
    return min(dated)


def _codes(
    values: Iterable[str], known: Iterable[str], field: str, errors: dict[str, list[str]]
) -> list[str]:
    allowed = list(known)
    chosen = [
        v.strip().upper() if v.strip().upper() in allowed else v.strip()
        for v in values
        if v and v.strip()
    ]
    unknown = sorted({v for v in chosen if v not in allowed})
    if unknown:
        errors.setdefault(field, []).append(
            f"Unknown code(s): {', '.join(unknown)}. Allowed: {', '.join(allowed)}."
        )
    return [c for c in allowed if c in chosen]  # canonical order, no duplicates


def coding_validate(
    data: Mapping[str, object], *, first_conviction: dt.date | None, today: dt.date
) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Clean the posted coding; errors name the field (codes outside the NRE's lists, dates in the
    future or before the conviction they undo)."""
    errors: dict[str, list[str]] = {}

    def as_list(name: str) -> list[str]:
        raw = data.get(name) or []
        if isinstance(raw, str):
            raw = raw.replace(";#", ";").replace(",", ";").split(";")
        return [str(v) for v in raw] if isinstance(raw, list | tuple) else []

    cleaned: dict[str, object] = {
        "factors": _codes(as_list("factors"), FACTORS, "factors", errors),
        "om_tags": _codes(as_list("om_tags"), OM_TAGS, "om_tags", errors),
        "tags": _codes(as_list("tags"), TAGS, "tags", errors),
    }
    if cleaned["om_tags"] and "OM" not in cleaned["factors"]:  # type: ignore[operator]
        errors.setdefault("om_tags", []).append("Misconduct sub-codes need the OM factor.")
    for name in ("crime_date", "exoneration_date"):
        raw = data.get(name)
        value: dt.date | None = None
        if isinstance(raw, dt.date):
            value = raw
        elif isinstance(raw, str) and raw.strip():
            try:
                value = dt.date.fromisoformat(raw.strip())
            except ValueError:
                errors.setdefault(name, []).append("Give the date as YYYY-MM-DD.")
        if value is not None and value > today:
            errors.setdefault(name, []).append("This date is in the future.")
        cleaned[name] = value
    crime, exon = cleaned["crime_date"], cleaned["exoneration_date"]
    if isinstance(crime, dt.date) and first_conviction and crime > first_conviction:
        errors.setdefault("crime_date", []).append(
            f"The crime cannot come after the first conviction ({first_conviction})."
        )
    if isinstance(exon, dt.date) and first_conviction and exon < first_conviction:
        errors.setdefault("exoneration_date", []).append(
            f"The exoneration cannot come before the first conviction ({first_conviction})."
        )
    event = str(data.get("exonerating_event") or "").strip()
    events = ("dismissal", "acquittal", "pardon", "factual_innocence", "other")
    if event and event not in events:
        errors.setdefault("exonerating_event", []).append(f"One of: {', '.join(events)}.")
    cleaned["exonerating_event"] = event
    notes = str(data.get("notes") or "")
    if len(notes) > 5000:
        errors.setdefault("notes", []).append("At most 5,000 characters.")
    cleaned["notes"] = notes.strip()
    return cleaned, errors
