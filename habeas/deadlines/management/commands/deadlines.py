"""``habeas deadlines digest [--within 30] [--dry-run] [--force]``: the daily e-mail of overdue and
soon-due deadlines, one per active user with an address (run it from cron once a day).

``habeas deadlines acknowledge REF RULE_ID DUE --reason TEXT --as USER`` stops a computed deadline
alerting (for that due date); ``habeas deadlines unacknowledge REF RULE_ID DUE --as USER`` undoes it."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import CommandError

from habeas.accounts.current import cli_user
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.core.terminal import terminal_safe
from habeas.deadlines.digest import digest_send
from habeas.deadlines.services import deadline_acknowledge, deadline_unacknowledge


def _positive_days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise ArgumentTypeError(f"a number of days, not {value!r}") from None
    if not 0 < days <= 3660:
        raise ArgumentTypeError("between 1 and 3660 days")
    return days


class Command(HabeasCommand):
    help = (
        "Deadlines: `deadlines digest [--within 30] [--dry-run] [--force]` e-mails each user their overdue and due-soon "
        "deadlines; `deadlines acknowledge REF RULE_ID DUE --reason TEXT --as U` stops a computed deadline alerting, "
        "`deadlines unacknowledge REF RULE_ID DUE --as U` undoes that."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{digest,acknowledge,unacknowledge}"
        )
        digest = sub.add_parser(
            "digest",
            help="E-mail each active user with an address their overdue and upcoming deadlines",
        )
        digest.add_argument(
            "--within",
            type=_positive_days,
            default=30,
            metavar="DAYS",
            help="List deadlines due within this many days, plus overdue ones (default 30)",
        )
        digest.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get a digest; send and record nothing",
        )
        digest.add_argument(
            "--force",
            action="store_true",
            help="Send again to users who already got today's digest",
        )
        ack = sub.add_parser(
            "acknowledge",
            help="Stop a computed deadline alerting, with a reason (for its current due date)",
        )
        unack = sub.add_parser(
            "unacknowledge", help="Undo an acknowledgement: the deadline alerts again"
        )
        for p in (ack, unack):
            p.add_argument("ref", help="The case reference")
            p.add_argument(
                "rule_id", help="The computed deadline's rule id, e.g. aedpa_2244d or ca_pc_4901"
            )
            p.add_argument("due", help="Its due date as computed, YYYY-MM-DD")
            add_as_argument(p)
        ack.add_argument(
            "--reason",
            required=True,
            help="Why it needs no more alerts, e.g. 'Not applicable: petition filed 2014-03-02'",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "acknowledge":
            user = cli_user(options["as_user"])
            done = deadline_acknowledge(
                actor=user,
                case_ref=options["ref"],
                rule_id=options["rule_id"],
                due_on=options["due"],
                reason=options["reason"],
            )
            self.stdout.write(
                f"{options['ref']}: {done.rule_id} due {done.due_on.isoformat()} acknowledged; it alerts again "
                "if a change to the record moves the date"
            )
            return
        if options["action"] == "unacknowledge":
            user = cli_user(options["as_user"])
            deadline_unacknowledge(
                actor=user,
                case_ref=options["ref"],
                rule_id=options["rule_id"],
                due_on=options["due"],
            )
            self.stdout.write(
                f"{options['ref']}: acknowledgement of {options['rule_id']} due {options['due']} undone; it alerts again"
            )
            return
        report = digest_send(
            within_days=options["within"], dry_run=options["dry_run"], force=options["force"]
        )
        verb = "would send" if report.dry_run else "sent"
        for username, count in report.sent:
            self.stdout.write(
                f"{verb} to {terminal_safe(username)}: {count} deadline{'s' if count != 1 else ''}"
            )
        for username, error in report.failed:
            self.stderr.write(f"failed for {terminal_safe(username)}: {terminal_safe(str(error))}")
        self.stdout.write(
            f"{report.today.isoformat()}: {verb} {len(report.sent)} digest{'s' if len(report.sent) != 1 else ''} "
            f"(deadlines due within {report.within_days} days and overdue); "
            f"{len(report.already_sent)} already sent today, {report.nothing_due} with nothing due, "
            f"{report.no_email} without an e-mail address, {len(report.failed)} failed"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} digest(s) could not be sent")
