"""``habeas production create|add|redact|build|list --as USER``: the same services as the web."""

from __future__ import annotations

import shutil
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.labels import label
from habeas.core.terminal import markup_safe
from habeas.disclosure.models import PATTERN_KINDS, Obligation, RecipientKind, RedactionReason
from habeas.disclosure.reads import disclosure_shown, package_downloaded
from habeas.disclosure.selectors import production_get, production_list
from habeas.disclosure.services.productions import (
    production_build,
    production_build_job,
    production_create,
    production_documents_add,
    production_package_path,
)
from habeas.disclosure.services.redactions import redaction_add, redactions_propose


def _box(value: str) -> list[float]:
    try:
        numbers = [float(v) for v in value.split(",")]
    except ValueError:
        raise CommandError(f"a box is left,top,right,bottom in points, not {value!r}") from None
    if len(numbers) != 4:
        raise CommandError("a box is four numbers: left,top,right,bottom (points)")
    return numbers


class Command(HabeasCommand):
    help = "Productions: `production create|add|redact|build|list` (Bates-numbered, redactions burned in)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{create,add,redact,build,list}"
        )
        create = sub.add_parser("create", help="Start a production on a case")
        create.add_argument("ref")
        create.add_argument("--name", required=True)
        create.add_argument("--recipient", required=True, help="Who receives it")
        create.add_argument(
            "--recipient-kind", choices=RecipientKind.values, default="defense_counsel"
        )
        create.add_argument("--partner", default="", help="Partner organization code")
        create.add_argument("--obligation", choices=Obligation.values, required=True)
        create.add_argument("--prefix", required=True, help="Bates prefix")
        create.add_argument("--start", type=int, default=None, help="Default: the next free number")
        create.add_argument("--padding", type=int, default=6)
        create.add_argument("--legend", default="")
        create.add_argument("--corrects", type=int, default=None, help="Production it corrects")
        add = sub.add_parser("add", help="Add documents to a draft production")
        add.add_argument("ref")
        add.add_argument("production_id", type=int)
        add.add_argument("document_ids", type=int, nargs="+")
        add.add_argument("--withheld", metavar="GROUND", default="", help="Withhold on this ground")
        redact = sub.add_parser("redact", help="Redact words or boxes, or propose pattern hits")
        redact.add_argument("ref")
        redact.add_argument("document_id", type=int)
        redact.add_argument("--text", default="", help="Words to remove")
        redact.add_argument(
            "--box", action="append", type=_box, default=[], help="left,top,right,bottom"
        )
        redact.add_argument("--page", type=int, default=None, help="Default: every page (text)")
        redact.add_argument("--reason", choices=RedactionReason.values, default="privacy")
        redact.add_argument(
            "--patterns",
            nargs="+",
            choices=PATTERN_KINDS,
            default=None,
            help="Propose redactions of these patterns in the document, for review",
        )
        build = sub.add_parser("build", help="Build a production now and report the result")
        build.add_argument("ref")
        build.add_argument("production_id", type=int)
        build.add_argument("--out", type=Path, default=None, help="Copy the zip here")
        lst = sub.add_parser("list", help="Productions of a case")
        lst.add_argument("ref")
        for p in (create, add, redact, build, lst):
            add_as_argument(p)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        action, ref = options["action"], options["ref"]
        if action == "create":
            production = production_create(
                actor=user,
                case_ref=ref,
                name=options["name"],
                recipient_name=options["recipient"],
                recipient_kind=options["recipient_kind"],
                recipient_organization=options["partner"],
                obligation=options["obligation"],
                bates_prefix=options["prefix"],
                bates_start=options["start"],
                bates_padding=options["padding"],
                legend=options["legend"],
                corrects_id=options["corrects"],
            )
            console.print(
                f"production {production.pk} “{markup_safe(production.name)}” started; "
                f"numbers from {markup_safe(production.bates_label(production.bates_start))}"
            )
        elif action == "add":
            withheld = options["withheld"]
            items = production_documents_add(
                actor=user,
                case_ref=ref,
                production_id=options["production_id"],
                document_ids=options["document_ids"],
                withheld=bool(withheld),
                privilege_ground=withheld,
            )
            console.print(f"{len(items)} document(s) {'withheld' if withheld else 'added'}")
        elif action == "redact":
            if options["patterns"]:
                proposed = redactions_propose(
                    actor=user,
                    case_ref=ref,
                    kinds=options["patterns"],
                    reason=options["reason"],
                    document_ids=[options["document_id"]],
                )
                for r in proposed:
                    console.print(
                        f"proposed {r.pk}: {markup_safe(label('redaction_kind', r.kind))} "
                        f"“{markup_safe(r.text)}” page {r.page_number}"
                    )
                console.print(
                    f"{len(proposed)} proposed; accept or reject them on the page or through the API"
                )
            else:
                redaction = redaction_add(
                    actor=user,
                    case_ref=ref,
                    document_id=options["document_id"],
                    reason=options["reason"],
                    text=options["text"],
                    boxes=options["box"],
                    page_number=options["page"],
                )
                console.print(f"redaction {redaction.pk} applied")
        elif action == "build":
            production = production_build(
                actor=user, case_ref=ref, production_id=options["production_id"]
            )
            production_build_job(production.pk)  # here and now; the queued task then finds it taken
            production = production_get(user=user, case_ref=ref, production_id=production.pk)
            if production.status != "built":
                raise CommandError(f"production {production.pk} failed: {production.error}")
            console.print(
                f"production {production.pk} built: {markup_safe(production.bates_range)}, "
                f"{production.pages_total} page(s); package {production.package_sha256}"
            )
            if options["out"] is not None:
                package_downloaded(user=user, production=production)
                shutil.copyfile(production_package_path(production), options["out"])
                console.print(f"package written to {markup_safe(str(options['out']))}")
        else:
            case, productions = production_list(user=user, case_ref=ref)
            disclosure_shown(user=user, case=case, view="cli:productions")
            table = Table(
                "Id", "Name", "Status", "Recipient", "Obligation", "Bates numbers", "Delivered"
            )
            for p in productions.prefetch_related("deliveries"):
                delivered = ", ".join(d.disclosed_at.date().isoformat() for d in p.deliveries.all())
                table.add_row(
                    str(p.pk),
                    markup_safe(p.name),
                    label("production_status", p.status),
                    markup_safe(p.recipient_name),
                    label("obligation", p.obligation),
                    markup_safe(p.bates_range) or "—",
                    delivered or "not yet",
                )
            console.print(table)
