"""``habeas review run WATCHLIST --as U`` and the work on its results: ``review show RUN``,
``review decide MATCH confirm|reject|pending``, ``review intake MATCH``, ``review export RUN --format csv|xlsx --out F``."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_read, audit_record
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.errors import NotFoundError
from habeas.core.terminal import markup_safe
from habeas.systemic.exports import review_csv_write, review_xlsx_write
from habeas.systemic.models import ReviewRun
from habeas.systemic.selectors import review_matches, review_run_get
from habeas.systemic.services.reviews import (
    match_decide,
    match_to_intake,
    review_retry,
    review_start,
)

DECISIONS = {"confirm": "confirmed", "reject": "rejected", "pending": "pending"}


class Command(HabeasCommand):
    help = "Systemic review: `review run WATCHLIST`, `review show RUN`, `review decide MATCH confirm|reject`, `review retry RUN`, `review intake MATCH`, `review export RUN`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{run,show,decide,retry,intake,export}"
        )
        run = sub.add_parser(
            "run", help="Match a watchlist (id or name) against the organization's bulk records"
        )
        run.add_argument("watchlist")
        show = sub.add_parser("show", help="A run's matches and partners")
        show.add_argument("run_id", type=int)
        show.add_argument("--limit", type=int, default=50)
        decide = sub.add_parser("decide", help="Record a decision on one match")
        decide.add_argument("match_id", type=int)
        decide.add_argument("decision", choices=sorted(DECISIONS))
        retry = sub.add_parser("retry", help="Queue a failed or abandoned run again")
        retry.add_argument("run_id", type=int)
        intake = sub.add_parser("intake", help="Open an intake for a confirmed match")
        intake.add_argument("match_id", type=int)
        export = sub.add_parser("export", help="A run's matches as CSV or XLSX")
        export.add_argument("run_id", type=int)
        export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        export.add_argument("--out", required=True)
        for p in (run, show, decide, retry, intake, export):
            add_as_argument(p)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        action = options["action"]
        if action == "run":
            with console.status("reviewing") as status:
                run = review_start(
                    actor=user,
                    watchlist=options["watchlist"],
                    progress=lambda text: status.update(text),
                )
            console.print(
                f"run {run.pk}: {run.matches:,} matches in {run.records_files} bulk file(s); "
                f"{len(run.partners)} people worked two or more of those records (see `review show {run.pk}`)"
            )
            return
        if action == "decide":
            match = match_decide(
                actor=user, match_id=options["match_id"], decision=DECISIONS[options["decision"]]
            )
            console.print(
                f"match {match.pk} ({markup_safe(match.docket)}): {match.get_decision_display()}"
            )
            return
        if action == "intake":
            case = match_to_intake(actor=user, match_id=options["match_id"])
            console.print(f"opened {case.ref} for match {options['match_id']}")
            return
        if action == "retry":
            run = review_retry(actor=user, run_id=options["run_id"])
            console.print(f"run {run.pk} queued again (a `habeas worker` takes it)")
            return
        try:
            run = review_run_get(user=user, run_id=options["run_id"])
        except NotFoundError:
            raise CommandError("no such review run") from None
        matches = review_matches(run)
        if action == "export":
            self._export(user, run, matches, options)
            return
        audit_read(actor=user, action="review.read", obj=run)
        table = Table(
            "id",
            "name",
            "as written",
            "score",
            "reason",
            "docket",
            "court",
            "defendant",
            "decision",
        )
        for m in matches[: options["limit"]]:
            table.add_row(
                str(m.pk),
                markup_safe(m.entry.name),
                markup_safe(m.written),
                f"{m.score:.2f}",
                markup_safe(m.reason),
                markup_safe(m.docket),
                markup_safe(m.court),
                markup_safe(m.defendant),
                m.decision + (f" -> {m.case.ref}" if m.case else ""),
            )
        console.print(table)
        for p in run.partners[:20]:
            console.print(
                f"partner: {markup_safe(str(p['person']))} ({p['field']}) on {p['shared_records']} of these records"
            )

    def _export(self, user: Any, run: ReviewRun, matches: Any, options: dict[str, Any]) -> None:
        path = Path(options["out"])
        try:
            fd = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600
            )  # criminal records: owner-only file
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        if options["format"] == "xlsx":
            with os.fdopen(fd, "wb") as binary:
                count = review_xlsx_write(binary, matches)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as text:
                count = review_csv_write(text, matches)
        audit_record(
            actor=user,
            action="review.export",
            obj=run,
            detail={"format": options["format"], "rows": count},
        )
        self.stderr.write(f"exported {count} matches to {path}")
