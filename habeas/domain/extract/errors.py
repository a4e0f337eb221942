"""The one exception type the extract package lets escape."""

from __future__ import annotations


class ExtractionError(Exception):
    """A file could not be turned into text; ``str(err)`` is a reason fit to show a reviewer."""


class BudgetExceededError(ExtractionError):
    """The file needs more work than a document may take (too many pages, OCR ran too long).
    Nothing of the file is returned, so no half-read document is stored."""
