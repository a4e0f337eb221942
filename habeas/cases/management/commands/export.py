"""``habeas export KIND --as USERNAME [--out FILE]``: the cases the user may see, written in one of
the registered layouts (``cases``: the columns ``habeas import cases`` reads; features add others,
e.g. ``nre``). Every export is audit-logged with its count; a file is created readable by its owner
only."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_record
from habeas.cases.exports import CASE_EXPORTS, CaseExport
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.domain.workflow import Stage


class Command(HabeasCommand):
    help = "Export cases: `export KIND --as USERNAME [--out FILE]` (KIND: cases, or a registered layout)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="what", required=True, metavar="{" + ",".join(CASE_EXPORTS) + "}"
        )
        for export in CASE_EXPORTS.values():
            kind = sub.add_parser(export.name, help=export.help)
            add_as_argument(kind)
            kind.add_argument(
                "--out",
                default="",
                help="Write to this file (created private, mode 600) instead of stdout",
            )
            if export.stage_filter:
                kind.add_argument(
                    "--stage",
                    default="",
                    help=f"Only this stage: {', '.join(s.value for s in Stage)}",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        export = CASE_EXPORTS[options["what"]]
        stage = str(options.get("stage") or "").strip().lower()
        if stage and stage not in Stage.__members__.values():
            raise CommandError(
                f"unknown stage {stage!r}; choose one of: {', '.join(s.value for s in Stage)}"
            )
        cases = export.cases(user, {"stage": stage})
        out_path = options["out"].strip()
        with transaction.atomic():
            if out_path:
                count = self._write_file(Path(out_path), export, cases)
            else:
                count = export.write(self.raw_stdout(), cases)
            detail: dict[str, object] = {
                "count": count,
                "destination": "file" if out_path else "stdout",
            }
            if export.stage_filter:
                detail["stage"] = stage
            audit_record(actor=user, action=export.action, detail=detail)
        if out_path:
            self.stderr.write(
                f"exported {count} {export.noun}{'s' if count != 1 else ''} to {out_path}"
            )

    def _write_file(self, path: Path, export: CaseExport, cases: Any) -> int:
        # Case data is sensitive: the file is readable by its owner only.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            return export.write(handle, cases)
