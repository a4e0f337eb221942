"""Redactions: add (a drawn box or a search text), propose by pattern for review, accept, remove.

A redaction can be changed or removed until a production that carried it is built; then it is
frozen (``frozen_by``) and removal is refused: the recipient has the file as it was produced.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.permissions import Action
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError
from habeas.disclosure.models import (
    PATTERN_KINDS,
    Production,
    Redaction,
    RedactionKind,
    RedactionReason,
    RedactionStatus,
)
from habeas.disclosure.selectors import case_document
from habeas.disclosure.services.access import case_for_disclosure
from habeas.documents.models import Document, Page
from habeas.domain.disclosure import pattern_hits

MAX_BOXES = 200
# Far beyond any page (A0 is 2384 points tall), small enough to refuse nonsense.
MAX_POINT = 20_000.0
BULK_MAX = 5000


def _reason_checked(reason: str) -> str:
    if reason not in RedactionReason.values:
        raise ApplicationError(
            "Choose why this is redacted.",
            fields={"reason": ["Choose one of the listed reasons."]},
        )
    return reason


def _boxes_checked(boxes: Sequence[Sequence[float]]) -> list[list[float]]:
    if not boxes:
        raise ApplicationError("Draw at least one box.", fields={"boxes": ["Draw a box."]})
    if len(boxes) > MAX_BOXES:
        raise ApplicationError(
            f"At most {MAX_BOXES} boxes in one redaction.", fields={"boxes": ["Too many boxes."]}
        )
    checked = []
    for box in boxes:
        values = [float(v) for v in box] if len(box) == 4 else []
        if (
            len(values) != 4
            or not all(math.isfinite(v) and 0 <= v <= MAX_POINT for v in values)
            or values[2] <= values[0]
            or values[3] <= values[1]
        ):
            raise ApplicationError(
                "A box must be four numbers: left, top, right, bottom, in page points, with some size.",
                fields={
                    "boxes": [
                        "Each box is [left, top, right, bottom] with right > left and bottom > top."
                    ]
                },
            )
        checked.append(values)
    return checked


def _page_checked(document: Document, page_number: int | None) -> int | None:
    if page_number is None:
        return None
    if page_number < 1 or (document.page_count and page_number > document.page_count):
        raise ApplicationError(
            f"This document has {document.page_count} pages.",
            fields={"page_number": [f"Give a page from 1 to {document.page_count}."]},
        )
    return page_number


@transaction.atomic
def redaction_add(
    *,
    actor: User,
    case_ref: str,
    document_id: int,
    reason: str,
    text: str = "",
    boxes: Sequence[Sequence[float]] = (),
    page_number: int | None = None,
    note: str = "",
) -> Redaction:
    """A drawn box (``boxes`` on ``page_number``) or a search text (on one page, or on every page
    where it occurs when ``page_number`` is None); applied at once."""
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    document = case_document(case=case, document_id=document_id)
    _reason_checked(reason)
    text = " ".join(text.split())
    if boxes:
        if page_number is None:
            raise ApplicationError(
                "Say which page the boxes are on.", fields={"page_number": ["Give the page."]}
            )
        kind, checked = RedactionKind.BOX, _boxes_checked(boxes)
    elif text:
        if len(text) > 500:
            raise ApplicationError(
                "Redact at most 500 characters at once.", fields={"text": ["Shorten the text."]}
            )
        kind, checked = RedactionKind.TEXT, []
    else:
        raise ApplicationError(
            "Give the words to remove, or draw a box.", fields={"text": ["Give the words."]}
        )
    now = timezone.now()
    redaction = Redaction.objects.create(
        case=case,
        document=document,
        page_number=_page_checked(document, page_number),
        boxes=checked,
        text=text,
        kind=kind,
        reason=reason,
        note=note.strip()[:2000],
        status=RedactionStatus.APPLIED,
        created_by=actor,
        applied_by=actor,
        applied_at=now,
    )
    audit_record(
        actor=actor,
        action="redaction.apply",
        obj=redaction,
        case=case,
        detail={"document": document.pk, "kind": kind, "reason": reason, "page": page_number},
    )
    return redaction


def _documents_of(case: Case, document_ids: Iterable[int] | None) -> list[Document]:
    qs = Document.objects.filter(case=case)
    if document_ids is None:
        return list(qs)
    wanted = set(document_ids)
    found = list(qs.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise NotFoundError("Document not found.", kind="document")
    return found


@transaction.atomic
def redactions_propose(
    *,
    actor: User,
    case_ref: str,
    kinds: Sequence[str],
    reason: str = RedactionReason.PRIVACY,
    document_ids: Iterable[int] | None = None,
    production_id: int | None = None,
) -> list[Redaction]:
    """Find pattern hits (SSNs, dates of birth, phone numbers...) in the pages' text of the given
    documents, a production's documents, or every document of the case, and propose one redaction
    per distinct hit and page, for a person to accept or reject. A hit already redacted is skipped."""
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    _reason_checked(reason)
    unknown = [k for k in kinds if k not in PATTERN_KINDS]
    if not kinds or unknown:
        raise ApplicationError(
            "Choose which patterns to look for.",
            fields={"kinds": ["Choose from the listed patterns."]},
        )
    if production_id is not None:
        from_production = Production.objects.filter(case=case, pk=production_id).first()
        if from_production is None:
            raise NotFoundError("Production not found.", kind="production")
        document_ids = list(from_production.items.values_list("document_id", flat=True))
    documents = _documents_of(case, document_ids)
    existing = {
        (r.document_id, r.page_number, r.text)
        for r in Redaction.objects.filter(case=case, document__in=documents).exclude(
            status=RedactionStatus.REMOVED
        )
    }
    proposed: list[Redaction] = []
    pages = (
        Page.objects.filter(document__in=documents)
        .exclude(text="")
        .order_by("document_id", "number")
    )
    for page in pages.iterator():
        for hit in pattern_hits(page.text, kinds):
            kind, text = hit.kind, " ".join(hit.text.split())
            key = (page.document_id, page.number, text)
            if key in existing or (page.document_id, None, text) in existing:
                continue
            existing.add(key)
            proposed.append(
                Redaction(
                    case=case,
                    document_id=page.document_id,
                    page_number=page.number,
                    text=text,
                    kind=kind,
                    reason=reason,
                    status=RedactionStatus.PROPOSED,
                    created_by=actor,
                )
            )
            if len(proposed) > BULK_MAX:
                raise ApplicationError(
                    f"More than {BULK_MAX} hits: propose for fewer documents at a time."
                )
    Redaction.objects.bulk_create(proposed)
    audit_record(
        actor=actor,
        action="redaction.propose",
        case=case,
        detail={"kinds": list(kinds), "documents": len(documents), "proposed": len(proposed)},
    )
    return proposed


def _selected(case: Case, ids: Sequence[int]) -> list[Redaction]:
    if not ids:
        raise ApplicationError("Choose at least one redaction.", fields={"ids": ["Choose one."]})
    if len(ids) > BULK_MAX:
        raise ApplicationError(f"At most {BULK_MAX} at a time.", fields={"ids": ["Too many."]})
    found = list(Redaction.objects.select_for_update().filter(case=case, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise NotFoundError("Redaction not found.", kind="redaction")
    return found


@transaction.atomic
def redactions_accept(*, actor: User, case_ref: str, ids: Sequence[int]) -> int:
    """Apply proposed redactions (the others of ``ids`` are left as they are)."""
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    chosen = [r for r in _selected(case, ids) if r.status == RedactionStatus.PROPOSED]
    now = timezone.now()
    for r in chosen:
        r.status, r.applied_by, r.applied_at = RedactionStatus.APPLIED, actor, now
    Redaction.objects.bulk_update(chosen, ["status", "applied_by", "applied_at"])
    audit_record(
        actor=actor,
        action="redaction.accept",
        case=case,
        detail={"ids": [r.pk for r in chosen]},
    )
    return len(chosen)


@transaction.atomic
def redactions_remove(*, actor: User, case_ref: str, ids: Sequence[int], why: str) -> int:
    """Remove (or reject, for proposed ones) redactions not yet carried by a built production."""
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.REDACT)
    why = why.strip()
    if not why:
        raise ApplicationError("Say why it is removed.", fields={"why": ["Give a reason."]})
    chosen = _selected(case, ids)
    frozen = [r for r in chosen if r.frozen]
    if frozen:
        production = frozen[0].frozen_by
        raise ConflictError(
            f"This redaction was carried by the production “{production}”, already built: it can no "
            "longer be removed. Make a corrected production instead."
        )
    now = timezone.now()
    live = [r for r in chosen if r.status != RedactionStatus.REMOVED]
    for r in live:
        r.status, r.removed_by, r.removed_at, r.removed_why = (
            RedactionStatus.REMOVED,
            actor,
            now,
            why[:2000],
        )
    Redaction.objects.bulk_update(live, ["status", "removed_by", "removed_at", "removed_why"])
    audit_record(
        actor=actor,
        action="redaction.remove",
        case=case,
        detail={"ids": [r.pk for r in live], "why": why[:500]},
    )
    return len(live)
