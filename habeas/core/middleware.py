"""Per request: who is acting and from where (for the audit log), and a domain error that escapes a
view shown as a friendly page, never a traceback (views that re-render a form catch it themselves)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
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


class QueryTextMiddleware:
    """A NUL character in the query string is refused with a sentence (400 on a page, 422 from the
    API): no database stores one (PostgreSQL refuses it outright), so a search for it could only
    fail deeper down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = [key for key, value in request.GET.items() if "\x00" in key or "\x00" in value]
        if bad:
            message = "The address contains a NUL character, which cannot be searched for."
            if request.path.startswith("/api/"):
                # A query parameter the API cannot take: its validation answer, 422 (documented
                # on every operation), in the API's error shape, naming the parameters.
                fields = {
                    key.replace("\x00", "") or "query": ["Contains a NUL character."] for key in bad
                }
                return JsonResponse(ApplicationError(message, fields).as_dict(), status=422)
            context = {"title": "That did not work", "error": ApplicationError(message)}
            return render(request, "error.html", context, status=400)
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


# No inline script, no eval, nothing from elsewhere. Inline styles stay forbidden too: htmx's own
# indicator <style> is switched off in base.html (htmx-config) and its rules live in app.css.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


# Letters and the case packet are self-contained documents (one template for the browser and for
# WeasyPrint's PDF, which reads no static files), so their rules sit in a <style> element; the
# letter editor shows such a letter in a sandboxed srcdoc frame, which inherits its page's policy.
# Scripts stay as strict as everywhere else.
DOCUMENT_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


def inline_styles_allowed(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For views answering with a self-contained document: its <style> element may apply."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCUMENT_CONTENT_SECURITY_POLICY
        return response

    return wrapped


class ResponseHygieneMiddleware:
    """Every response gets the Content-Security-Policy. Case data must not stay in a browser's or
    proxy's cache after logout: every response to a signed-in user (pages, fragments, page images,
    downloads) and every API response is ``no-store``. Static files never get here (WhiteNoise
    answers them first), so they stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)  # the API's token auth sets it inside the view
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
            del response["Expires"]
        return response
