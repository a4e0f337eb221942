"""``habeas audit verify`` / ``habeas audit checkpoint``: check the audit log's keyed hash chain
against the signed checkpoints kept outside the database; take a checkpoint now."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from habeas.audit.selectors import CHECKPOINT_FILE, audit_integrity
from habeas.audit.services import audit_checkpoint_write, audit_record
from habeas.core.command import HabeasCommand


class Command(HabeasCommand):
    help = (
        "Audit log: `audit verify` prints 'ok: N rows verified ...' (exit 0) or "
        "'BROKEN ...' (exit 2); `audit checkpoint` signs the chain's head into the checkpoint folder."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,checkpoint}")
        sub.add_parser(
            "verify", help="Recompute every row's keyed hash and check the signed checkpoints"
        )
        sub.add_parser(
            "checkpoint", help="Write a signed checkpoint of the chain's head (run from cron too)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = audit_checkpoint_write(reason="on demand")
            self.stdout.write(
                f"checkpoint: {checkpoint.seq} rows, head {checkpoint.head_hash[:16]}…, "
                f"written to {settings.HABEAS_AUDIT_CHECKPOINT_DIR / CHECKPOINT_FILE}"
            )
            return
        report = audit_integrity()
        broken = report.broken
        # The check is itself logged (after it ran, so it does not count its own row).
        audit_record(
            actor=None,
            username="cli",
            action="audit.verify",
            detail={
                "checked": report.checked,
                "ok": broken is None and report.checkpoint_problem is None,
                "first_broken_seq": broken.seq if broken else None,
            },
        )
        where = settings.HABEAS_AUDIT_CHECKPOINT_DIR / CHECKPOINT_FILE
        if report.checkpoint_problem is not None:
            raise CommandError(
                f"BROKEN checkpoints ({where}): {report.checkpoint_problem}", returncode=2
            )
        if broken is not None:
            raise CommandError(f"BROKEN at row {broken.seq}: {broken.reason}", returncode=2)
        if report.checkpoints:
            last = report.checkpoints[-1]
            against = f"{len(report.checkpoints)} signed checkpoints hold (last: {last.seq} rows at {last.at})"
        else:
            against = (
                f"note: no checkpoint yet in {where}, so rows cut from the end would go unnoticed: "
                "run `habeas audit checkpoint`"
            )
        self.stdout.write(f"ok: {report.checked} rows verified")
        self.stderr.write(against)  # stdout stays the one line scripts read
