"""REST API for disclosure (/api/v1/cases/{ref}/productions…, redactions, privilege log,
disclosures). Thin: reads through disclosure/selectors.py, writes through its services."""

from __future__ import annotations

from typing import Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Router, Status

from habeas.accounts.current import request_user
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, ErrorOut
from habeas.disclosure.cover import privilege_log_entries_pdf
from habeas.disclosure.models import DisclosureEntry, PrivilegeLogEntry, Production, Redaction
from habeas.disclosure.reads import disclosure_shown, package_downloaded, privilege_log_exported
from habeas.disclosure.schemas import (
    DeliveryIn,
    DisclosureEntryOut,
    PrivilegeLogEntryOut,
    PrivilegeLogEntryPatch,
    PrivilegeLogGenerated,
    ProductionDocumentsIn,
    ProductionIn,
    ProductionOut,
    RedactionDecisionIn,
    RedactionDecisionOut,
    RedactionIn,
    RedactionOut,
    RedactionProposalIn,
)
from habeas.disclosure.selectors import (
    ledger,
    privilege_log,
    production_get,
    production_items,
    production_list,
    redaction_get,
    redaction_list,
)
from habeas.disclosure.services.ledger import disclosure_record
from habeas.disclosure.services.privilege_log import (
    privilege_log_csv,
    privilege_log_entry_update,
    privilege_log_generate,
    privilege_log_xlsx,
)
from habeas.disclosure.services.productions import (
    production_build,
    production_create,
    production_document_remove,
    production_documents_add,
    production_package_path,
)
from habeas.disclosure.services.redactions import (
    redaction_add,
    redactions_accept,
    redactions_propose,
    redactions_remove,
)

