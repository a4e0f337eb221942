"""REST API for case documents (/api/v1/cases/{ref}/documents…, flags, suggestions, timeline) and
search (/api/v1/search). Thin: reads through documents/selectors.py, writes through its services."""

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from habeas.accounts.current import request_user
from habeas.cases.reads import case_shown
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, ErrorOut
from habeas.core.errors import ApplicationError
from habeas.documents.models import Document, ElementFlag, Mention
from habeas.documents.reads import document_downloaded, document_shown, search_made
from habeas.documents.schemas import (
    DocumentOut,
    DocumentPatch,
    FlagOut,
    FlagsRefreshOut,
    IngestOut,
    MentionOut,
    PageOut,
    SearchOut,
    SearchQuery,
    SuggestionDecisionIn,
    TimelineOut,
    VerdictIn,
)
from habeas.documents.selectors import (
    SearchRequest,
    document_file,
    document_get,
    document_list,
    flag_list,
    flag_shown,
    mention_list,
    mention_shown,
    page_get,
    page_search,
)
from habeas.documents.services.ingest import document_retry, documents_ingest
from habeas.documents.services.reflag import case_flags_refresh
from habeas.documents.services.verdicts import document_classify, flag_verdict_set, mention_decide
from habeas.documents.timeline import case_timeline
from habeas.documents.uploads import upload_check

router = Router(tags=["documents"])
search_router = Router(tags=["search"])


def _flag_out(flag: ElementFlag) -> dict[str, Any]:
    doc = flag.page.document
    return {
        **{
            name: getattr(flag, name)
            for name in (
                "id",
                "category",
                "rule_id",
                "title",
                "passage",
                "start",
                "end",
                "matched",
                "confidence",
                "context",
                "reason",
                "source",
                "verification",
                "tier",
                "authority",
                "nre",
                "verdict",
                "verdict_note",
                "verdict_at",
            )
        },
        "document_id": doc.pk,
        "document_name": doc.name,
        "page_number": flag.page.number,
        "verdict_by": flag.verdict_by.username if flag.verdict_by else "",
    }


def _mention_out(m: Mention) -> dict[str, Any]:
    return {
        **{
            name: getattr(m, name)
            for name in (
                "id",
                "kind",
                "text",
                "value",
                "role",
                "badge",
                "agency",
                "confidence",
                "context",
                "status",
                "case_person_id",
                "label",
            )
        },
        "document_id": m.page.document_id,
        "page_number": m.page.number,
    }


@router.get(
    "/{ref}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="Documents of a case, with their processing status",
)
def documents_list(request: HttpRequest, ref: str) -> list[Document]:
    user = request_user(request)
    case, docs = document_list(user=user, case_ref=ref)
    case_shown(user=user, case=case, view="api:documents", request=request)
    return list(docs)


@router.post(
    "/{ref}/documents",
    response={201: list[IngestOut], **WRITE_ERRORS},
    summary="Add files (multipart, field `files`)",
    description="PDF, TIFF/PNG/JPEG, DOCX, text, .eml and zip. Each file is stored once by SHA-256 and processed in the "
    "background; poll the document's `status`. The same bytes added again change nothing (`created: false`).",
)
def documents_add(
    request: HttpRequest, ref: str, files: File[list[UploadedFile]]
) -> Status[list[dict[str, Any]]]:
    upload_check(files)
    results = documents_ingest(
        actor=request_user(request), case_ref=ref, files=[(f.name or "unnamed", f) for f in files]
    )
    return Status(
        201,
        [
            {"name": r.name, "created": r.created, "error": r.error, "document": r.document}
            for r in results
        ],
    )


@router.get(
    "/{ref}/documents/{document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    summary="One document",
)
def document_detail(request: HttpRequest, ref: str, document_id: int) -> Document:
    user = request_user(request)
    case, document = document_get(user=user, case_ref=ref, document_id=document_id)
    document_shown(user=user, case=case, document=document, view="api", request=request)
    return document


@router.patch(
    "/{ref}/documents/{document_id}",
    response={200: DocumentOut, **WRITE_ERRORS},
    summary="Set the document's type and date",
)
def document_patch(
    request: HttpRequest, ref: str, document_id: int, payload: DocumentPatch
) -> Document:
    return document_classify(
        actor=request_user(request),
        case_ref=ref,
        document_id=document_id,
        doc_type=payload.doc_type,
        doc_date=payload.doc_date,
    )


@router.get(
    "/{ref}/documents/{document_id}/file",
    response={200: None, **READ_ERRORS},
    summary="Download the stored file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file as uploaded, with the type its name implies",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def document_download(request: HttpRequest, ref: str, document_id: int) -> FileResponse:
    user = request_user(request)
    document, path = document_file(user=user, case_ref=ref, document_id=document_id)
    document_downloaded(user=user, case=document.case, document=document, request=request)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=document.name.rsplit("/", 1)[-1]
    )


@router.post(
    "/{ref}/documents/{document_id}/retry",
    response={200: DocumentOut, **WRITE_ERRORS},
    summary="Queue a failed document again",
)
def document_retry_api(request: HttpRequest, ref: str, document_id: int) -> Document:
    return document_retry(actor=request_user(request), case_ref=ref, document_id=document_id)


