"""Who is acting and from where, for the audit log.

Set by the web middleware per request and by the CLI per command, so services can record the
source address without every call site threading it through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    source: str  # "web", "api", "cli", "system"
    address: str  # client address, or a label such as "cli:hostname"
    # Reads already written to the audit log during this request or command (one row each).
    reads_logged: set[tuple[str, str, str, str]] = field(default_factory=set, compare=False)


_current: ContextVar[RequestContext] = ContextVar(
    "habeas_request_context",
    default=RequestContext(source="system", address=""),  # noqa: B039  (frozen dataclass: immutable)
)


def current_context() -> RequestContext:
    return _current.get()


@contextmanager
def acting_from(source: str, address: str) -> Iterator[None]:
    token = _current.set(RequestContext(source=source, address=address))
    try:
        yield
    finally:
        _current.reset(token)
