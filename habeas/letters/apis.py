"""/api/v1/letters/{ref}/{kind}?format=html|pdf: one case's letter."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from habeas.core.api import READ_ERRORS, ErrorOut
from habeas.letters.services import case_letter_export

router = Router(tags=["letters"])


@router.get(
    "/{ref}/{kind}",
    summary="A case's acceptance or decline letter as HTML or PDF",
    response={200: None, **READ_ERRORS, 403: ErrorOut, 409: ErrorOut},
    openapi_extra={"responses": {200: {"content": {"text/html": {}, "application/pdf": {}}}}},
)
def case_letter(
    request: HttpRequest,
    ref: str,
    kind: Literal["accept", "decline"],
    format: Literal["html", "pdf"] = "html",
) -> HttpResponse:  # noqa: A002  (query parameter name)
    letter = case_letter_export(actor=request.user, case_ref=ref, kind=kind, fmt=format)  # type: ignore[arg-type]
    response = HttpResponse(letter.content, content_type=letter.content_type)
    response["Content-Disposition"] = (
        f'{"attachment" if format == "pdf" else "inline"}; filename="{letter.filename}"'
    )
    response["Cache-Control"] = "no-store"
    return response
