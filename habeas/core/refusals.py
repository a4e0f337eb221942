"""Refused reads: a "not found" answered to a signed-in user (missing, or not theirs to see; the
two look the same on purpose) is reported here by each interface, once, where it becomes a 404
or an error line. The audit app listens (``refusal_listener_register`` in its ``ready``) and logs
a probe without the asked-for object's identity or content: only who, which route, which kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from habeas.core.errors import NotFoundError


@dataclass(frozen=True)
class Refusal:
    user: object | None  # the signed-in user (web, API); None for the CLI, named by username
    username: str
    operation: str  # the route's name ("cases:detail", "api:…"), or the command ("case show")
    kind: str  # "case", "person", ... or "" where the refusing code did not say


RefusalListener = Callable[[Refusal], None]
_listeners: list[RefusalListener] = []


def refusal_listener_register(listener: RefusalListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def refusal_report(refusal: Refusal) -> None:
    for listener in _listeners:
        listener(refusal)


def _route(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    # The route's name (or its pattern with <placeholders>), never the values asked for.
    return str(match.view_name or match.route)


def request_refusal_report(request: HttpRequest, exc: NotFoundError) -> None:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return
    refusal_report(
        Refusal(
            user=user,
            username=str(getattr(user, "username", "")),
            operation=_route(request),
            kind=exc.kind,
        )
    )
