"""``habeas createuser USERNAME --org CODE --role ROLE``: add a user, optionally with a new organization."""

from __future__ import annotations

import getpass
import re
import sys
from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from habeas.accounts.models import Organization, User
from habeas.accounts.roles import Role
from habeas.accounts.selectors import organization_by_code, organization_taken
from habeas.accounts.services import organization_create, user_create
from habeas.core.command import HabeasCommand

_ORG_CODE = re.compile(r"[a-z][a-z0-9-]{1,19}")


class Command(HabeasCommand):
    help = "Create a user: `createuser USERNAME --org CODE --role ROLE [--email E] [--password-stdin]`."
    # Lets tests (and scripts through call_command) hand in the password stream.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--org",
            required=True,
            metavar="CODE",
            help="Organization code (the prefix of its case references)",
        )
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of stdin",
        )
        parser.add_argument(
            "--create-org",
            metavar="NAME",
            default="",
            help="Create organization CODE with this name first",
        )
        parser.add_argument(
            "--org-kind",
            choices=[k.value for k in Organization.Kind],
            default="",
            help="Kind of the new organization",
        )
        parser.add_argument(
            "--jurisdiction",
            default="",
            help="For a new organization, e.g. 'Los Angeles County, CA'",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError as exc:
            raise CommandError(f"username: {' '.join(exc.messages)}") from None
        if not username:
            raise CommandError("username: enter a username")
        code = options["org"].strip().lower()
        password = self._password(options)
        with transaction.atomic():  # a refused password must not leave a new organization behind
            org = self._organization(code, options)
            user = user_create(
                username=username,
                password=password,
                organization=org,
                role=options["role"],
                email=options["email"].strip(),
                first_name=options["first_name"].strip(),
                last_name=options["last_name"].strip(),
            )
        note = (
            " (administrators must set up two-factor authentication at first login)"
            if user.role == Role.ADMIN
            else ""
        )
        self.stdout.write(f"created user {user.username} ({user.role}) in {org.code}{note}")

    def _organization(self, code: str, options: dict[str, Any]) -> Organization:
        name = options["create_org"].strip()
        if not name:
            if options["org_kind"]:
                raise CommandError("--org-kind is only used with --create-org NAME")
            org = organization_by_code(code)
            if org is None:
                raise CommandError(
                    f"no organization with code {code!r} (use --create-org NAME --org-kind KIND to create it)"
                )
            return org
        if not options["org_kind"]:
            raise CommandError("--create-org needs --org-kind ciu or innocence_org")
        if not _ORG_CODE.fullmatch(code):
            raise CommandError(
                "organization code: use 2-20 lowercase letters, digits or hyphens, starting with a letter"
            )
        taken = organization_taken(code=code, name=name)
        if taken == "code":
            raise CommandError(
                f"an organization with code {code!r} exists; drop --create-org to add the user to it"
            )
        if taken == "name":
            raise CommandError(f"an organization named {name!r} exists")
        return organization_create(
            name=name,
            code=code,
            kind=options["org_kind"],
            jurisdiction=options["jurisdiction"].strip(),
        )

    def _password(self, options: dict[str, Any]) -> str:
        stdin: TextIO = options.get("stdin") or sys.stdin
        if options["password_stdin"]:
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("no password on stdin")
            return password
        if not stdin.isatty():
            raise CommandError("no terminal to ask for a password: use --password-stdin")
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("cancelled") from None
        if first != second:
            raise CommandError("the passwords do not match")
        return first
