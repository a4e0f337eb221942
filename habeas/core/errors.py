"""Domain errors, translated once for each interface (form errors, 4xx JSON, CLI exit codes)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that the rules refuse. ``fields`` maps a field name to its messages."""

    status_code = 400

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "fields": self.fields}


class NotFoundError(ApplicationError):
    """Missing or not visible to this user: the two are indistinguishable on purpose."""

    status_code = 404

    def __init__(self, message: str = "Not found.", *, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind  # what was asked for ("case", "person"), for the refused-access audit row


class PermissionDeniedError(ApplicationError):
    """Visible, but this user's role may not do this."""

    status_code = 403


class ConflictError(ApplicationError):
    status_code = 409
