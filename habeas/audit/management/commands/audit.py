"""``habeas audit verify``: check the audit log's hash chain from the first row to the last."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from habeas.audit.selectors import audit_chain_verify
from habeas.audit.services import audit_record
from habeas.core.command import HabeasCommand


class Command(HabeasCommand):
    help = "Audit log: `audit verify` prints 'ok: N rows verified' (exit 0) or 'BROKEN at row N: reason' (exit 2)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        sub.add_parser("verify", help="Recompute every row's hash and link")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_chain_verify()
        # The check is itself logged (after it ran, so it does not count its own row).
        audit_record(
            actor=None,
            username="cli",
            action="audit.verify",
            detail={
                "checked": checked,
                "ok": broken is None,
                "first_broken_seq": broken.seq if broken else None,
            },
        )
        if broken is not None:
            raise CommandError(f"BROKEN at row {broken.seq}: {broken.reason}", returncode=2)
        self.stdout.write(f"ok: {checked} rows verified")
