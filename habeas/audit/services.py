"""Appending to the audit log. Every service that writes calls ``audit_record``; every interface
(page, API call, command) that shows case data calls ``audit_read`` once for what it showed.
Selectors read with the permission check and no side effect."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from habeas.audit.chain import GENESIS, Checkpoint, checkpoint_signed
from habeas.audit.keys import audit_signing_key
from habeas.audit.models import AuditEvent, AuditHead
from habeas.audit.selectors import CHECKPOINT_FILE
from habeas.core.context import current_context
from habeas.core.refusals import Refusal
from habeas.core.web import is_poll

REFUSAL_WINDOW_SECONDS = 60


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
    key = audit_signing_key()
    with transaction.atomic():
        # The UPDATE takes the write lock (SQLite) or the row lock (PostgreSQL) and returns the tip
        # in the same statement (RETURNING: SQLite >= 3.35, PostgreSQL), so no row can come between.
        head = _head_advanced()
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
            key_id=key.key_id,
        )
        event.row_hash = key.row_mac(event.prev_hash, event.chain_content())
        event.save()
        first_keyed = head.keyed_from is None
        AuditHead.objects.filter(pk=1).update(
            last_hash=event.row_hash, keyed_from=head.keyed_from or event.seq
        )
        # Checkpoints only of committed rows: one of a row rolled back would look like a cut tail.
        every = settings.HABEAS_AUDIT_CHECKPOINT_EVERY
        if first_keyed:
            transaction.on_commit(lambda: audit_checkpoint_write(reason="chain keyed"), robust=True)
        elif event.seq % every == 0:
            transaction.on_commit(
                lambda: audit_checkpoint_write(reason=f"every {every} rows"), robust=True
            )
    return event


def _head_advanced() -> AuditHead:
    """The chain's head with ``seq`` moved on by one (created at 1 on the first row ever)."""
    quote = connection.ops.quote_name
    table, pk = quote(AuditHead._meta.db_table), quote(AuditHead._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET seq = seq + 1 WHERE {pk} = 1"  # noqa: S608 - our own names
            " RETURNING seq, last_hash, keyed_from"
        )
        row = cursor.fetchone()
    if row is None:
        return AuditHead.objects.create(pk=1, seq=1, last_hash=GENESIS)
    seq, last_hash, keyed_from = row
    return AuditHead(pk=1, seq=seq, last_hash=last_hash, keyed_from=keyed_from)


def audit_checkpoint_write(*, reason: str = "on demand") -> Checkpoint:
    """Append the chain's head (row count, last hash, where the keyed part starts, time), signed
    with the audit key, to the checkpoint file outside the database. Append-only, so the folder can
    sit on write-once or append-only storage (``chattr +a``, a WORM share)."""
    head = AuditHead.objects.filter(pk=1).first()
    checkpoint = checkpoint_signed(
        key=audit_signing_key(),
        seq=head.seq if head else 0,
        head_hash=head.last_hash if head else GENESIS,
        keyed_from=head.keyed_from if head else None,
        at=timezone.now().isoformat(timespec="seconds"),
        reason=reason,
    )
    folder = Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(folder / CHECKPOINT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (checkpoint.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return checkpoint


def audit_checkpoints_set_aside() -> Path | None:
    """After the database was deleted on purpose (``habeas demo --reset``): its checkpoints would
    report the new, empty log as cut. They are renamed, not deleted, and the name says when."""
    path = Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.reset-{timezone.now():%Y%m%dT%H%M%S}")
    path.rename(aside)
    return aside


def audit_refusal(refusal: Refusal) -> None:
    """A refused read (404) in the log, at most one row per user a minute: the row counts the
    refusals since the user's previous such row. Nothing about the object asked for is kept but its
    kind and the route's pattern, so the log never holds another organization's data.

    The counters live in Django's cache (per process with the default local-memory cache; set
    CACHES to a shared backend to count across processes): no database write per probe request."""
    who = str(getattr(refusal.user, "pk", "") or refusal.username)
    window, pending = f"habeas:refused:window:{who}", f"habeas:refused:pending:{who}"
    if not cache.add(window, 1, timeout=REFUSAL_WINDOW_SECONDS):
        try:
            cache.incr(pending)
        except ValueError:
            cache.set(pending, 1, timeout=None)
        return
    earlier = int(cache.get(pending) or 0)
    cache.delete(pending)
    audit_record(
        actor=refusal.user if refusal.user is not None else None,  # type: ignore[arg-type]
        username=refusal.username,
        action="access.refused",
        detail={
            "operation": refusal.operation,
            "asked_for": refusal.kind or "unknown",
            "refused": earlier + 1,
        },
    )