router = Router(tags=["disclosure"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"schema": {"type": "string", "format": "binary"}}


def production_out(p: Production) -> dict[str, Any]:
    fields = (
        "id",
        "name",
        "status",
        "error",
        "recipient_name",
        "recipient_kind",
        "obligation",
        "bates_prefix",
        "bates_start",
        "bates_padding",
        "bates_suffix",
        "bates_first",
        "bates_last",
        "bates_range",
        "legend",
        "corrects_id",
        "created_at",
        "built_at",
        "package_sha256",
        "package_size",
        "manifest_sha256",
        "pages_done",
        "pages_total",
    )
    return {
        **{name: getattr(p, name) for name in fields},
        "created_by": p.created_by.username,
        "items": [
            {
                "document_id": i.document_id,
                "document_name": i.document.name,
                "order": i.order,
                "withheld": i.withheld,
                "privilege_ground": i.privilege_ground,
                "bates_first": i.bates_first,
                "bates_last": i.bates_last,
                "bates_range": i.bates_range,
                "page_count": i.page_count,
                "produced_sha256": i.produced_sha256,
                "conversion_note": i.conversion_note,
            }
            for i in production_items(p)
        ],
    }


def redaction_out(r: Redaction) -> dict[str, Any]:
    return {
        "id": r.pk,
        "document_id": r.document_id,
        "document_name": r.document.name,
        "page_number": r.page_number,
        "boxes": r.boxes,
        "text": r.text,
        "kind": r.kind,
        "reason": r.reason,
        "note": r.note,
        "status": r.status,
        "frozen": r.frozen,
        "applied_by": r.applied_by.username if r.applied_by else "",
        "applied_at": r.applied_at,
        "removed_by": r.removed_by.username if r.removed_by else "",
        "removed_why": r.removed_why,
    }


def entry_out(e: DisclosureEntry) -> dict[str, Any]:
    fields = (
        "id",
        "production_id",
        "what",
        "recipient_name",
        "recipient_kind",
        "obligation",
        "disclosed_at",
        "method",
        "package_sha256",
        "document_hashes",
        "note",
    )
    return {**{n: getattr(e, n) for n in fields}, "disclosed_by": e.disclosed_by.username}


@router.get(
    "/{ref}/productions",
    response={200: list[ProductionOut], **READ_ERRORS},
    summary="Productions of a case (a partner organization: those delivered to it)",
)
def productions_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    user = request_user(request)
    case, productions = production_list(user=user, case_ref=ref)
    disclosure_shown(user=user, case=case, view="api:productions", request=request)
    return [production_out(p) for p in productions]


@router.post(
    "/{ref}/productions",
    response={201: ProductionOut, **WRITE_ERRORS},
    summary="Start a production (a draft: add documents, then build)",
)
def productions_create(
    request: HttpRequest, ref: str, payload: ProductionIn
) -> Status[dict[str, Any]]:
    data = payload.model_dump()
    production = production_create(
        actor=request_user(request), case_ref=ref, corrects_id=data.pop("corrects"), **data
    )
    return Status(201, production_out(production))


@router.get(
    "/{ref}/productions/{production_id}",
    response={200: ProductionOut, **READ_ERRORS},
    summary="One production, with its status and build progress (pages done of total)",
)
def production_detail(request: HttpRequest, ref: str, production_id: int) -> dict[str, Any]:
    user = request_user(request)
    production = production_get(user=user, case_ref=ref, production_id=production_id)
    disclosure_shown(
        user=user, case=production.case, view="api", production=production, request=request
    )
    return production_out(production)


@router.post(
    "/{ref}/productions/{production_id}/documents",
    response={200: ProductionOut, **WRITE_ERRORS},
    summary="Add documents to a draft production (or mark them withheld, with the ground)",
)
def production_documents(
    request: HttpRequest, ref: str, production_id: int, payload: ProductionDocumentsIn
) -> dict[str, Any]:
    user = request_user(request)
    production_documents_add(
        actor=user,
        case_ref=ref,
        production_id=production_id,
        document_ids=payload.document_ids,
        withheld=payload.withheld,
        privilege_ground=payload.privilege_ground,
    )
    return production_out(production_get(user=user, case_ref=ref, production_id=production_id))


@router.delete(
    "/{ref}/productions/{production_id}/documents/{document_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a document out of a draft production",
)
def production_document_delete(
    request: HttpRequest, ref: str, production_id: int, document_id: int
) -> Status[None]:
    production_document_remove(
        actor=request_user(request),
        case_ref=ref,
        production_id=production_id,
        document_id=document_id,
    )
    return Status(204, None)


@router.post(
    "/{ref}/productions/{production_id}/build",
    response={202: ProductionOut, **WRITE_ERRORS},
    summary="Build the production in the background; poll it for progress",
    description="A collision with Bates numbers already given out answers 409; a redacted passage still "
    "readable after burning in fails the build with the page (status failed, nothing stored).",
)
def production_build_api(
    request: HttpRequest, ref: str, production_id: int
) -> Status[dict[str, Any]]:
    production = production_build(
        actor=request_user(request), case_ref=ref, production_id=production_id
    )
    return Status(202, production_out(production))


@router.get(
    "/{ref}/productions/{production_id}/package",
    response={200: None, **READ_ERRORS, 409: ErrorOut},
    summary="Download the built package (zip)",
    openapi_extra={
        "responses": {200: {"description": "The zip", "content": {"application/zip": BINARY}}}
    },
)
def production_package(request: HttpRequest, ref: str, production_id: int) -> FileResponse:
    user = request_user(request)
    production = production_get(user=user, case_ref=ref, production_id=production_id)
    path = production_package_path(production)
    package_downloaded(user=user, production=production, request=request)
    name = f"{production.bates_prefix}-{production.pk}.zip"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type="application/zip"
    )


@router.post(
    "/{ref}/productions/{production_id}/deliveries",
    response={201: DisclosureEntryOut, **WRITE_ERRORS},
    summary="Record that a built production was delivered (the disclosure ledger)",
)
def production_deliver(
    request: HttpRequest, ref: str, production_id: int, payload: DeliveryIn
) -> Status[dict[str, Any]]:
    entry = disclosure_record(
        actor=request_user(request),
        case_ref=ref,
        production_id=production_id,
        method=payload.method,
        disclosed_at=payload.disclosed_at,
        note=payload.note,
    )
    return Status(201, entry_out(entry))


@router.get(
    "/{ref}/disclosures",
    response={200: list[DisclosureEntryOut], **READ_ERRORS},
    summary="The disclosure ledger: what was disclosed to whom, when, how and under which obligation",
)
def disclosures_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    user = request_user(request)
    case, entries = ledger(user=user, case_ref=ref)
    disclosure_shown(user=user, case=case, view="api:disclosures", request=request)
    return [entry_out(e) for e in entries]


@router.get(
    "/{ref}/redactions",
    response={200: list[RedactionOut], **READ_ERRORS},
    summary="Redactions of a case's documents (a partner organization sees none)",
)
def redactions_list(
    request: HttpRequest, ref: str, document_id: int | None = None, status: str = ""
) -> list[dict[str, Any]]:
    user = request_user(request)
    case, redactions = redaction_list(
        user=user, case_ref=ref, document_id=document_id, status=status
    )
    disclosure_shown(user=user, case=case, view="api:redactions", request=request)
    return [redaction_out(r) for r in redactions]


