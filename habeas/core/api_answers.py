"""Every answer under /api/ is JSON: Django's own error pages (CSRF failure, method not allowed,
server error) are HTML, so this middleware rewrites any non-JSON 4xx/5xx answer there into the
API's error shape ``{"detail", "fields"}``, keeping the status and the ``Allow`` header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

API_PREFIX = "/api/"
_DETAIL = {
    400: "The request could not be read.",
    403: "Refused: this request is not allowed (a browser session must send its CSRF token).",
    404: "No such API endpoint. See /api/v1/openapi.json.",
    405: "This method is not allowed here; the Allow header lists those that are.",
    413: "The request is too large.",
    500: "Something went wrong on the server; the request was not completed.",
}

_KEPT_HEADERS = ("Allow", "Cache-Control", "Content-Security-Policy")


def api_error_json(status: int) -> JsonResponse:
    detail = _DETAIL.get(status, "The request could not be completed.")
    return JsonResponse({"detail": detail, "fields": {}}, status=status)


class ApiJsonAnswersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not str(response.get("Content-Type", "")).startswith("application/json")
        ):
            answer: HttpResponse = api_error_json(response.status_code)
            # The inner middlewares already set the method list and the no-store/CSP headers.
            for header in _KEPT_HEADERS:
                if response.has_header(header):
                    answer[header] = response[header]
            return answer
        return response
