"""What a long-running web process does once, before its first request."""

from __future__ import annotations

import gc


def startup_freeze() -> int:
    """Import every view (Django imports the URLconf, and with it most of the app and its libraries,
    only on the first request), then move all of that out of the garbage collector's reach: it lives
    as long as the process. A full collection during a request then scans that request's objects
    only; with ~350,000 long-lived objects each full pass cost ~100-150 ms on the 100,000-case
    dashboard (bench/reports.py). Returns how many objects were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
