"""``habeas serve [--host H] [--port P] [--web-workers N] [--threads N] [--keep-alive S] [--no-worker]``: the web app on
gunicorn (worker processes × threads; whitenoise serves static), with one background worker for
document processing, both supervised.

The background worker is restarted when it dies (after 1, 2, 4 … up to 30 s when it keeps dying),
and runs at a lower CPU priority so OCR does not slow the pages. SIGTERM or Ctrl-C stops gracefully:
gunicorn stops accepting and finishes the requests in flight, the worker finishes or gives up its
job, and serve exits 0. A public deployment puts TLS in front (a reverse proxy).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand
from habeas.core.startup import startup_transport_warning
from habeas.core.supervisor import Child, Supervisor

GRACEFUL_TIMEOUT_S = 30
WEB_WORKERS_DEFAULT = min(8, 2 * (os.cpu_count() or 1))
WORKER_NICENESS = 10
KEEP_ALIVE_DEFAULT = 0  # close each connection: see --keep-alive


def static_collected() -> bool:
    root = Path(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
    return root is not None and root.is_dir() and any(root.iterdir())


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def web_argv(
    address: str, web_workers: int, threads: int, keep_alive: int = KEEP_ALIVE_DEFAULT
) -> list[str]:
    # gunicorn's gthread worker accepts up to --worker-connections (1,000) connections while its
    # threads are busy and queues them itself, so one process can hold half the clients while
    # another idles. Taking only as many as it has threads leaves the rest in the kernel's accept
    # queue, where the next free process picks each up. Kept-alive idle connections would hold
    # those few places, so the cap applies when connections are closed after each response.
    connections = ["--worker-connections", str(threads)] if keep_alive == 0 else []
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        address,
        "--workers",
        str(web_workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        *connections,
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT_S),
        "--timeout",
        "120",  # a big upload or packet PDF; a hung worker is still replaced
        "--keep-alive",
        str(keep_alive),
        "--log-level",
        "warning",
        # Load the app (and its frozen, warmed-up objects) once in the master before forking: the
        # workers share those pages and none pays the first-request imports and template parsing.
        "--preload",
        "habeas.wsgi:application",
    ]


class Command(HabeasCommand):
    help = "Serve the web app: `serve [--host 127.0.0.1] [--port 8000] [--web-workers N] [--threads 1] [--no-worker]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        # Pages are CPU-bound Python: threads of one process queue on its interpreter lock, so
        # single-threaded processes, two per core, served 20 clients faster (bench/load.py: 61-72
        # requests/s, p95 420-540 ms during an OCR ingest) than 2 processes x 4 threads (40-46, p95
        # 710-1,300 ms).
        parser.add_argument(
            "--web-workers",
            type=int,
            default=WEB_WORKERS_DEFAULT,
            help=f"Web server processes (default two per core: {WEB_WORKERS_DEFAULT})",
        )
        parser.add_argument(
            "--threads", type=int, default=1, help="Threads per web process (default 1)"
        )
        # A kept-alive connection stays with the web process that accepted it. Closing each one
        # (0), with each process taking only as many connections as it has threads, sends every
        # request to whichever process is free: bench/load.py, 20 clients during an OCR ingest,
        # 43-55 requests/s and p95 680-830 ms with 2 s against 95 requests/s and p95 260 ms so.
        # Behind a reverse proxy (TLS) the browser's connection is kept alive by the proxy.
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=KEEP_ALIVE_DEFAULT,
            help=f"Seconds an idle connection is kept open (default {KEEP_ALIVE_DEFAULT}; 0 closes it after each response)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background worker alongside"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"].strip(), options["port"]
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        if not 1 <= options["web_workers"] <= 64 or not 1 <= options["threads"] <= 256:
            raise CommandError("--web-workers must be 1-64 and --threads 1-256")
        if not 0 <= options["keep_alive"] <= 300:
            raise CommandError("--keep-alive must be 0-300 seconds")
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:  # noqa: S104
            self.stderr.write(
                f"note: {host} is not in HABEAS_ALLOWED_HOSTS; requests naming it will be refused"
            )
        warning = startup_transport_warning(settings.HABEAS_SITE_URL, list(settings.ALLOWED_HOSTS))
        if warning:
            self.stderr.write(f"warning: {warning}")
        if not port_free(host, port):
            raise CommandError(f"port {port} on {host} is in use (is Habeas already running?)")
        if not static_collected():
            call_command("collectstatic", interactive=False, verbosity=0)
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        # The children read the same settings module and data directory as this command.
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        children = [
            Child(
                "the web server",
                web_argv(
                    address, options["web_workers"], options["threads"], options["keep_alive"]
                ),
                restart=False,  # gunicorn's master restarts its own web workers
                stop_timeout_s=GRACEFUL_TIMEOUT_S + 5,
                env=env,
            )
        ]
        if not options["no_worker"]:
            children.append(
                Child(
                    "the background worker",
                    [sys.executable, "-m", "habeas.cli", "worker"],
                    restart=True,
                    stop_timeout_s=10,
                    niceness=WORKER_NICENESS,
                    env=env,
                )
            )
        supervisor = Supervisor(children, log=lambda line: self.stderr.write(line))
        previous = {
            signum: signal.signal(signum, supervisor.request_stop)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(
            f"Habeas at http://{address}/  (Ctrl-C to stop)"
            f"{'; background worker running' if len(children) > 1 else ''}"
        )
        self.stdout.flush()
        try:
            code = supervisor.run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if code:
            raise CommandError("the web server stopped; see the messages above")
        self.stdout.write("Habeas stopped")
