"""``habeas demo [--no-serve] [--port 8000] [--reset]``: a working Habeas with fictional data in one step.

Migrates, loads the demo data if the database is empty, prints the demo logins (with a current
two-factor code for administrators) and serves the app.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from rich.console import Console
from rich.table import Table

from habeas.accounts.selectors import organizations_exist
from habeas.audit.services import audit_checkpoints_set_aside
from habeas.core.command import HabeasCommand
from habeas.core.terminal import markup_safe
from habeas.demo.accounts import DemoLogin, demo_logins
from habeas.demo.data import demo_load, demo_present
from habeas.demo.featured import FEATURED_TITLE, featured_case_ref


def _sqlite_path() -> Path | None:
    # The live connection's settings, not settings.DATABASES: under a test runner they differ.
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def _migrations_pending() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(HabeasCommand):
    help = "Run Habeas with demo data: `demo [--no-serve] [--port 8000] [--reset]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Load and print the logins, then stop"
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--reset", action="store_true", help="Delete the data dir's SQLite database first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            self._reset()
        if _migrations_pending():
            self.stdout.write("preparing the database…")
            call_command("migrate", interactive=False, verbosity=0)
        if demo_present():
            self.stdout.write("demo data already loaded")
            logins = demo_logins()
        elif organizations_exist():
            raise CommandError(
                "this database holds other organizations; not mixing demo data into it "
                "(use a fresh HABEAS_DATA_DIR, or --reset to delete the embedded database)"
            )
        else:
            self.stdout.write("loading demo data (fictional people)…")
            logins = demo_load()
        self._print_logins(logins)
        self.stdout.write(
            f"audit log signed with the key in {settings.HABEAS_AUDIT_KEY_FILE}; signed "
            f"checkpoints in {settings.HABEAS_AUDIT_CHECKPOINT_DIR} (both outside {settings.DATA_DIR})"
        )
        self._print_start_here(options["host"], options["port"])
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])

    def _reset(self) -> None:
        path = _sqlite_path()
        if path is None:
            raise CommandError(
                "--reset deletes the embedded SQLite database only; with PostgreSQL drop and recreate the database yourself"
            )
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{path}{suffix}")
            if candidate.exists():
                candidate.unlink()
        connection.close()
        self.stdout.write(f"deleted {path}")
        aside = audit_checkpoints_set_aside()
        if aside is not None:
            self.stdout.write(f"audit checkpoints of the deleted log moved to {aside}")

    def _print_start_here(self, host: str, port: int) -> None:
        ref = featured_case_ref()
        if ref is None:
            return
        self.stdout.write(
            f"\nStart here: log in as ciu_attorney and open case {ref}, {FEATURED_TITLE}"
            f" (http://{host}:{port}/cases/{ref}/). It is the featured exoneration: a New Year's"
            " Eve shooting, a mistaken eyewitness identification, a joint reinvestigation with an"
            " innocence clinic, the conviction vacated, a factual-innocence finding and an open"
            " lead on the real shooter; its Flags tab, sourced facts and compensation figures show"
            " what Habeas does. All its people are fictional.\n"
        )

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        out = self.raw_stdout()
        tty = bool(getattr(out, "isatty", lambda: False)())
        console = Console(file=out, width=None if tty else 160, no_color=not tty, highlight=False)
        table = Table(
            "Username",
            "Name",
            "Role",
            "Organization",
            "Password",
            title="Demo logins (fictional people)",
            title_justify="left",
        )
        for login in logins:
            table.add_row(
                *(
                    markup_safe(v)
                    for v in (
                        login.username,
                        login.name,
                        login.role,
                        login.organization,
                        login.password,
                    )
                )
            )
        console.print(table)
        admins = [login for login in logins if login.totp_key_hex]
        if admins:
            console.print(
                "Administrators must enter a two-factor code. Add the secret to an authenticator app, or use the current code:"
            )
            for login in admins:
                console.print(
                    f"  {markup_safe(login.username)}: secret {login.totp_secret}  code now {login.current_code()} (changes every 30 s)"
                )
                console.print(f"    {markup_safe(login.otpauth_uri)}")
