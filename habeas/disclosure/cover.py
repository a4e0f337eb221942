"""The production's cover letter and its privilege log as PDF (weasyprint, nothing fetched).

The letters app's templates are an organization's acceptance and decline letters, which do not
fit a transmittal; the cover letter is therefore generated here from the production's own facts
(recipient, obligation, Bates range, the index of documents) and its cover note."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher

from habeas.cases.models import Case
from habeas.disclosure.models import PrivilegeLogEntry, Production, ProductionItem


def _pdf(html: str) -> bytes:
    pdf: bytes = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf()
    return pdf


def cover_letter_pdf(production: Production, items: Sequence[ProductionItem]) -> bytes:
    html = render_to_string(
        "disclosure/cover_letter.html",
        {
            "production": production,
            "case": production.case,
            "items": items,
            "today": timezone.localdate(),
            "produced": [i for i in items if not i.withheld],
            "withheld": [i for i in items if i.withheld],
        },
    )
    return _pdf(html)


def privilege_log_pdf(production: Production, items: Sequence[ProductionItem]) -> bytes:
    """The log of what ``production`` withheld (its withheld items and privilege redactions)."""
    entries = PrivilegeLogEntry.objects.filter(
        case=production.case, document_id__in=[i.document_id for i in items]
    ).order_by("date", "id")
    return privilege_log_entries_pdf(production.case, entries)


def privilege_log_entries_pdf(case: Case, entries: Iterable[PrivilegeLogEntry]) -> bytes:
    html = render_to_string(
        "disclosure/privilege_log_pdf.html",
        {"case": case, "entries": list(entries), "today": timezone.localdate()},
    )
    return _pdf(html)
