"""``habeas records import FILE --as USER [--json]`` / ``habeas records list --as USER``: bulk conviction
records (CSV in any common encoding, or Parquet) into the organization's analytical store, with a
data-quality report; malformed rows are listed by line and never stop the rest."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_read
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.domain.systemic import BulkImportReport
from habeas.systemic.selectors import bulk_imports
from habeas.systemic.services.records import records_import


class Command(HabeasCommand):
    help = "Bulk conviction records: `records import FILE --as U [--json]`, `records list --as U`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,list}")
        imp = sub.add_parser("import", help="Import a CSV or Parquet file (idempotent)")
        imp.add_argument("file")
        add_as_argument(imp)
        imp.add_argument("--json", action="store_true", help="Print the whole report as JSON")
        listing = sub.add_parser("list", help="Files imported by your organization")
        add_as_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        if options["action"] == "list":
            table = Table("imported", "name", "rows", "rejected", "by")
            rows = list(bulk_imports(user=user))
            for b in rows:
                table.add_row(
                    f"{b.imported_at:%Y-%m-%d %H:%M}",
                    markup_safe(b.name),
                    f"{b.rows:,}",
                    f"{b.rejected:,}",
                    b.imported_by.username,
                )
            audit_read(actor=user, action="records.list", detail={"count": len(rows)})
            console.print(table)
            return
        _, report = records_import(actor=user, path=Path(options["file"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, default=str))
            return
        self._print(console, report)

    def _print(self, console: Any, r: BulkImportReport) -> None:
        if r.already_imported:
            console.print(
                f"{markup_safe(r.name)} was already imported ({r.rows:,} rows): nothing changed."
            )
        else:
            console.print(
                f"{markup_safe(r.name)}: {r.rows:,} rows imported ({r.format}, {r.encoding or 'binary'}); {r.rejected_count:,} malformed rows set aside"
            )
        for row in r.rejected[:20]:
            console.print(f"  line {row['line']}: {markup_safe(row['reason'])}")
        if r.rejected_count > 20:
            console.print(f"  ... and {r.rejected_count - 20:,} more (see --json)")
        console.print(
            f"columns: {', '.join(f'{markup_safe(k)} -> {v}' for k, v in r.columns.items())}"
        )
        if r.ignored_columns:
            console.print(f"ignored columns: {markup_safe(', '.join(r.ignored_columns))}")
        if r.missing_columns:
            console.print(f"not in this file: {', '.join(r.missing_columns)}")
        for label, n in {**r.invalid_dates, **r.impossible}.items():
            lines = ", ".join(str(e["line"]) for e in r.examples.get(label, [])[:10])
            console.print(f"  {n:,} rows: {markup_safe(label)} (lines {lines})")
        if r.duplicates:
            console.print(
                f"  {r.duplicates:,} rows share defendant, DOB, docket and court with another row"
            )
        for warning in r.warnings:
            console.print(f"  note: {markup_safe(warning)}")
