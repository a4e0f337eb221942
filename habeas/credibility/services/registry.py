"""Writes to the registry: officials, their postings and findings, and a finding's list status
(each change audited once). Only admins and attorneys change the list status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, PermissionDeniedError
from habeas.credibility.models import Assignment, Finding, Official
from habeas.credibility.permissions import can_change_list_status, keeper_checked
from habeas.credibility.selectors import finding_get, official_get, source_document_get
from habeas.credibility.services.alerts import alerts_refresh
from habeas.documents.services.ingest import blob_store
from habeas.documents.storage import BlobTooLargeError
from habeas.domain.credibility.sheet import om_code_check
from habeas.domain.credibility.vocabulary import FINDING_TYPES, KINDS, STATUSES

SOURCE_MAX_BYTES = 50 * 1024 * 1024


def _status_checked(actor: User, status: str) -> None:
    if status not in STATUSES:
        raise ApplicationError("Choose a status.", {"status": [", ".join(STATUSES.values())]})
    if status != "pending" and not can_change_list_status(actor):
        raise PermissionDeniedError(
            "Only administrators and attorneys put a finding on the list or take it off."
        )


def _clean_list(values: Sequence[str]) -> list[str]:
    return [v.strip()[:200] for v in values if v and v.strip()]


def official_create(
    *,
    actor: User,
    full_name: str,
    kind: str = "officer",
    agency: str = "",
    badges: Sequence[str] = (),
    aliases: Sequence[str] = (),
    notes: str = "",
) -> Official:
    organization_id = keeper_checked(actor)
    if not full_name.strip():
        raise ApplicationError("The official needs a name.", {"full_name": ["Required."]})
    if kind not in KINDS:
        raise ApplicationError("Choose a kind of official.", {"kind": [", ".join(KINDS.values())]})
    with transaction.atomic():
        official = Official.objects.create(
            organization_id=organization_id,
            kind=kind,
            full_name=full_name.strip()[:200],
            agency=agency.strip()[:300],
            badges=_clean_list(badges),
            aliases=_clean_list(aliases),
            notes=notes.strip()[:5000],
        )
        audit_record(
            actor=actor,
            action="credibility.official_create",
            obj=official,
            detail={"name": official.full_name, "agency": official.agency},
        )
    return official


def assignment_add(
    *,
    actor: User,
    official_id: int,
    agency: str,
    unit: str = "",
    badge: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Assignment:
    keeper_checked(actor)
    if not agency.strip():
        raise ApplicationError("A posting needs its agency.", {"agency": ["Required."]})
    if date_from and date_to and date_from > date_to:
        raise ApplicationError("The posting ends before it starts.", {"date_to": ["Too early."]})
    with transaction.atomic():
        official = official_get(user=actor, official_id=official_id)
        posting = Assignment.objects.create(
            official=official,
            agency=agency.strip()[:300],
            unit=unit.strip()[:200],
            badge=badge.strip()[:30],
            date_from=date_from,
            date_to=date_to,
        )
        audit_record(
            actor=actor,
            action="credibility.assignment_add",
            obj=official,
            detail={
                "agency": posting.agency,
                "from": str(date_from or ""),
                "to": str(date_to or ""),
            },
        )
    return posting


def finding_add(
    *,
    actor: User,
    official_id: int,
    type: str,
    description: str = "",
    date: dt.date | None = None,
    om_code: str = "",
    status: str = "pending",
    citation: str = "",
    source_case_ref: str = "",
    source_document_id: int | None = None,
    upload: IO[bytes] | None = None,
    upload_name: str = "",
) -> Finding:
    keeper_checked(actor)
    if type not in FINDING_TYPES:
        raise ApplicationError(
            "Choose the type of finding.", {"type": [", ".join(FINDING_TYPES.values())]}
        )
    try:
        code = om_code_check(om_code)
    except ValueError as exc:
        raise ApplicationError(str(exc), {"om_code": [str(exc)]}) from exc
    _status_checked(actor, status)
    document = (
        source_document_get(user=actor, case_ref=source_case_ref, document_id=source_document_id)
        if source_document_id is not None
        else None
    )
    sha256 = ""
    if upload is not None:
        try:
            sha256 = blob_store().put_stream(upload, max_bytes=SOURCE_MAX_BYTES).sha256
        except BlobTooLargeError as exc:
            raise ApplicationError(
                "The source file is larger than 50 MB.", {"source": [str(exc)]}
            ) from exc
    with transaction.atomic():
        official = official_get(user=actor, official_id=official_id)
        finding = Finding.objects.create(
            official=official,
            type=type,
            om_code=code,
            date=date,
            description=description.strip()[:5000],
            source_document=document,
            source_sha256=sha256,
            source_filename=upload_name[:255] if sha256 else "",
            source_citation=citation.strip()[:1000],
            status=status,
            status_by=actor if status != "pending" else None,
            status_at=timezone.now() if status != "pending" else None,
        )
        audit_record(
            actor=actor,
            action="credibility.finding_add",
            obj=finding,
            detail={"official": official.full_name, "type": type, "status": status},
        )
    if status != "pending":
        alerts_refresh(organization_id=official.organization_id)
    return finding


def finding_status_set(*, actor: User, finding_id: int, status: str, reason: str = "") -> Finding:
    """Put a finding on the list, mark it disclosed, or take it off (a removal needs its reason)."""
    _status_checked(actor, status)
    if status == "removed" and not reason.strip():
        raise ApplicationError(
            "Say why the finding is taken off the list.", {"reason": ["Required."]}
        )
    with transaction.atomic():
        finding = finding_get(user=actor, finding_id=finding_id)
        before = finding.status
        if before == status:
            return finding
        finding.status = status
        finding.removed_reason = reason.strip()[:1000] if status == "removed" else ""
        finding.status_by, finding.status_at = actor, timezone.now()
        finding.save(update_fields=["status", "removed_reason", "status_by", "status_at"])
        audit_record(
            actor=actor,
            action="credibility.status",
            obj=finding,
            detail={
                "official": finding.official.full_name,
                "from": before,
                "to": status,
                **({"reason": finding.removed_reason} if finding.removed_reason else {}),
            },
        )
    alerts_refresh(organization_id=finding.official.organization_id)
    return finding


def finding_notice_set(
    *, actor: User, finding_id: int, notified_on: dt.date | None, response: str = ""
) -> Finding:
    """Due process: when the official was told of the listing, and what he answered."""
    keeper_checked(actor)
    with transaction.atomic():
        finding = finding_get(user=actor, finding_id=finding_id)
        finding.notified_on, finding.response = notified_on, response.strip()[:5000]
        finding.save(update_fields=["notified_on", "response"])
        audit_record(
            actor=actor,
            action="credibility.notice",
            obj=finding,
            detail={"notified_on": str(notified_on or ""), "response": bool(finding.response)},
        )
    return finding
