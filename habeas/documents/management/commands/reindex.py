"""``habeas reindex``: rebuild the full-text page index from the database (the source of truth)."""

from __future__ import annotations

import time
from typing import Any

from habeas.core.command import HabeasCommand
from habeas.documents.services.maintenance import reindex_all


class Command(HabeasCommand):
    help = "Rebuild the full-text page index from the database."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        count = reindex_all()
        self.stdout.write(f"indexed {count:,} pages in {time.perf_counter() - start:.1f} s")
