"""``habeas serve [--host H] [--port P]``: the web app on Django's server (whitenoise serves static).

Meant for the embedded single-machine install and the demo; a public deployment puts a real WSGI
server and TLS in front.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand


def static_collected() -> bool:
    root = Path(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
    return root is not None and root.is_dir() and any(root.iterdir())


class Command(HabeasCommand):
    help = "Serve the web app: `serve [--host 127.0.0.1] [--port 8000]`."
    requires_system_checks = []  # runserver runs them

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"].strip(), options["port"]
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:  # noqa: S104
            self.stderr.write(f"note: {host} is not in HABEAS_ALLOWED_HOSTS; requests naming it will be refused")
        if not static_collected():
            call_command("collectstatic", interactive=False, verbosity=0)
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(f"Habeas at http://{address}/  (Ctrl-C to stop)")
        call_command("runserver", address, use_reloader=False, skip_checks=False)
