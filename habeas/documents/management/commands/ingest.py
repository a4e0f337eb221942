"""``habeas ingest PATH... --case REF --as USER``: add files, folders (recursively) or zip archives to a
case, then process them with a progress bar (``--no-wait`` leaves them to the background workers)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from habeas.accounts.current import cli_user
from habeas.accounts.models import User
from habeas.cases.selectors import case_get
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.documents.models import DocumentStatus
from habeas.documents.selectors import (
    case_documents,
    case_documents_in_progress,
    case_documents_queued,
)
from habeas.documents.services.ingest import IngestResult, document_process, documents_ingest


def files_under(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"no such file or folder: {raw}")


class Command(HabeasCommand):
    help = "Add files, folders or zip archives to a case: `ingest PATH... --case REF --as USER`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--case", required=True, help="Case reference")
        add_as_argument(parser)
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Queue only; background workers (`habeas worker`) process them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        files = list(files_under(options["paths"]))
        if not files:
            raise CommandError("no files found under the given paths")
        console = terminal(self.raw_stdout())
        results: list[IngestResult] = []
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("storing", total=len(files))
            for path in files:
                with path.open("rb") as stream:
                    results.extend(
                        documents_ingest(
                            actor=user, case_ref=options["case"], files=[(path.name, stream)]
                        )
                    )
                progress.advance(task)
            if not options["no_wait"]:
                self._process(progress, user, options["case"])
        self._report(console, user, results, options["case"])

    def _process(self, progress: Progress, user: User, case_ref: str) -> None:
        """Work the case's queue here (also picking up archive members as they appear)."""
        case = case_get(user=user, ref=case_ref)
        pending = case_documents_in_progress(case)
        task = progress.add_task("processing", total=pending.count())
        done = 0
        while True:
            queued = case_documents_queued(case, limit=50)
            if not queued:
                if not pending.exists():
                    break
                time.sleep(0.5)  # another worker has the rest
                continue
            for pk in queued:
                document_process(pk)
                done += 1
                progress.update(task, completed=done, total=done + pending.count())

    def _report(
        self, console: Console, user: User, results: list[IngestResult], case_ref: str
    ) -> None:
        added = sum(1 for r in results if r.created)
        refused = [r for r in results if r.document is None]
        console.print(
            f"{len(results)} files: {added} added, {len(results) - added - len(refused)} already in {case_ref}, {len(refused)} refused"
        )
        for r in refused:
            console.print(f"  REFUSED {markup_safe(r.name)}: {markup_safe(r.error)}")
        docs = case_documents(case_get(user=user, ref=case_ref))
        for status, label in DocumentStatus.choices:
            n = docs.filter(status=status).count()
            if n:
                console.print(f"  {label}: {n}")
        failed = list(docs.filter(status=DocumentStatus.FAILED).order_by("name"))
        for doc in failed:
            console.print(
                f"  FAILED {markup_safe(doc.name)}: {markup_safe(doc.error)}  (retry: habeas documents retry {doc.pk} --case {case_ref})"
            )
        if failed or refused:
            raise CommandError("some files were refused or failed; see above")