@router.get(
    "/{ref}/documents/{document_id}/pages/{number}",
    response={200: PageOut, **READ_ERRORS},
    summary="One page's text",
)
def page_detail(request: HttpRequest, ref: str, document_id: int, number: int) -> dict[str, Any]:
    user = request_user(request)
    case, document, page = page_get(user=user, case_ref=ref, document_id=document_id, number=number)
    document_shown(
        user=user, case=case, document=document, view=f"api:page {number}", request=request
    )
    return {
        "document_id": page.document_id,
        "number": page.number,
        "text": page.text,
        "ocr": page.ocr,
        "ocr_confidence": page.ocr_confidence,
        "blank": page.blank,
    }


@router.get(
    "/{ref}/flags",
    response={200: list[FlagOut], **READ_ERRORS},
    summary="Element flags, with passage, reason and verdict",
    description="No flag is not evidence of a sound conviction: flags point at passages to read, they never add up to a score.",
)
def flags_list(
    request: HttpRequest, ref: str, category: str = "", verdict: str = ""
) -> list[dict[str, Any]]:
    user = request_user(request)
    case, flags = flag_list(user=user, case_ref=ref, category=category, verdict=verdict)
    case_shown(user=user, case=case, view="api:flags", request=request)
    return [_flag_out(f) for f in flags]


@router.post(
    "/{ref}/flags/{flag_id}/verdict",
    response={200: FlagOut, **WRITE_ERRORS},
    summary="Record a reviewer's verdict on a flag",
)
def flag_verdict(
    request: HttpRequest, ref: str, flag_id: int, payload: VerdictIn
) -> dict[str, Any]:
    flag = flag_verdict_set(
        actor=request_user(request),
        case_ref=ref,
        flag_id=flag_id,
        verdict=payload.verdict,
        note=payload.note,
    )
    return _flag_out(flag_shown(flag))


@router.post(
    "/{ref}/flags/refresh",
    response={200: FlagsRefreshOut, **WRITE_ERRORS},
    summary="Flag again the documents an earlier version of the flag rules flagged",
    description="Reviewers' verdicts are kept: a flag on the same passage and element keeps its "
    "verdict; one the rules no longer raise is removed only if nobody reviewed it.",
)
def flags_refresh(request: HttpRequest, ref: str) -> dict[str, Any]:
    read, counts, failed = case_flags_refresh(actor=request_user(request), case_ref=ref)
    return {
        "documents_read": read,
        "documents_changed": counts.documents,
        "added": counts.added,
        "updated": counts.updated,
        "removed": counts.removed,
        "kept": counts.kept,
        "failed": failed,
    }


@router.get(
    "/{ref}/suggestions",
    response={200: list[MentionOut], **READ_ERRORS},
    summary="Extracted people, dates, numbers, citations, methods",
)
def suggestions_list(
    request: HttpRequest, ref: str, kind: str = "", status: str = ""
) -> list[dict[str, Any]]:
    user = request_user(request)
    case, mentions = mention_list(user=user, case_ref=ref, kind=kind, status=status)
    case_shown(user=user, case=case, view="api:suggestions", request=request)
    return [_mention_out(m) for m in mentions]


@router.post(
    "/{ref}/suggestions/{mention_id}/decision",
    response={200: MentionOut, **WRITE_ERRORS},
    summary="Confirm or dismiss a suggestion",
)
def suggestion_decide(
    request: HttpRequest, ref: str, mention_id: int, payload: SuggestionDecisionIn
) -> dict[str, Any]:
    mention = mention_decide(
        actor=request_user(request),
        case_ref=ref,
        mention_id=mention_id,
        confirm=payload.confirm,
        role=payload.role,
        person_id=payload.person_id,
        label=payload.label,
        value=payload.value,
    )
    return _mention_out(mention_shown(mention))


@router.get(
    "/{ref}/timeline",
    response={200: list[TimelineOut], **READ_ERRORS},
    summary="Dated events from the record and confirmed document dates",
)
def timeline(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    user = request_user(request)
    case, entries = case_timeline(user=user, case_ref=ref)
    case_shown(user=user, case=case, view="api:timeline", request=request)
    return [vars(e) for e in entries]


@search_router.get(
    "",
    response={200: SearchOut, 400: ErrorOut, **READ_ERRORS},
    summary="Search the pages of the cases you may see",
)
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ApplicationError(
            "date_from is after date_to.", {"date_from": ["Must not be after date_to."]}
        )
    user = request_user(request)
    search = SearchRequest(
        query=query.q,
        case_ref=query.case,
        doc_types=frozenset(query.doc_type),
        stage=query.stage,
        date_from=query.date_from,
        date_to=query.date_to,
        limit=query.page_size,
        offset=(query.page - 1) * query.page_size,
    )
    result = page_search(user=user, request=search)
    search_made(user=user, search=search, response=result, request=request)
    return {
        "total": result.total,
        "page": query.page,
        "page_size": query.page_size,
        "results": [
            {
                "case_ref": row.case.ref,
                "document_id": row.document.pk,
                "document_name": row.document.name,
                "doc_type": row.document.doc_type,
                "page_number": row.hit.page_number,
                "score": row.hit.score,
                "snippet_html": row.hit.snippet_html,
            }
            for row in result.hits
        ],
    }
