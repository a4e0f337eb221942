from __future__ import annotations

from collections.abc import Iterator

from habeas.audit.chain import ChainBreak, ChainRow, chain_verify
from habeas.audit.models import AuditEvent, AuditHead


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
    checked, broken = chain_verify(_rows())
    if broken is None:
        head = AuditHead.objects.filter(pk=1).first()
        if head is not None and head.seq != checked:
            # Rows deleted from the end leave no gap inside the chain; the head still counts them.
            return checked, ChainBreak(
                seq=checked + 1, reason=f"chain ends at row {checked} but {head.seq} were written"
            )
    return checked, broken
