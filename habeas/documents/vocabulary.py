"""The documents' words in the label registry (registered by DocumentsConfig.ready)."""

from __future__ import annotations

from habeas.core import labels
from habeas.documents.flag_categories import CATEGORY_LABELS, CONTEXT_LABELS
from habeas.documents.models import DocumentStatus, DocumentType, MentionStatus, Verdict

# What the suggestion finders found, as a heading over each group.
MENTION_KIND_LABELS = {
    "person": "People named",
    "date": "Dates",
    "docket": "Docket numbers",
    "report_number": "Report and lab numbers",
    "citation": "Cases cited",
    "forensic_method": "Forensic methods",
}


def vocabulary_install() -> None:
    labels.labels_register(labels.FLAG_CATEGORY, CATEGORY_LABELS)
    labels.labels_register(labels.FLAG_CONTEXT, CONTEXT_LABELS)
    labels.labels_register(labels.DOCUMENT_STATUS, DocumentStatus.choices)
    labels.labels_register(labels.DOCUMENT_TYPE, DocumentType.choices)
    labels.labels_register(labels.MENTION_KIND, MENTION_KIND_LABELS)
    labels.labels_register("verdict", Verdict.choices)
    labels.labels_register("mention_status", MentionStatus.choices)
