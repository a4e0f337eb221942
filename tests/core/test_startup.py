"""The web process imports every view before its first request and freezes what it loaded."""

from __future__ import annotations

import gc
import logging
import sys
from typing import Any

import pytest

from habeas.core.startup import startup_freeze, startup_transport_warning, startup_warn


def test_startup_imports_the_views_and_freezes_them() -> None:
    try:
        frozen = startup_freeze()
        # (Frozen objects may still be freed by reference counting, so the count only shrinks later.)
        assert frozen > 1000 and 0 < gc.get_freeze_count() <= frozen
        assert "habeas.reports.views" in sys.modules and "habeas.linkage.views" in sys.modules
    finally:
        gc.unfreeze()  # the rest of the test run keeps a normal collector


def test_transport_warning_outside_the_local_demo() -> None:
    local = ["127.0.0.1", "localhost"]
    assert startup_transport_warning("", local) is None  # the embedded install / demo
    assert startup_transport_warning("http://localhost:8000", local) is None
    assert startup_transport_warning("https://habeas.example.org", ["habeas.example.org"]) is None
    for site, hosts in (
        ("http://habeas.example.org", ["habeas.example.org"]),
        ("", ["habeas.example.org"]),
        ("", ["*"]),
    ):
        warning = startup_transport_warning(site, hosts)
        assert warning is not None and "https" in warning


def test_wsgi_start_logs_the_warning(caplog: pytest.LogCaptureFixture, settings: Any) -> None:
    settings.HABEAS_SITE_URL = "http://habeas.example.org"
    settings.ALLOWED_HOSTS = ["habeas.example.org"]
    with caplog.at_level(logging.WARNING, logger="habeas.startup"):
        startup_warn()
    assert "not an https address" in caplog.text
