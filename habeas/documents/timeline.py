"""A case's timeline: dated events from the record and confirmed dates from its documents, each
with where it came from (a record section, or a document page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from habeas.accounts.models import User
from habeas.cases.models import (
    Case,
    Conviction,
    Incident,
    PostConvictionFiling,
    ResolutionEvent,
    Sentence,
    StageTransition,
)
from habeas.cases.selectors import case_get
from habeas.documents.models import Mention, MentionStatus


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    label: str
    source: str  # "record: Conviction", or the document name and page
    document_id: int | None = None
    page_number: int | None = None


def _record_entries(case: Case) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for incident in Incident.objects.filter(case=case, occurred_on__isnull=False):
        assert incident.occurred_on is not None
        entries.append(
            TimelineEntry(
                incident.occurred_on,
                f"Incident{': ' + incident.place if incident.place else ''}",
                "record: Incident",
            )
        )
    for conv in Conviction.objects.filter(case=case):
        if conv.arrested_on:
            entries.append(
                TimelineEntry(
                    conv.arrested_on, "Arrest", f"record: Conviction {conv.docket_number}"
                )
            )
        if conv.convicted_on:
            how = f" ({conv.get_form_display().lower()})" if conv.form else ""
            entries.append(
                TimelineEntry(
                    conv.convicted_on,
                    f"Convicted{how}: {conv.offense or 'offense not recorded'}",
                    f"record: Conviction {conv.docket_number}",
                )
            )
    for sentence in Sentence.objects.filter(conviction__case=case, sentenced_on__isnull=False):
        assert sentence.sentenced_on is not None
        entries.append(
            TimelineEntry(
                sentence.sentenced_on, f"Sentenced: {sentence.description}", "record: Sentence"
            )
        )
    for filing in PostConvictionFiling.objects.filter(case=case):
        if filing.filed_on:
            entries.append(
                TimelineEntry(
                    filing.filed_on,
                    f"Filed: {filing.get_kind_display()}",
                    f"record: Filing {filing.docket_number}".strip(),
                )
            )
        if filing.decided_on:
            entries.append(
                TimelineEntry(
                    filing.decided_on,
                    f"Decided: {filing.get_kind_display()}{' - ' + filing.outcome if filing.outcome else ''}",
                    "record: Filing",
                )
            )
    entries.extend(
        TimelineEntry(event.occurred_on, event.get_kind_display(), "record: Resolution")
        for event in ResolutionEvent.objects.filter(case=case)
    )
    entries.extend(
        TimelineEntry(t.at.date(), f"Review stage: {t.get_to_stage_display()}", "record: Workflow")
        for t in StageTransition.objects.filter(case=case)
    )
    return entries


def _document_entries(case: Case) -> list[TimelineEntry]:
    entries = []
    confirmed = Mention.objects.filter(
        case=case, kind="date", status=MentionStatus.CONFIRMED
    ).select_related("page__document")
    for m in confirmed:
        try:
            on = date.fromisoformat(m.value)
        except ValueError:
            continue  # a confirmed value is validated on confirmation; an old bad row is skipped, not fatal
        doc = m.page.document
        entries.append(
            TimelineEntry(
                on,
                m.label or m.context or m.text,
                f"{doc.name}, p. {m.page.number}",
                doc.pk,
                m.page.number,
            )
        )
    return entries


def case_timeline_entries(case: Case) -> list[TimelineEntry]:
    """For a case already fetched through the permission check."""
    entries = _record_entries(case) + _document_entries(case)
    entries.sort(key=lambda e: (e.on, e.document_id is not None, e.label))
    return entries


def case_timeline(*, user: User, case_ref: str) -> tuple[Case, list[TimelineEntry]]:
    case = case_get(user=user, ref=case_ref)
    return case, case_timeline_entries(case)
