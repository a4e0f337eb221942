"""What every ``habeas`` command shares: the audit source, ``--as USERNAME``, and one-line errors.

Commands run as a named user (``habeas.accounts.current.cli_user``) and go through the same
selectors and services as the web, so the CLI can never see or change more than that user could in
the browser.
"""

from __future__ import annotations

import os
import socket
import sys
from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import DatabaseError, connections
from rich.console import Console

from habeas.core.context import acting_from
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.core.refusals import Refusal, refusal_report
from habeas.core.terminal import terminal_safe


def error_line(exc: ApplicationError) -> str:
    """One line: the message, then each field's messages (``field: message``)."""
    details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items())
    return f"{exc.message} {details}".strip() if details else exc.message


def cli_address() -> str:
    return f"cli:{socket.gethostname()}"


def add_as_argument(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        default=None,
        help="Act as this user (default: $HABEAS_USER). Reads and writes are checked and audited as them.",
    )


def terminal(out: TextIO) -> Console:
    """A rich console: colours and terminal width on a TTY; plain and wide (no wrapping) otherwise."""
    tty = bool(getattr(out, "isatty", lambda: False)())
    return Console(file=out, width=None if tty else 200, no_color=not tty, highlight=False)


class HabeasCommand(BaseCommand):
    """Base for the ``habeas`` commands: audit source "cli", domain errors become one-line messages."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        with acting_from("cli", cli_address()):
            try:
                return super().execute(*args, **options)
            except ApplicationError as exc:
                username = options.get("as_user") or os.environ.get("HABEAS_USER", "")
                if isinstance(exc, NotFoundError) and username:
                    operation = f"{self._command_name()} {options.get('action') or ''}".strip()
                    refusal_report(Refusal(None, username, operation, exc.kind))
                raise CommandError(error_line(exc)) from exc
            except DatabaseError as exc:
                if options.get("traceback"):
                    raise
                first_line = (
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                )
                raise CommandError(
                    f"database error: {first_line} (has `habeas migrate` been run?)"
                ) from exc

    def _command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def run_from_argv(self, argv: list[str]) -> None:
        """Like Django's, but prints only the message (no "CommandError:" prefix, no traceback)."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            if options.traceback:
                raise
            # Error messages can quote stored names (a refused zip member): escape them too.
            self.stderr.write(terminal_safe(str(exc)))
            sys.exit(exc.returncode)
        except KeyboardInterrupt:
            self.stderr.write("interrupted")
            sys.exit(130)
        except Exception as exc:
            if options.traceback:
                raise
            self.stderr.write(
                f"unexpected error: {type(exc).__name__}: {terminal_safe(str(exc))} (run again with --traceback for details)"
            )
            sys.exit(1)
        finally:
            connections.close_all()

    def raw_stdout(self) -> TextIO:
        """The stream under Django's OutputWrapper, for rich and csv (which add their own newlines)."""
        out: TextIO = getattr(self.stdout, "_out", sys.stdout)
        return out
