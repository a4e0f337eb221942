from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from habeas.audit.chain import (
    CHAIN_KEYED,
    CHAIN_PLAIN,
    ChainBreak,
    ChainRow,
    Checkpoint,
    CheckpointInvalid,
    chain_check,
    checkpoint_check,
    checkpoint_parse,
)
from habeas.audit.keys import audit_keys
from habeas.audit.models import AuditEvent, AuditHead

CHECKPOINT_FILE = "checkpoints.jsonl"


def _rows() -> Iterator[ChainRow]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        yield ChainRow(
            seq=event.seq,
            prev_hash=event.prev_hash,
            row_hash=event.row_hash,
            content=event.chain_content(),
            version=CHAIN_PLAIN if event.key_id is None else CHAIN_KEYED,
            key_id=event.key_id or "",
        )


@dataclass
class AuditIntegrity:
    checked: int
    broken: ChainBreak | None
    checkpoints: list[Checkpoint] = field(default_factory=list)
    # A problem with the checkpoints themselves (edited, unreadable, signed with another key).
    checkpoint_problem: str | None = None


def _checkpoints_read() -> tuple[list[Checkpoint], str | None]:
    path = Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE
    try:
        lines = path.read_text().splitlines() if path.exists() else []
    except OSError as exc:
        return [], f"the checkpoint file cannot be read ({exc.strerror})"
    found: list[Checkpoint] = []
    keys = audit_keys()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            found.append(checkpoint_parse(line, keys))
        except CheckpointInvalid as exc:
            return found, f"checkpoint {number} is not valid: {exc}"
    return found, None


def audit_integrity() -> AuditIntegrity:
    """Check the whole chain, oldest first, with the audit key, against every signed checkpoint
    outside the database. System-level: for the CLI and auditors."""
    checkpoints, problem = _checkpoints_read()
    result = chain_check(_rows(), audit_keys(), marks={c.seq for c in checkpoints})
    report = AuditIntegrity(result.checked, result.broken, checkpoints, problem)
    if problem is not None:
        return report
    if result.broken is None:
        for checkpoint in checkpoints:
            wrong = checkpoint_check(result, checkpoint)
            if wrong is not None:
                report.broken = ChainBreak(min(checkpoint.seq, result.checked + 1), wrong)
                return report
        head = AuditHead.objects.filter(pk=1).first()
        if head is not None and head.seq != result.checked:
            # Rows deleted from the end leave no gap inside the chain; the head still counts them.
            report.broken = ChainBreak(
                result.checked + 1,
                f"chain ends at row {result.checked} but {head.seq} were written",
            )
    return report


def audit_chain_verify() -> tuple[int, ChainBreak | None]:
    """(rows checked, first break or None); a bad checkpoint file is a break too."""
    report = audit_integrity()
    if report.checkpoint_problem is not None:
        return report.checked, ChainBreak(0, report.checkpoint_problem)
    return report.checked, report.broken
