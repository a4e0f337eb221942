"""Reading documents: the page viewer (image and text, with the search terms highlighted), the page
image, the original file, the case's flag packet (HTML and PDF) and the search page."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from habeas.accounts.current import request_user
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.core.middleware import inline_styles_allowed
from habeas.documents.models import DocumentType
from habeas.documents.packet import packet_context, packet_pdf
from habeas.documents.reads import document_downloaded, document_shown, search_made
from habeas.documents.selectors import SearchRequest, document_file, page_get, page_search
from habeas.domain.extract import ExtractionError, page_render_png
from habeas.domain.workflow import Stage

SEARCH_PAGE_SIZE = 20


def _highlight(text: str, query: str) -> SafeString:
    """The page text, escaped, with the query's plain words marked (a reading aid, not the search)."""
    words = sorted(
        {w for w in re.findall(r"\w{3,}", query) if w.upper() not in {"AND", "OR", "NOT"}},
        key=len,
        reverse=True,
    )
    escaped = str(escape(text))
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(str(escape(w))) for w in words) + r")", re.IGNORECASE
    )
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - only <mark> added to escaped text


@login_required
def page_view(request: HttpRequest, ref: str, document_id: int, number: int) -> HttpResponse:
    user = request_user(request)
    case, document, page = page_get(user=user, case_ref=ref, document_id=document_id, number=number)
    document_shown(user=user, case=case, document=document, view=f"page {number}", request=request)
    query = request.GET.get("q", "")[:200]
    flags = page.flags.all()
    return render(
        request,
        "documents/page.html",
        {
            "case": case,
            "document": document,
            "page": page,
            "q": query,
            "text_html": _highlight(page.text, query),
            "has_image": document.kind in ("pdf", "image"),
            "flags": flags,
            "prev": number - 1 if number > 1 else None,
            "next": number + 1 if number < document.page_count else None,
        },
    )


@login_required
def page_image(request: HttpRequest, ref: str, document_id: int, number: int) -> HttpResponse:
    user = request_user(request)
    case, document, page = page_get(user=user, case_ref=ref, document_id=document_id, number=number)
    if document.kind not in ("pdf", "image"):
        raise NotFoundError("Only PDF and image documents have page images.")
    _, path = document_file(user=user, case_ref=ref, document_id=document_id)
    view = f"page {number} image"
    document_shown(user=user, case=case, document=document, view=view, request=request)
    try:
        png = page_render_png(path, document.kind, page.number)
    except ExtractionError as exc:
        raise ApplicationError(f"This page could not be drawn: {exc}") from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"  # case data: not left in the browser's cache
    return response


@login_required
def document_download(request: HttpRequest, ref: str, document_id: int) -> FileResponse:
    user = request_user(request)
    document, path = document_file(user=user, case_ref=ref, document_id=document_id)
    document_downloaded(user=user, case=document.case, document=document, request=request)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=document.name.rsplit("/", 1)[-1]
    )


@login_required
@inline_styles_allowed
def packet_html(request: HttpRequest, ref: str) -> HttpResponse:
    context = packet_context(user=request_user(request), case_ref=ref, fmt="html")
    return HttpResponse(render_to_string("documents/packet.html", context, request=request))


@login_required
def packet_pdf_view(request: HttpRequest, ref: str) -> HttpResponse:
    pdf = packet_pdf(user=request_user(request), case_ref=ref)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ref}-flags.pdf"'
    return response


def _date_param(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApplicationError(
            f"{name.replace('_', ' ').capitalize()}: give a date as YYYY-MM-DD."
        ) from None


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {
        "q": query,
        "doc_types": DocumentType.choices,
        "stages": [(s.value, s.label) for s in Stage],
        "chosen_types": request.GET.getlist("doc_type"),
        "stage": request.GET.get("stage", ""),
        "case_ref": request.GET.get("case", "").strip()[:40],
        "date_from": request.GET.get("date_from", ""),
        "date_to": request.GET.get("date_to", ""),
    }
    if query:
        try:
            number = max(1, min(500, int(request.GET.get("page", "1"))))
        except ValueError:
            number = 1
        try:
            search = SearchRequest(
                query=query,
                case_ref=str(context["case_ref"]),
                doc_types=frozenset(request.GET.getlist("doc_type")),
                stage=str(context["stage"]),
                date_from=_date_param(request, "date_from"),
                date_to=_date_param(request, "date_to"),
                limit=SEARCH_PAGE_SIZE,
                offset=(number - 1) * SEARCH_PAGE_SIZE,
            )
            result = page_search(user=user, request=search)
        except ApplicationError as exc:
            context["error"] = exc.message
        else:
            search_made(user=user, search=search, response=result, request=request)
            context["result"] = result
            pages = Paginator(range(min(result.total, 500 * SEARCH_PAGE_SIZE)), SEARCH_PAGE_SIZE)
            context["page_obj"] = pages.get_page(number) if result.total else None
    return render(request, "documents/search.html", context)
