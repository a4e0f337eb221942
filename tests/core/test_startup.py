"""The web process imports every view before its first request and freezes what it loaded."""

from __future__ import annotations

import gc
import sys

from habeas.core.startup import startup_freeze


def test_startup_imports_the_views_and_freezes_them() -> None:
    try:
        frozen = startup_freeze()
        # (Frozen objects may still be freed by reference counting, so the count only shrinks later.)
        assert frozen > 1000 and 0 < gc.get_freeze_count() <= frozen
        assert "habeas.reports.views" in sys.modules and "habeas.linkage.views" in sys.modules
    finally:
        gc.unfreeze()  # the rest of the test run keeps a normal collector
