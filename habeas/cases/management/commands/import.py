"""``habeas import cases FILE.csv --as USERNAME``: bulk intake through the intake service.

Every row is validated and reported (``row N: column: message``, N counting the header as line 1).
By default the import is all or nothing: one bad row and nothing is written. ``--skip-bad`` writes
the good rows; ``--dry-run`` checks everything and writes nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from habeas.accounts.current import cli_user
from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.csv_io import (
    CsvFileError,
    CsvRow,
    RowError,
    decode_csv_bytes,
    intake_errors_as_rows,
    read_rows,
    row_to_intake,
)
from habeas.cases.permissions import can_open_intake
from habeas.cases.services.intake import case_intake
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.core.errors import ApplicationError


class Command(HabeasCommand):
    help = "Bulk import: `import cases FILE.csv --as USERNAME [--skip-bad] [--dry-run]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="cases")
        cases = sub.add_parser(
            "cases", help="Open one case per CSV row (see habeas/cases/csv_io.py for the columns)"
        )
        cases.add_argument("file", help="CSV file, UTF-8 (Windows-1252 is accepted with a note)")
        add_as_argument(cases)
        cases.add_argument(
            "--skip-bad",
            action="store_true",
            help="Import the good rows, report and skip the bad ones",
        )
        cases.add_argument(
            "--dry-run", action="store_true", help="Validate every row, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        if not can_open_intake(user):
            raise CommandError(
                f"{user.username} ({user.role}) may not open cases; intake needs an admin, attorney or investigator"
            )
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            text, encoding = decode_csv_bytes(raw)
            parsed = read_rows(text, max_rows=settings.HABEAS_IMPORT_MAX_ROWS)
        except CsvFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing imported") from None
        if encoding != "UTF-8":
            self.stderr.write(f"note: {path} is not UTF-8; read it as {encoding}")

        skip_bad, dry_run = options["skip_bad"], options["dry_run"]
        bad: list[RowError] = list(parsed.errors)
        refs: list[str] = []
        with transaction.atomic():
            refs = self._import_rows(user, parsed.rows, bad)
            bad_lines = {e.line for e in bad}
            write = not dry_run and (skip_bad or not bad)
            if write and refs:
                audit_record(
                    actor=user,
                    action="case.import",
                    detail={
                        "file": path.name,
                        "imported": len(refs),
                        "skipped": len(bad_lines),
                        "encoding": encoding,
                    },
                )
            if not write:
                transaction.set_rollback(True)  # validated everything; keep nothing

        for error in sorted(bad, key=lambda e: e.line):
            self.stderr.write(str(error))
        total = len(parsed.rows) + len(
            {e.line for e in parsed.errors} - {r.line for r in parsed.rows}
        )
        skipped = len(bad_lines)
        if dry_run:
            summary = f"dry run: {len(refs)} of {total} rows would be imported, {skipped} bad; nothing written"
            if bad and not skip_bad:
                raise CommandError(summary, returncode=1)
            self.stdout.write(summary)
        elif bad and not skip_bad:
            raise CommandError(
                f"nothing imported: {skipped} of {total} rows have errors (fix them, or use --skip-bad)"
            )
        elif skip_bad:
            self.stdout.write(f"imported {len(refs)}, skipped {skipped}")
        else:
            span = (
                f" ({refs[0]} … {refs[-1]})" if len(refs) > 1 else (f" ({refs[0]})" if refs else "")
            )
            self.stdout.write(f"imported {len(refs)} case{'s' if len(refs) != 1 else ''}{span}")

    def _import_rows(self, user: User, rows: list[CsvRow], bad: list[RowError]) -> list[str]:
        """Run every row through the intake service, each in its own savepoint, collecting errors."""
        already_bad = {e.line for e in bad}
        refs: list[str] = []
        for row in self._progress(rows):
            if row.line in already_bad:
                continue
            case_data, sections = row_to_intake(row.values)
            try:
                with transaction.atomic():
                    case = case_intake(actor=user, case=case_data, sections=sections)
            except ApplicationError as exc:
                bad.extend(intake_errors_as_rows(row.line, exc.fields, exc.message))
                continue
            refs.append(case.ref)
        return refs

    def _progress(self, rows: list[CsvRow]) -> Iterable[CsvRow]:
        if not self.stdout.isatty() or len(rows) < 20:
            return rows
        return _tracked(rows)


def _tracked(rows: list[CsvRow]) -> Iterator[CsvRow]:
    from rich.progress import track

    yield from track(rows, description="Importing", transient=True)
