"""One error type for the Django-free calculators: ``field`` names the input to fix, so the CLI, the
API and forms can each point at it."""

from __future__ import annotations


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
