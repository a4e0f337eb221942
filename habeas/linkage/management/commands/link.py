"""``habeas link run --as U`` (compare every record of the organization), ``link review`` (the pairs
waiting for a person), ``link decide LEFT RIGHT same|different``, ``link show PERSON_ID``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.audit.services import audit_read
from habeas.cases.selectors import person_get
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.jobs import JobStatus
from habeas.core.terminal import markup_safe
from habeas.linkage.models import LinkRecord
from habeas.linkage.selectors import group_read, pairs_to_decide, person_links
from habeas.linkage.services import link_decide, link_start


def _describe(r: LinkRecord) -> str:
    where = r.case.ref if r.case else (r.detail.get("docket") or r.detail.get("field") or "")
    bits = [
        r.name,
        r.get_source_display().lower(),
        r.role,
        r.dob.isoformat() if r.dob else "",
        r.badge,
        r.agency,
        str(where),
    ]
    return markup_safe(" · ".join(b for b in bits if b)) + f" [dim]{markup_safe(r.key)}[/dim]"


class Command(HabeasCommand):
    help = "Person linkage: `link run`, `link review`, `link decide LEFT RIGHT same|different`, `link show PERSON_ID`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{run,review,decide,show}"
        )
        run = sub.add_parser(
            "run",
            help="Link every record of your organization (people, aliases, confirmed mentions, parties, bulk records)",
        )
        run.add_argument(
            "--backend",
            choices=["duckdb", "spark"],
            default=None,
            help="Default: HABEAS_LINK_BACKEND",
        )
        run.add_argument(
            "--no-bulk-defendants",
            action="store_true",
            help="Leave the defendants of bulk records out (officers, analysts and witnesses stay)",
        )
        review = sub.add_parser("review", help="Pairs the model was unsure of, strongest first")
        review.add_argument("--limit", type=int, default=50)
        decide = sub.add_parser(
            "decide",
            help="Record that two records are the same person or not (kept for every later run)",
        )
        decide.add_argument("left_key")
        decide.add_argument("right_key")
        decide.add_argument("decision", choices=["same", "different"])
        decide.add_argument("--note", default="")
        show = sub.add_parser("show", help="The records linked to a person, with the evidence")
        show.add_argument("person_id", type=int)
        for p in (run, review, decide, show):
            add_as_argument(p)

    def handle(self, *args: Any, **options: Any) -> None:
        user = cli_user(options["as_user"])
        console = terminal(self.raw_stdout())
        action = options["action"]
        if action == "run":
            with console.status("linking") as status:
                run = link_start(
                    actor=user,
                    backend=options["backend"],
                    bulk_defendants=not options["no_bulk_defendants"],
                    progress=lambda text: status.update(text),
                )
            if run.status != JobStatus.DONE:
                raise CommandError(f"linkage run {run.pk} failed: {run.error}")
            sources = ", ".join(f"{k} {n:,}" for k, n in run.by_source.items())
            console.print(
                f"run {run.pk} ({run.backend}): {run.records:,} records compared ({sources}); {run.skipped:,} with nothing to compare; "
                f"{run.groups:,} groups; {run.review_pairs:,} pairs for review (`link review`) in {run.timings.get('total_s', 0):.1f}s"
            )
            for warning in run.warnings[:10]:
                console.print(f"warning: {markup_safe(warning)}")
            return
        if action == "decide":
            d = link_decide(
                actor=user,
                left_key=options["left_key"],
                right_key=options["right_key"],
                same=options["decision"] == "same",
                note=options["note"],
            )
            console.print(f"recorded: {d.left_key} {'=' if d.same else '≠'} {d.right_key}")
            return
        if action == "review":
            pairs = pairs_to_decide(user=user)
            audit_read(actor=user, action="link.review.read")
            table = Table("pair", "left", "right", "probability", "agreed", "disagreed")
            for p in pairs[: options["limit"]]:
                table.add_row(
                    str(p.pk),
                    _describe(p.left),
                    _describe(p.right),
                    f"{p.probability:.3f}",
                    markup_safe("; ".join(p.agreed)),
                    markup_safe("; ".join(p.disagreed)),
                )
            console.print(table)
            console.print(
                f"{pairs.count():,} pair(s) waiting; decide with `link decide LEFT_KEY RIGHT_KEY same|different`"
            )
            return
        person, _ = person_get(user=user, person_id=options["person_id"])
        links = person_links(user=user, person=person)
        if links is None:
            raise CommandError(
                "this person has not been through a linkage run yet: `habeas link run`"
            )
        group_read(user=user, person=person, links=links)
        console.print(
            f"{markup_safe(str(person))} [dim]{links.record.key}, group {markup_safe(links.record.group)}[/dim]"
        )
        for m in links.members:
            console.print(f"  {_describe(m.record)}")
            for line in m.evidence:
                console.print(f"      {markup_safe(line)}")
        if links.hidden:
            console.print(f"  and {links.hidden} record(s) on cases you may not see")
