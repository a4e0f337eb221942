"""Limits on uploaded files, checked before anything is stored (shared by the web form and the API)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from habeas.core.errors import ApplicationError

MAX_FILES_PER_REQUEST = 500


def upload_check(files: Sequence[UploadedFile]) -> None:
    if not files:
        raise ApplicationError("Choose at least one file.", {"files": ["No file was sent."]})
    if len(files) > MAX_FILES_PER_REQUEST:
        raise ApplicationError(f"At most {MAX_FILES_PER_REQUEST} files at once; zip larger sets.", {"files": ["Too many files."]})
    limit = settings.HABEAS_UPLOAD_MAX_BYTES
    too_big = [f.name or "unnamed" for f in files if (f.size or 0) > limit]
    if too_big:
        raise ApplicationError(
            f"Files over {limit // (1024 * 1024)} MB are refused: {', '.join(too_big)}. Use `habeas ingest` for larger files.",
            {"files": [f"{name} is too large." for name in too_big]},
        )
    empty = [f.name or "unnamed" for f in files if not f.size]
    if empty:
        raise ApplicationError(f"Empty files: {', '.join(empty)}.", {"files": [f"{name} is empty." for name in empty]})
