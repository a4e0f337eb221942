"""habeas nre import FILE | habeas nre stats --year Y [--json]"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand
from habeas.core.terminal import terminal_safe
from habeas.domain.nre.parse import NreFileError
from habeas.nre.selectors import registry_current, registry_year_stats
from habeas.nre.services import nre_import


class Command(HabeasCommand):
    help = "Import the National Registry of Exonerations' public data and report yearly figures."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="Import an NRE spreadsheet (XLSX/CSV) or full export (CSV)"
        )
        imp.add_argument("file", type=Path)
        stats = sub.add_parser("stats", help="Figures for exonerations in one year")
        stats.add_argument("--year", type=int, required=True)
        stats.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["file"])
        else:
            self._stats(options["year"], options["json"])

    def _import(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            outcome = nre_import(path=path)
        except NreFileError as exc:
            raise CommandError(str(exc)) from None
        batch = outcome.batch
        if not outcome.created:
            self.stdout.write(
                f"{terminal_safe(path.name)} was already imported ({batch.rows} rows); nothing changed."
            )
            return
        self.stdout.write(
            f"imported {batch.rows} rows from {terminal_safe(batch.file_name)} ({batch.schema} layout, {batch.encoding}); "
            f"{batch.warning_count} warning(s)"
        )
        for w in batch.warnings[:20]:
            self.stdout.write(
                f"  row {w['row']}: {terminal_safe(str(w['column']))}: {terminal_safe(str(w['message']))}"
            )
        if batch.warning_count > 20:
            self.stdout.write(f"  … {batch.warning_count - 20} more")

    def _stats(self, year: int, as_json: bool) -> None:
        stats = registry_year_stats(year=year)
        if stats is None:
            raise CommandError("No NRE data imported yet: run `habeas nre import FILE` first.")
        if as_json:
            batch = registry_current()
            self.stdout.write(
                json.dumps(
                    {**stats.as_dict(), "source_file": batch.file_name if batch else None}, indent=2
                )
            )
            return
        lines = [
            f"Exonerations in {year}: {stats.count}",
            f"Years lost: {stats.years_lost_total} total, {stats.years_lost_mean} mean ({stats.years_lost_rows} with dates)",
            f"CIU {stats.ciu}  IO {stats.io}  both {stats.both}  either {stats.either}  homicide {stats.homicide}",
            "Factors: " + "  ".join(f"{k} {v}" for k, v in stats.factors.items()),
            f"Rule: {stats.rule}",
        ]
        self.stdout.write("\n".join(lines))
