"""Limits on uploaded files, checked before anything is stored (shared by the web form and the API)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile

from habeas.core.errors import ApplicationError

MAX_FILES_PER_REQUEST = 500


def upload_check(files: Sequence[UploadedFile]) -> None:
    if not files:
        raise ApplicationError("Choose at least one file.", {"files": ["No file was sent."]})
    if len(files) > MAX_FILES_PER_REQUEST:
        raise ApplicationError(
            f"At most {MAX_FILES_PER_REQUEST} files at once; zip larger sets.",
            {"files": ["Too many files."]},
        )
    # Per-file limits (size, empty files) are checked as each file is stored, so one bad file does
    # not refuse the rest of the batch (services/ingest.py).
