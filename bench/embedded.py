"""The embedded default (SQLite under a throw-away data directory) set up for a benchmark: the
settings a fresh `habeas` install would use, migrated, Django ready."""

from __future__ import annotations

import os
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
