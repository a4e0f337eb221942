"""Plain value types of the search API (no tantivy, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageDoc:
    """One page to index. Ids are the database primary keys (non-negative ints)."""

    page_id: int
    document_id: int
    case_id: int
    page_number: int
    text: str
    doc_type: str
    doc_date: dt.date | None


@dataclass(frozen=True)
class PageHit:
    page_id: int
    document_id: int
    case_id: int
    page_number: int
    score: float
    snippet_html: str  # HTML-escaped text, matches wrapped in <b>...</b>


@dataclass(frozen=True)
class SearchResult:
    total: int  # exact number of matching pages the caller may see
    hits: list[PageHit]


@dataclass(frozen=True)
class SearchFilters:
    """Extra MUST clauses; an empty set / None means "no restriction". Dates are inclusive;
    a date bound excludes pages whose document has no date."""

    doc_types: frozenset[str] = field(default_factory=frozenset)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    document_ids: frozenset[int] = field(default_factory=frozenset)
