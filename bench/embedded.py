"""The embedded default (SQLite under a throw-away data directory) set up for a benchmark: the
settings a fresh `habeas` install would use, migrated, Django ready."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def embedded_setup(data_dir: str, *, index_dir: Path | None = None) -> None:
    os.environ["HABEAS_DATA_DIR"] = data_dir
    if index_dir is not None:
        os.environ["HABEAS_INDEX_DIR"] = str(index_dir)
    os.environ.pop("DATABASE_URL", None)  # the embedded default: SQLite under the data dir
    os.environ.setdefault("HABEAS_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_SETTINGS_MODULE"] = "habeas.settings"
    os.environ["HABEAS_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextmanager
def serve_running(*extra: str) -> Iterator[int]:
    """`habeas serve` (gunicorn and its background worker) on a free loopback port of the set-up
    data directory, accepting connections; stopped gracefully on leaving. Yields the port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    habeas = Path(sys.executable).with_name("habeas")
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(habeas), "serve", "--port", str(port), *extra], stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=60)
