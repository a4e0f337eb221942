"""Domain errors that escape a web view become a friendly page, never a traceback.

Views that re-render a form catch ApplicationError themselves; this is the backstop.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotFoundError):
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
