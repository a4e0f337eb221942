"""What a long-running web process does once, before its first request."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

logger = logging.getLogger("habeas.startup")
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def startup_freeze() -> int:
    """Import every view (Django imports the URLconf, and with it most of the app and its libraries,
    only on the first request) and parse every template, then move all of that out of the garbage collector's reach: it lives
    as long as the process. A full collection during a request then scans that request's objects
    only; with ~350,000 long-lived objects each full pass cost ~100-150 ms on the 100,000-case
    dashboard (bench/reports.py). Returns how many objects were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    templates_compile()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def templates_compile() -> int:
    """Parse every template of the project and its apps into the cached loader, so the first
    request of each page does not pay for it (and forked web workers share the parsed trees)."""
    from django.template import engines
    from django.template.backends.django import DjangoTemplates

    count = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for folder in engine.template_dirs:
            for path in Path(folder).rglob("*.html"):
                engine.get_template(path.relative_to(folder).as_posix())
                count += 1
    return count


def startup_transport_warning(site_url: str, allowed_hosts: list[str]) -> str | None:
    """A warning when this Habeas is reachable beyond this machine without an https site URL: its
    cookies are then not Secure and no HSTS is sent. The local demo (loopback only) is exempt."""
    if urlparse(site_url).scheme == "https":
        return None
    site_host = urlparse(site_url).hostname or ""
    if set(allowed_hosts) <= _LOCAL_HOSTS and (not site_host or site_host in _LOCAL_HOSTS):
        return None
    return (
        "HABEAS_SITE_URL is not an https address: session cookies are not marked Secure and no "
        "HSTS header is sent. Put Habeas behind TLS and set HABEAS_SITE_URL=https://..."
    )


def startup_warn() -> None:
    warning = startup_transport_warning(settings.HABEAS_SITE_URL, list(settings.ALLOWED_HOSTS))
    if warning:
        logger.warning(warning)
