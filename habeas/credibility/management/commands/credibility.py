"""``habeas credibility import FILE [--map FIELD=HEADER] [--valid-only]``, ``export FILE``,
``list [--q TEXT]``, ``alerts [--case REF] [--refresh]``, ``find-convictions OFFICIAL_ID``,
each ``--as USERNAME``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_read
from habeas.cases.selectors import case_get
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.credibility.selectors import OfficialFilter, case_alerts, officials, undisclosed_cases
from habeas.credibility.services.alerts import alerts_compute
from habeas.credibility.services.convictions import find_convictions
from habeas.credibility.services.sheets import (
    sheet_export,
    sheet_from_path,
    sheet_import,
    sheet_preview,
)
from habeas.domain.credibility.vocabulary import FINDING_TYPES, STATUSES


class Command(HabeasCommand):
    help = "The credibility list: import, export, list, alerts, find-convictions (each --as USER)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,export,list,alerts,find-convictions}"
        )
        imp = sub.add_parser("import", help="A CSV or XLSX of listed officials")
        imp.add_argument("path")
        imp.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help="Which column holds a field (name, agency, badges, finding, date, status, source...)",
        )
        imp.add_argument(
            "--valid-only", action="store_true", help="Import the valid rows, leave the rest"
        )
        imp.add_argument("--check", action="store_true", help="Only check the sheet, store nothing")
        add_as_argument(imp)
        exp = sub.add_parser("export", help="The list as CSV or XLSX (by the file's ending)")
        exp.add_argument("path")
        add_as_argument(exp)
        listing = sub.add_parser("list")
        listing.add_argument("--q", default="")
        add_as_argument(listing)
        alerts = sub.add_parser(
            "alerts", help="Cases with undisclosed material, or one case's alerts"
        )
        alerts.add_argument("--case", default="")
        alerts.add_argument(
            "--refresh", action="store_true", help="Check every case against the list first"
        )
        add_as_argument(alerts)
        find = sub.add_parser("find-convictions", help="Run the systemic review for one official")
        find.add_argument("official_id", type=int)
        find.add_argument(
            "--queue", action="store_true", help="Queue it for the worker instead of waiting"
        )
        add_as_argument(find)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        action = options["action"]
        if action == "import":
            override = {}
            for item in options["map"]:
                field, sep, header = item.partition("=")
                if not sep:
                    raise CommandError(f"--map {item!r}: write FIELD=HEADER")
                override[field.strip()] = header.strip()
            preview = sheet_preview(
                actor=user, sheet=sheet_from_path(Path(options["path"])), override=override
            )
            for name, index in preview.mapping.items():
                console.print(f"  {name}: column “{markup_safe(preview.sheet.headers[index])}”")
            for error in preview.check.errors[:200]:
                console.print(f"  {markup_safe(error.sentence())}")
            if options["check"]:
                console.print(
                    f"{len(preview.check.rows)} valid rows, {len(preview.check.errors)} problems"
                )
                return
            result = sheet_import(actor=user, preview=preview, valid_only=options["valid_only"])
            console.print(
                f"officials: {result.officials_created} new, {result.officials_updated} updated; "
                f"findings: {result.findings_created} new, {result.findings_updated} updated; "
                f"rows left out: {len(result.skipped)}"
            )
        elif action == "export":
            path = Path(options["path"])
            fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
            content, _ = sheet_export(actor=user, officials=officials(user=user), fmt=fmt)
            path.write_bytes(content)
            console.print(f"wrote {path}")
        elif action == "list":
            table = Table("id", "name", "agency", "badges", "findings")
            for o in officials(user=user, only=OfficialFilter(q=options["q"])):
                findings = "; ".join(
                    f"{FINDING_TYPES.get(f.type, f.type)} ({STATUSES.get(f.status, f.status).lower()})"
                    for f in o.findings.all()
                )
                table.add_row(
                    str(o.pk),
                    markup_safe(o.full_name),
                    markup_safe(o.agency),
                    markup_safe(", ".join(o.badges)),
                    markup_safe(findings),
                )
            audit_read(actor=user, action="credibility.list")
            console.print(table)
        elif action == "alerts":
            if options["refresh"]:
                count = alerts_compute(actor=user)
                console.print(f"{count.created} new alerts, {count.withdrawn} withdrawn")
            if options["case"]:
                case = case_get(user=user, ref=options["case"])
                table = Table("alert", "official", "named as", "why", "review", "disclosed")
                for a in case_alerts(user=user, case=case):
                    table.add_row(
                        str(a.pk),
                        markup_safe(a.official.full_name),
                        markup_safe(a.written),
                        markup_safe(a.reason),
                        a.status,
                        str(a.disclosed_on or "not yet"),
                    )
                audit_read(actor=user, action="credibility.case_alerts", case=case)
            else:
                table = Table("case", "title", "listed officials", "alerts")
                for row in undisclosed_cases(user=user):
                    table.add_row(
                        row.case.ref,
                        markup_safe(row.case.title),
                        markup_safe(", ".join(row.officials)),
                        str(row.alerts),
                    )
                audit_read(actor=user, action="credibility.undisclosed")
            console.print(table)
        else:
            run = find_convictions(
                actor=user, official_id=options["official_id"], wait=not options["queue"]
            )
            run.refresh_from_db()
            console.print(
                f"review run {run.pk} of watchlist {run.watchlist_id}: {run.get_status_display().lower()}, {run.matches} matches"
                + (f" ({markup_safe(run.error)})" if run.error else "")
            )
