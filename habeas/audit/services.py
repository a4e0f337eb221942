"""Appending to the audit log. Every service that writes calls ``audit_record``; every interface
(page, API call, command) that shows case data calls ``audit_read`` once for what it showed.
Selectors read with the permission check and no side effect."""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from habeas.audit.chain import GENESIS, row_digest
from habeas.audit.models import AuditEvent, AuditHead
from habeas.core.context import current_context
from habeas.core.web import is_poll


class User(Protocol):
    """Who acted (the accounts app's user; the log needs only these)."""

    pk: Any
    username: str


class Case(Protocol):
    """The case a row is about (the cases app's case)."""

    pk: Any
    ref: str


def _jsonable(detail: dict[str, Any]) -> dict[str, Any]:
    # Round-trip so the stored JSON and the hashed JSON are the same value (dates become strings).
    result: dict[str, Any] = json.loads(json.dumps(detail, default=str))
    return result


def audit_read(
    *,
    actor: User,
    action: str,
    obj: object | None = None,
    case: Case | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """One row for a read made through an interface. An htmx poll refreshing what is already on the
    user's screen writes none, and the same read twice in one request is logged once."""
    if request is not None and is_poll(request):
        return
    context = current_context()
    key = (
        action,
        type(obj).__name__ if obj is not None else "",
        str(getattr(obj, "pk", "") or ""),
        str(case.pk) if case is not None else "",
    )
    if context.source != "system":  # outside a request or command there is nothing to repeat
        if key in context.reads_logged:
            return
        context.reads_logged.add(key)
    audit_record(actor=actor, action=action, obj=obj, case=case, detail=detail)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: object | None = None,
    case: Case | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    ctx = current_context()
    with transaction.atomic():
        # The UPDATE takes the write lock (SQLite) or the row lock (PostgreSQL) before we read the tip.
        updated = AuditHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        if not updated:
            AuditHead.objects.create(pk=1, seq=1, last_hash=GENESIS)
        head = AuditHead.objects.get(pk=1)
        event = AuditEvent(
            seq=head.seq,
            at=timezone.now(),
            user_id=actor.pk if actor is not None and actor.pk else None,
            username=(actor.username if actor is not None else username),
            organization_id_at=getattr(actor, "organization_id", None),
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
            case_id=case.pk if case is not None else None,
            case_ref=case.ref if case is not None else "",
            source=ctx.source,
            address=ctx.address[:100],
            detail=_jsonable(detail or {}),
            prev_hash=head.last_hash,
            row_hash="",
        )
        event.row_hash = row_digest(event.prev_hash, event.chain_content())
        event.save()
        AuditHead.objects.filter(pk=1).update(last_hash=event.row_hash)
    return event
