"""Reads of documents made through an interface (page viewer, API, CLI), each written to the audit
log once with what really happened: a page shown, a page image drawn, a file downloaded, a search."""

from __future__ import annotations

from django.http import HttpRequest

from habeas.accounts.models import User
from habeas.audit.services import audit_read
from habeas.cases.models import Case
from habeas.documents.models import Document
from habeas.documents.selectors import SearchRequest, SearchResponse, search_detail


def document_shown(
    *, user: User, case: Case, document: Document, view: str, request: HttpRequest | None = None
) -> None:
    """A document's metadata, a page's text or a page's image was shown (``view`` says which)."""
    audit_read(
        actor=user,
        action="document.read",
        obj=document,
        case=case,
        detail={"view": view},
        request=request,
    )


def document_downloaded(
    *, user: User, case: Case, document: Document, request: HttpRequest | None = None
) -> None:
    audit_read(
        actor=user,
        action="document.download",
        obj=document,
        case=case,
        detail={"name": document.name, "sha256": document.sha256},
        request=request,
    )


def search_made(
    *,
    user: User,
    search: SearchRequest,
    response: SearchResponse,
    request: HttpRequest | None = None,
) -> None:
    audit_read(
        actor=user,
        action="document.search",
        detail=search_detail(search, response),
        request=request,
    )
