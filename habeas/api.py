"""REST API root: /api/v1/, OpenAPI at /api/v1/openapi.json.

Auth is a bearer token (``Authorization: Bearer hab_…``) or the browser session (with CSRF).
Domain errors become JSON ``{"detail": ..., "fields": {...}}`` with the right 4xx status here, once.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, SessionAuth

from habeas.accounts.apis import router as accounts_router
from habeas.accounts.models import User
from habeas.accounts.selectors import two_factor_required, user_from_token
from habeas.administration.apis import router as audit_router
from habeas.cases.apis import case_filters_router, people_router
from habeas.cases.apis import router as cases_router
from habeas.core.api import ErrorOut
from habeas.core.api_answers import api_error_json
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.core.refusals import request_refusal_report
from habeas.credibility.apis import cases_router as credibility_cases_router
from habeas.credibility.apis import router as credibility_router
from habeas.deadlines.apis import deadlines_router
from habeas.deadlines.apis import router as deadlines_cases_router
from habeas.disclosure.apis import router as disclosure_router
from habeas.documents.apis import router as documents_router
from habeas.documents.apis import search_router
from habeas.letters.apis import router as letters_router
from habeas.linkage.apis import router as linking_router
from habeas.outcomes.apis import compensation_router
from habeas.outcomes.apis import router as outcomes_router
from habeas.systemic.apis import router as systemic_router


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_from_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, but only once two-factor is satisfied where it is required."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and two_factor_required(user) and not user.is_verified():
            return None
        return user


class HabeasAPI(NinjaAPI):
    """The error answers that the handlers below give for any operation are in its OpenAPI entry:
    401 (no or a bad token) and 422 (a parameter or body of the wrong shape) everywhere, 404 where
    the path names something, 400 where a body that is not JSON can be sent. Codes an operation
    answers for its own reasons it lists itself."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].setdefault(
            "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema["paths"].items():
            codes = ("401", "404", "422") if "{" in path else ("401", "422")
            for operation in operations.values():
                for code in (*codes, "400") if "requestBody" in operation else codes:
                    operation["responses"].setdefault(
                        code, {"description": HTTPStatus(int(code)).phrase, "content": error}
                    )
        return schema


api = HabeasAPI(
    title="Habeas API",
    version="1",
    urls_namespace="api",
    auth=[BearerTokenAuth(), VerifiedSessionAuth()],
    docs_url=None,  # the bundled Swagger page loads its scripts from a CDN; serve only the JSON
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    if isinstance(exc, NotFoundError):
        request_refusal_report(request, exc)
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        ]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "invalid")))
    return api.create_response(
        request, {"detail": "Request body or parameters are invalid.", "fields": fields}, status=422
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own 4xx answers (e.g. a body that is not JSON) in our shape, with a useful message."""
    detail = (
        "The request body could not be read: send valid JSON."
        if "parse request body" in exc.message
        else exc.message
    )
    return api.create_response(
        request, {"detail": detail, "fields": {"__all__": [exc.message]}}, status=exc.status_code
    )


@csrf_exempt  # it only says "no such endpoint": any method gets that 404, never a CSRF page
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/ answer in JSON too, never with the HTML error page."""
    return api_error_json(404)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Authentication required: send Authorization: Bearer <token>."},
        status=401,
    )


# Every feature's router, under /api/v1 (one OpenAPI document for all of them).
api.add_router("/cases", cases_router)
api.add_router("/cases", documents_router)
api.add_router("/cases", disclosure_router)
api.add_router("/search", search_router)
api.add_router("/cases", deadlines_cases_router)
api.add_router("/deadlines", deadlines_router)
api.add_router("/cases", outcomes_router)
api.add_router("/compensation", compensation_router)
api.add_router("", systemic_router)
api.add_router("", linking_router)
api.add_router("/credibility", credibility_router)
api.add_router("/cases", credibility_cases_router)
api.add_router("/people", people_router)
api.add_router("/case-filters", case_filters_router)
api.add_router("/letters", letters_router)
api.add_router("/audit", audit_router)
api.add_router("/me", accounts_router)
