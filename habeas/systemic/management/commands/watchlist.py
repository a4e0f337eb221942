"""``habeas watchlist create NAME --reason TEXT --csv FILE --as U`` / ``habeas watchlist list --as U``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_read
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.systemic.selectors import watchlists
from habeas.systemic.services.reviews import watchlist_create, watchlist_entries_csv


class Command(HabeasCommand):
    help = "Watchlists for systemic review: `watchlist create NAME --reason R --csv FILE --as U`, `watchlist list --as U`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list}")
        create = sub.add_parser(
            "create", help="From a CSV with columns name[, kind, lab, date_from, date_to, note]"
        )
        create.add_argument("name")
        create.add_argument("--reason", required=True, help="The documented problem and its source")
        create.add_argument("--csv", required=True, dest="csv_path")
        add_as_argument(create)
        listing = sub.add_parser("list")
        add_as_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        if options["action"] == "create":
            rows = watchlist_entries_csv(Path(options["csv_path"]))
            watchlist, skipped = watchlist_create(
                actor=user, name=options["name"], reason=options["reason"], entries=rows
            )
            console.print(
                f"watchlist {watchlist.pk} {markup_safe(watchlist.name)!r}: {watchlist.entries.count()} entries"
            )
            for problem in skipped:
                console.print(f"  skipped {markup_safe(problem)}")
            return
        table = Table("id", "name", "entries", "runs", "reason")
        for w in watchlists(user=user):
            table.add_row(
                str(w.pk),
                markup_safe(w.name),
                str(w.entries.count()),
                str(w.runs.count()),
                markup_safe(w.reason[:60]),
            )
        audit_read(actor=user, action="watchlist.list")
        console.print(table)
