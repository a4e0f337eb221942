"""The case page's document tabs (registered by DocumentsConfig.ready)."""

from __future__ import annotations

from typing import Any

from habeas.accounts.models import User
from habeas.cases.models import Case, PersonRole
from habeas.cases.panels import TabState, case_tab
from habeas.documents.flag_categories import CATEGORY_LABELS, CONTEXT_LABELS, NO_FLAG_STATEMENT
from habeas.documents.models import (
    IN_PROGRESS,
    DocumentType,
    MentionStatus,
    Verdict,
)
from habeas.documents.selectors import (
    case_documents,
    case_mentions,
    document_status_counts,
    flag_cards,
    flag_grid,
    flags_freshness,
    suggestion_groups,
)
from habeas.documents.timeline import case_timeline_entries


def _documents(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    docs = list(case_documents(case))
    return {
        "documents": docs,
        "status_counts": document_status_counts(case),
        # An abandoned document is not waited for: the page stops refreshing and offers Retry.
        "in_progress": any(d.status in IN_PROGRESS and not d.is_stale() for d in docs),
        "doc_types": DocumentType.choices,
    }


def _flags(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    cards = flag_cards(case, CATEGORY_LABELS)
    documents, grid = flag_grid(cards)
    freshness = flags_freshness(case)
    return {
        "cards": cards,
        "grid_documents": documents,
        "grid": grid,
        "context_labels": CONTEXT_LABELS,
        "verdicts": Verdict.choices,
        "no_flag_statement": NO_FLAG_STATEMENT,
        "documents_indexed": freshness.indexed,
        "flagged_earlier": freshness.flagged_earlier,
    }


def _suggestions(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    return {
        "suggestion_groups": suggestion_groups(case),
        "decided": list(case_mentions(case).exclude(status=MentionStatus.SUGGESTED)[:200]),
        "person_roles": PersonRole.choices,
    }


def _timeline(case: Case, user: User, can_write: bool, state: TabState) -> dict[str, Any]:
    return {"timeline": case_timeline_entries(case)}


def tabs_install() -> None:
    case_tab(
        "documents", "Documents", "documents/tabs/documents.html", _documents, after="evidence"
    )
    case_tab("flags", "Flags", "documents/tabs/flags.html", _flags, after="documents")
    case_tab(
        "suggestions", "Suggestions", "documents/tabs/suggestions.html", _suggestions, after="flags"
    )
    case_tab("timeline", "Timeline", "documents/tabs/timeline.html", _timeline, after="suggestions")
