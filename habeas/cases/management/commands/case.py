"""``habeas case list|show``: read cases as a named user, through the permission-checked selectors."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.cases.management.case_detail import case_detail
from habeas.cases.reads import case_read, cases_listed
from habeas.cases.selectors import CaseFilters, case_list
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.core.terminal import markup_safe
from habeas.domain.workflow import Stage


class Command(HabeasCommand):
    help = "List or show cases visible to a user: `case list --as U [...]`, `case show REF --as U`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,show}")
        listing = sub.add_parser("list", help="Cases the user may see, newest first")
        add_as_argument(listing)
        listing.add_argument(
            "--stage", default="", help=f"One of: {', '.join(s.value for s in Stage)}"
        )
        listing.add_argument("--county", default="")
        listing.add_argument("--q", default="", help="Search reference, title or applicant name")
        listing.add_argument(
            "--limit", type=int, default=50, help="At most this many rows (default 50)"
        )
        listing.add_argument("--json", action="store_true", help="JSON instead of a table")
        show = sub.add_parser("show", help="One case with every section")
        show.add_argument("ref")
        add_as_argument(show)
        show.add_argument("--json", action="store_true", help="JSON instead of tables")

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        if options["action"] == "list":
            self._list(user, options)
        else:
            self._show(user, options)

    def _console(self) -> Console:
        out = self.raw_stdout()
        tty = bool(getattr(out, "isatty", lambda: False)())
        return Console(file=out, width=None if tty else 160, no_color=not tty, highlight=False)

    def _list(self, user: Any, options: dict[str, Any]) -> None:
        stage = options["stage"].strip().lower()
        if stage and stage not in Stage.__members__.values():
            raise CommandError(
                f"unknown stage {stage!r}; choose one of: {', '.join(s.value for s in Stage)}"
            )
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        filters = CaseFilters(stage=stage, county=options["county"].strip(), q=options["q"].strip())
        cases = list(case_list(user=user, filters=filters)[: options["limit"]])
        cases_listed(user=user, filters=filters)
        if options["json"]:
            rows = [
                {
                    "ref": c.ref,
                    "title": c.title,
                    "stage": c.stage,
                    "applicant_name": c.applicant_name,
                    "county": c.county,
                    "received_on": c.received_on.isoformat(),
                    "organization": c.organization.code,
                }
                for c in cases
            ]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not cases:
            self.stdout.write("no cases")
            return
        table = Table("Ref", "Title", "Applicant", "Stage", "County", "Received", "Org")
        for c in cases:
            table.add_row(
                *(
                    markup_safe(v)
                    for v in (
                        c.ref,
                        c.title,
                        c.applicant_name,
                        Stage(c.stage).label,
                        c.county,
                        c.received_on.isoformat(),
                        c.organization.code,
                    )
                )
            )
        self._console().print(table)

    def _show(self, user: Any, options: dict[str, Any]) -> None:
        case = case_read(user=user, ref=options["ref"].strip(), view="cli")
        detail = case_detail(case)
        if options["json"]:
            self.stdout.write(json.dumps(detail, indent=2))
            return
        console = self._console()
        head = detail["case"]
        console.print(
            f"[bold]{markup_safe(head['ref'])}[/bold]  {markup_safe(head['title'])}  ({Stage(head['stage']).label})"
        )
        for key in (
            "organization",
            "applicant_name",
            "county",
            "received_on",
            "intake_source",
            "summary",
        ):
            if head[key]:
                console.print(f"  {key.replace('_', ' ')}: {markup_safe(str(head[key]))}")
        if detail["fact_conflicts"]:
            console.print(
                f"  [yellow]sources disagree on: {markup_safe(', '.join(detail['fact_conflicts']))}[/yellow]"
            )
        for section, rows in detail.items():
            if section in {"case", "fact_conflicts"} or not rows:
                continue
            table = Table(
                *rows[0].keys(),
                title=section.replace("-", " ").replace("_", " ").capitalize(),
                title_justify="left",
            )
            for row in rows:
                table.add_row(*(markup_safe(_cell(v)) for v in row.values()))
            console.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