@router.post(
    "/{ref}/redactions",
    response={201: RedactionOut, **WRITE_ERRORS},
    summary="Redact words (on a page or every page) or boxes drawn on a page; applied at once",
)
def redactions_create(
    request: HttpRequest, ref: str, payload: RedactionIn
) -> Status[dict[str, Any]]:
    redaction = redaction_add(actor=request_user(request), case_ref=ref, **payload.model_dump())
    return Status(201, redaction_out(redaction))


@router.post(
    "/{ref}/redactions/proposals",
    response={201: list[RedactionOut], **WRITE_ERRORS},
    summary="Propose redactions of patterns (SSNs, dates of birth, phones, addresses…) for review",
)
def redactions_proposal(
    request: HttpRequest, ref: str, payload: RedactionProposalIn
) -> Status[list[dict[str, Any]]]:
    proposed = redactions_propose(
        actor=request_user(request),
        case_ref=ref,
        kinds=payload.kinds,
        reason=payload.reason,
        document_ids=payload.document_ids,
        production_id=payload.production_id,
    )
    return Status(201, [redaction_out(r) for r in proposed])


@router.post(
    "/{ref}/redactions/decisions",
    response={200: RedactionDecisionOut, **WRITE_ERRORS},
    summary="Accept proposed redactions, or remove redactions (with why) until a production is built",
)
def redactions_decide(
    request: HttpRequest, ref: str, payload: RedactionDecisionIn
) -> dict[str, int]:
    user = request_user(request)
    if payload.accept:
        changed = redactions_accept(actor=user, case_ref=ref, ids=payload.ids)
    else:
        changed = redactions_remove(actor=user, case_ref=ref, ids=payload.ids, why=payload.why)
    return {"changed": changed}


@router.get(
    "/{ref}/redactions/{redaction_id}",
    response={200: RedactionOut, **READ_ERRORS},
    summary="One redaction",
)
def redaction_detail(request: HttpRequest, ref: str, redaction_id: int) -> dict[str, Any]:
    user = request_user(request)
    redaction = redaction_get(user=user, case_ref=ref, redaction_id=redaction_id)
    disclosure_shown(user=user, case=redaction.case, view="api:redaction", request=request)
    return redaction_out(redaction)


@router.get(
    "/{ref}/privilege-log",
    response={200: list[PrivilegeLogEntryOut], **READ_ERRORS},
    summary="The privilege and withheld log (format csv, xlsx or pdf for a file)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The entries, or the log as a file",
                "content": {
                    "text/csv": BINARY,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": BINARY,
                    "application/pdf": BINARY,
                },
            }
        }
    },
)
def privilege_log_get(
    request: HttpRequest,
    ref: str,
    format: Literal["json", "csv", "xlsx", "pdf"] = "json",  # noqa: A002
) -> Any:
    user = request_user(request)
    case, entries = privilege_log(user=user, case_ref=ref)
    if format == "json":
        disclosure_shown(user=user, case=case, view="api:privilege log", request=request)
        return list(entries)
    privilege_log_exported(user=user, case=case, fmt=format, request=request)
    rows = list(entries)
    if format == "csv":
        content, kind = privilege_log_csv(rows), "text/csv; charset=utf-8"
    elif format == "xlsx":
        content, kind = privilege_log_xlsx(rows), XLSX
    else:
        content, kind = privilege_log_entries_pdf(case, rows), "application/pdf"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{case.ref}-privilege-log.{format}"'
    return response


@router.post(
    "/{ref}/privilege-log",
    response={200: PrivilegeLogGenerated, **WRITE_ERRORS},
    summary="Add entries for withheld documents and privilege redactions not yet logged",
)
def privilege_log_post(request: HttpRequest, ref: str) -> dict[str, int]:
    return {"added": privilege_log_generate(actor=request_user(request), case_ref=ref)}


@router.patch(
    "/{ref}/privilege-log/{entry_id}",
    response={200: PrivilegeLogEntryOut, **WRITE_ERRORS},
    summary="Edit a privilege log entry (date, author, recipients, type, ground, description)",
)
def privilege_log_patch(
    request: HttpRequest, ref: str, entry_id: int, payload: PrivilegeLogEntryPatch
) -> PrivilegeLogEntry:
    return privilege_log_entry_update(
        actor=request_user(request),
        case_ref=ref,
        entry_id=entry_id,
        changes={k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None},
    )
