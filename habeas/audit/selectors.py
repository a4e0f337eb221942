from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES
from habeas.audit.chain import ChainBreak, ChainRow, chain_verify
from habeas.audit.models import AuditEvent
from habeas.core.errors import PermissionDeniedError


def audit_event_list(
    *, user: User, username: str = "", case_ref: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """Audit rows an admin or auditor may read: those of their own organization's users and cases."""
    if user.role not in AUDIT_ROLES or user.organization_id is None:
        raise PermissionDeniedError("Only administrators and auditors may read the audit log.")
    from habeas.cases.models import Case

    own_cases = Case.objects.filter(organization_id=user.organization_id).values("pk")
    qs = AuditEvent.objects.filter(
        organization_id_at=user.organization_id
    ) | AuditEvent.objects.filter(case_id__in=own_cases)
    if username:
        qs = qs.filter(username=username)
    if case_ref:
        qs = qs.filter(case_ref=case_ref)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.order_by("-seq")


def _rows() -> Iterator[ChainRow]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        yield ChainRow(
            seq=event.seq,
            prev_hash=event.prev_hash,
            row_hash=event.row_hash,
            content=event.chain_content(),
        )


def audit_chain_verify() -> tuple[int, ChainBreak | None]:
    """Check the whole chain, oldest first. System-level: for the CLI and auditors."""
    from habeas.audit.models import AuditHead

    checked, broken = chain_verify(_rows())
    if broken is None:
        head = AuditHead.objects.filter(pk=1).first()
        if head is not None and head.seq != checked:
            # Rows deleted from the end leave no gap inside the chain; the head still counts them.
            return checked, ChainBreak(
                seq=checked + 1, reason=f"chain ends at row {checked} but {head.seq} were written"
            )
    return checked, broken
