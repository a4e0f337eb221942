"""The ``spark`` marker (Spark local mode: a JVM, slow). Registered here until pyproject lists it."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: runs Spark in local mode (needs Java; slow)")
