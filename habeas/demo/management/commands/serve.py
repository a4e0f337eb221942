"""``habeas serve [--host H] [--port P] [--no-worker]``: the web app on Django's server (whitenoise
serves static), with one background worker process for document processing.

Meant for the embedded single-machine install and the demo; a public deployment puts a real WSGI
server and TLS in front and runs `habeas worker` processes separately.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand
from habeas.core.startup import startup_transport_warning


def static_collected() -> bool:
    root = Path(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
    return root is not None and root.is_dir() and any(root.iterdir())


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(HabeasCommand):
    help = "Serve the web app: `serve [--host 127.0.0.1] [--port 8000] [--no-worker]`."
    requires_system_checks = []  # runserver runs them

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background worker alongside"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"].strip(), options["port"]
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:  # noqa: S104
            self.stderr.write(
                f"note: {host} is not in HABEAS_ALLOWED_HOSTS; requests naming it will be refused"
            )
        warning = startup_transport_warning(settings.HABEAS_SITE_URL, list(settings.ALLOWED_HOSTS))
        if warning:
            self.stderr.write(f"warning: {warning}")
        if not static_collected():
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not options["no_worker"]:
            # A separate process: OCR and indexing never slow the web server's requests.
            worker = subprocess.Popen([sys.executable, "-m", "habeas.cli", "worker"])  # noqa: S603 - our own command
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(
            f"Habeas at http://{address}/  (Ctrl-C to stop){'; background worker running' if worker else ''}"
        )
        # SIGTERM (a service manager, `kill`, a container stop) would end this process without
        # running the finally below and leave the worker running: make it unwind like Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            call_command("runserver", address, use_reloader=False, skip_checks=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:  # stuck in a long page: do not leave it behind
                    worker.kill()
