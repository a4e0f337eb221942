"""The web process imports every view before its first request and freezes what it loaded."""

from __future__ import annotations

import gc
import logging
import sys
from typing import Any

import pytest
from django.template import engines

from habeas.core.startup import (
    startup_freeze,
    startup_transport_warning,
    startup_warn,
    templates_compile,
)


def test_startup_imports_the_views_and_freezes_them() -> None:
    try:
        frozen = startup_freeze()
        # (Frozen objects may still be freed by reference counting, so the count only shrinks later.)
        assert frozen > 1000 and 0 < gc.get_freeze_count() <= frozen
        assert "habeas.reports.views" in sys.modules and "habeas.linkage.views" in sys.modules
    finally:
        gc.unfreeze()  # the rest of the test run keeps a normal collector


def test_every_template_is_parsed_before_the_first_request(monkeypatch: Any) -> None:
    from pathlib import Path

    import habeas

    ours = list(Path(habeas.__file__).parent.glob("**/templates/**/*.html"))
    engine = engines["django"]
    parsed: list[str] = []
    real = engine.get_template

    def get_template(name: str) -> Any:
        parsed.append(name)
        return real(name)

    monkeypatch.setattr(engine, "get_template", get_template)
    assert templates_compile() == len(parsed) >= len(ours) > 50
    assert "cases/detail.html" in parsed and "documents/tabs/flags.html" in parsed


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
