from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from habeas.core.context import acting_from


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", ""))


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_from(source, client_address(request)):
            return self.get_response(request)
