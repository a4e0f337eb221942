"""Helpers for driving ``habeas`` commands in tests as a user would, with exit codes."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str, **options: Any) -> tuple[int, str, str]:
    """Run a management command; return (exit code, stdout, stderr). CommandError becomes its exit code."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()
