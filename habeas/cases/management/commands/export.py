"""``habeas export cases --as USERNAME [--out FILE] [--stage S]``: the visible cases as CSV, in the
columns ``habeas import cases`` reads. The export itself is audit-logged with its count."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_record
from habeas.cases.csv_io import write_rows
from habeas.cases.selectors import CaseFilters, case_list
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.domain.workflow import Stage


class Command(HabeasCommand):
    help = "Export cases as CSV: `export cases --as USERNAME [--out FILE] [--stage S]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{cases,nre}")
        cases = sub.add_parser("cases", help="Cases the user may see, one row each")
        add_as_argument(cases)
        cases.add_argument(
            "--out",
            default="",
            help="Write to this file (created private, mode 600) instead of stdout",
        )
        cases.add_argument(
            "--stage", default="", help=f"Only this stage: {', '.join(s.value for s in Stage)}"
        )
        nre = sub.add_parser(
            "nre",
            help="Exonerated cases (coded, or with a dismissal/acquittal/pardon/finding) in the NRE's 23-column layout",
        )
        add_as_argument(nre)
        nre.add_argument(
            "--out",
            default="",
            help="Write to this file (created private, mode 600) instead of stdout",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        if options["what"] == "nre":
            self._nre(user, options["out"].strip())
            return
        stage = options["stage"].strip().lower()
        if stage and stage not in Stage.__members__.values():
            raise CommandError(
                f"unknown stage {stage!r}; choose one of: {', '.join(s.value for s in Stage)}"
            )
        cases = case_list(
            user=user, filters=CaseFilters(stage=stage, sort="ref"), audit=False
        ).prefetch_related("parties", "incidents", "convictions", "claims")
        out_path = options["out"].strip()
        with transaction.atomic():
            if out_path:
                count = self._write_file(Path(out_path), cases)
            else:
                count = write_rows(self.raw_stdout(), cases)
            audit_record(
                actor=user,
                action="case.export",
                detail={
                    "count": count,
                    "stage": stage,
                    "destination": "file" if out_path else "stdout",
                },
            )
        if out_path:
            self.stderr.write(f"exported {count} case{'s' if count != 1 else ''} to {out_path}")

    def _nre(self, user: Any, out_path: str) -> None:
        from habeas.outcomes.nre_export import exonerated_cases, nre_csv_write

        cases = exonerated_cases(user)
        with transaction.atomic():
            if out_path:
                count = self._write_file(Path(out_path), cases, writer=nre_csv_write)
            else:
                count = nre_csv_write(self.raw_stdout(), cases)
            audit_record(
                actor=user,
                action="outcome.export_nre",
                detail={"count": count, "destination": "file" if out_path else "stdout"},
            )
        if out_path:
            self.stderr.write(
                f"exported {count} exoneration{'s' if count != 1 else ''} to {out_path} (NRE spreadsheet layout)"
            )

    def _write_file(self, path: Path, cases: Any, writer: Any = write_rows) -> int:
        # Case data is sensitive: the file is readable by its owner only.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count: int = writer(handle, cases)
            return count
