"""``habeas documents list|retry|verify|reflag``: a case's documents and their status; retry failed
ones; re-hash every stored file against its SHA-256; flag stored documents again after the flag
rules changed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.cases.reads import case_shown
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.documents.models import DocumentStatus
from habeas.documents.selectors import document_list
from habeas.documents.services.ingest import document_retry
from habeas.documents.services.maintenance import documents_verify
from habeas.documents.services.reflag import documents_reflag


class Command(HabeasCommand):
    help = (
        "Documents: `documents list --case REF --as U`, `documents retry [ID...] --case REF --as U`,"
        " `documents verify`, `documents reflag [--case REF] [--all]`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{list,retry,verify,reflag}"
        )
        listing = sub.add_parser("list", help="A case's documents with status")
        listing.add_argument("--case", required=True)
        add_as_argument(listing)
        retry = sub.add_parser(
            "retry", help="Queue failed documents again (all failed ones of the case if no ID)"
        )
        retry.add_argument("ids", nargs="*", type=int)
        retry.add_argument("--case", required=True)
        add_as_argument(retry)
        sub.add_parser(
            "verify", help="Re-hash every stored file; exit 1 if any is missing or changed"
        )
        reflag = sub.add_parser(
            "reflag",
            help="Flag the stored documents again with the current rules (after an upgrade);"
            " reviewers' verdicts are kept",
        )
        reflag.add_argument("--case", help="Only this case's documents")
        reflag.add_argument(
            "--all",
            action="store_true",
            help="Every read document, also those the current rules already flagged",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = terminal(self.raw_stdout())
        if options["action"] == "verify":
            self._verify(console)
            return
        if options["action"] == "reflag":
            self._reflag(console, options["case"], everything=options["all"])
            return
        user = cli_user(options["as_user"])
        if options["action"] == "list":
            case, docs = document_list(user=user, case_ref=options["case"])
            case_shown(user=user, case=case, view="cli:documents")
            table = Table("id", "name", "kind", "status", "pages", "ocr", "error")
            for d in docs:
                table.add_row(
                    str(d.pk),
                    markup_safe(d.name),
                    d.kind,
                    d.status,
                    str(d.page_count),
                    str(d.ocr_page_count),
                    markup_safe(d.error[:80]),
                )
            console.print(table)
            return
        # The permission check comes first; each retry is audited by the service.
        _, docs = document_list(user=user, case_ref=options["case"])
        ids = options["ids"] or list(
            docs.filter(status=DocumentStatus.FAILED)
            .exclude(kind="unknown")
            .values_list("pk", flat=True)
        )
        if not ids:
            console.print("nothing to retry")
            return
        for pk in ids:
            doc = document_retry(actor=user, case_ref=options["case"], document_id=pk)
            console.print(
                f"{doc.pk} {markup_safe(doc.name)}: {doc.status}{' - ' + markup_safe(doc.error) if doc.error else ''}"
            )

    def _verify(self, console: Console) -> None:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("re-hashing", total=None)
            checked, problems = documents_verify(
                lambda i, n: progress.update(task, completed=i, total=n)
            )
        console.print(f"{checked:,} stored files checked, {len(problems)} problems")
        for p in problems:
            console.print(
                f"  {p.sha256}: {p.problem}; used by {markup_safe(', '.join(p.documents))}"
            )
        if problems:
            raise CommandError(f"{len(problems)} stored files are missing or changed")

    def _reflag(self, console: Console, case_ref: str | None, *, everything: bool) -> None:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("flagging again", total=None)
            read, counts, failed = documents_reflag(
                case_ref,
                lambda i, n: progress.update(task, completed=i, total=n),
                everything=everything,
            )
        which = "" if everything else " (those flagged by an earlier version of the rules)"
        console.print(
            f"Documents read again{which}: {read:,}; with changes: {counts.documents:,}.\n"
            f"  newly flagged passages: {counts.added:,}\n"
            f"  flags brought up to date, their verdicts kept: {counts.updated:,}\n"
            f"  flags the rules no longer raise, removed (nobody had reviewed them): {counts.removed:,}\n"
            f"  flags the rules no longer raise, kept (a reviewer had ruled on them): {counts.kept:,}"
        )
        if failed:
            for name in failed:
                console.print(f"  left as it was: {markup_safe(name)}")
            raise CommandError(f"{len(failed)} documents could not be flagged again; run it again")
