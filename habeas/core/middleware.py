"""Per request: who is acting and from where (for the audit log), and a domain error that escapes a
view shown as a friendly page, never a traceback (views that re-render a form catch it themselves)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from habeas.core.context import acting_from
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.core.refusals import request_refusal_report


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


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotFoundError):
            request_refusal_report(request, exception)
            title = "Not found"
        elif isinstance(exception, PermissionDeniedError):
            title = "Not allowed"
        else:
            title = "That did not work"
        return render(
            request,
            "error.html",
            {"title": title, "error": exception},
            status=exception.status_code,
        )
