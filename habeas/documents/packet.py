"""The case packet: every element flag grouped by category, with its passage, page, rule, reason,
source and the reviewer's verdict, as HTML or PDF. It always carries the statement that no flag is
not evidence of a sound conviction, and it never adds flags up."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.selectors import case_get
from habeas.documents.flag_categories import CATEGORY_LABELS, NO_FLAG_STATEMENT
from habeas.documents.models import Document, DocumentStatus, ElementFlag


def packet_context(*, user: User, case_ref: str, fmt: str) -> dict[str, Any]:
    case = case_get(user=user, ref=case_ref)
    grouped: dict[str, list[ElementFlag]] = defaultdict(list)
    for flag in ElementFlag.objects.filter(case=case).select_related(
        "page__document", "verdict_by"
    ):
        grouped[flag.category].append(flag)
    docs = Document.objects.filter(case=case)
    audit_record(
        actor=user,
        action="packet.export",
        obj=case,
        case=case,
        detail={"format": fmt, "flags": sum(len(v) for v in grouped.values())},
    )
    return {
        "case": case,
        "groups": [(CATEGORY_LABELS.get(cat, cat), grouped.get(cat, [])) for cat in CATEGORY_LABELS]
        + [(cat, flags) for cat, flags in grouped.items() if cat not in CATEGORY_LABELS],
        "statement": NO_FLAG_STATEMENT,
        "generated_at": timezone.now(),
        "generated_by": user,
        "documents_total": docs.count(),
        "documents_unprocessed": docs.exclude(status=DocumentStatus.INDEXED).count(),
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
