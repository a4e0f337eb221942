"""``habeas worker``: run background jobs (document processing) from the database queue."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command

from habeas.core.command import HabeasCommand
from habeas.core.jobs import jobs_sweep, jobs_sweep_start
from habeas.core.task_rows import worker_id_make


class Command(HabeasCommand):
    help = "Process background jobs (e.g. document ingestion). Run several for more throughput."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        # Jobs a dead worker left running are queued again (or failed) by the sweep; a long-lived
        # worker sweeps in the background, a batch run once before it starts.
        if options["batch"]:
            jobs_sweep()
        else:
            jobs_sweep_start()
        # Named after host, pid and start time, so a sweep can tell its task rows died with it.
        call_command(
            "db_worker",
            batch=options["batch"],
            verbosity=options["verbosity"],
            worker_id=worker_id_make(),
        )
