"""``habeas token create|list|revoke``: API bearer tokens. The plaintext is shown once, at creation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.table import Table

from habeas.accounts.current import cli_user
from habeas.accounts.models import User
from habeas.accounts.selectors import token_list, user_active
from habeas.accounts.services import token_create, token_revoke
from habeas.core.command import HabeasCommand, add_as_argument
from habeas.core.terminal import markup_safe


def _user_named(username: str) -> User:
    user = user_active(username)
    if user is None:
        raise CommandError(f"no active user named {username.strip()!r}")
    return user


class Command(HabeasCommand):
    help = "API tokens: `token create USERNAME [--name N]`, `token list USERNAME`, `token revoke PREFIX --as USERNAME`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Create a token for USERNAME and print it once")
        create.add_argument("username")
        create.add_argument(
            "--name", default="", help="What the token is for, e.g. 'nightly export'"
        )
        listing = sub.add_parser("list", help="USERNAME's tokens (prefixes only)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix")
        revoke.add_argument("prefix")
        add_as_argument(revoke)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = _user_named(options["username"])
            name = options["name"].strip()
            if len(name) > 100:
                raise CommandError("--name: at most 100 characters")
            token, plaintext = token_create(user=user, name=name)
            self.stderr.write(
                f"token {token.prefix} for {user.username}; it is shown once, store it now:"
            )
            self.stdout.write(plaintext)
        elif action == "list":
            user = _user_named(options["username"])
            tokens = token_list(user=user)
            if not tokens:
                self.stdout.write(f"{user.username} has no tokens")
                return
            table = Table("Prefix", "Name", "Created", "Last used", "Revoked")
            for t in tokens:
                cells = (
                    t.prefix,
                    t.name,
                    f"{t.created_at:%Y-%m-%d %H:%M}",
                    f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                    f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "",
                )
                table.add_row(*(markup_safe(c) for c in cells))
            out = self.raw_stdout()
            tty = bool(getattr(out, "isatty", lambda: False)())
            Console(file=out, width=None if tty else 120, no_color=not tty).print(table)
        else:
            user = cli_user(options["as_user"])
            token = token_revoke(user=user, prefix=options["prefix"].strip())
            self.stdout.write(f"revoked token {token.prefix}")
