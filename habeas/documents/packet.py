"""The case packet: every element flag grouped by category, with its passage, page, rule, reason,
source and the reviewer's verdict, as HTML or PDF. It always carries the statement that no flag is
not evidence of a sound conviction, and it never adds flags up."""

from __future__ import annotations

from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get
from habeas.documents.flag_categories import CATEGORY_LABELS, CONTEXT_LABELS, NO_FLAG_STATEMENT
from habeas.documents.models import DocumentStatus
from habeas.documents.selectors import ElementCard, document_status_counts, flag_cards


def packet_context(*, user: User, case_ref: str, fmt: str) -> dict[str, Any]:
    case = case_get(user=user, ref=case_ref)
    cards = {card.category: card for card in flag_cards(case, CATEGORY_LABELS)}
    counts = document_status_counts(case)
    audit_record(
        actor=user,
        action="packet.export",
        obj=case,
        case=case,
        detail={"format": fmt, "flags": sum(len(c.passages) for c in cards.values())},
    )
    # Every element is listed, found or not: a missing element says "no rule matched", not "clean".
    every = [cards.get(cat) or ElementCard(cat, label) for cat, label in CATEGORY_LABELS.items()]
    return {
        "case": case,
        "cards": every + [c for cat, c in cards.items() if cat not in CATEGORY_LABELS],
        "context_labels": CONTEXT_LABELS,
        "statement": NO_FLAG_STATEMENT,
        "generated_at": timezone.now(),
        "generated_by": user,
        "documents_total": sum(counts.values()),
        "documents_unprocessed": sum(
            n for status, n in counts.items() if status != DocumentStatus.INDEXED
        ),
    }


def packet_pdf(*, user: User, case_ref: str) -> bytes:
    html = render_to_string(
        "documents/packet.html", packet_context(user=user, case_ref=case_ref, fmt="pdf")
    )
    # No URL fetching at all: the packet is self-contained (styles inline), and nothing leaves the machine.
    pdf: bytes = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf()
    return pdf
