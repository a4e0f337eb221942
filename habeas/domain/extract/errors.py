"""The one exception type the extract package lets escape."""

from __future__ import annotations


class ExtractionError(Exception):
    """A file could not be turned into text; ``str(err)`` is a reason fit to show a reviewer."""
