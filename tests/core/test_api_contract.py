"""The API keeps its contract where a fuzzer found it broken: bounded pages and dates, strict
booleans and bodies, one shape per schema name, every error code documented, JSON everywhere."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from habeas.accounts.models import ApiToken
from habeas.api import api
from tests.clients import Api
from tests.conftest import World, login

HUGE = str(2**70)


@pytest.mark.parametrize(
    "path",
    [
        "/cases",
        "/people",
        "/linking/review",
        "/audit/events",
        "/search?q=alibi",
    ],
)
def test_a_huge_page_is_a_422_not_a_server_error(path: str, world: World) -> None:
    as_admin = Api(world.admin)
    joiner = "&" if "?" in path else "?"
    r = as_admin.client.get(f"/api/v1{path}{joiner}page={HUGE}", **as_admin.headers)
    assert r.status_code == 422, (path, r.status_code)
    assert "page" in r.json()["fields"]


def test_a_huge_page_of_review_matches_is_a_422(world: World) -> None:
    r = Api(world.admin).get("/reviews/1/matches", page=HUGE)
    assert r.status_code == 422 and "page" in r.json()["fields"]


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["0001-01-01", "1676-12-31", "2263-01-01", "9999-12-31"])
def test_search_dates_outside_the_sane_range_are_refused(
    field: str, day: str, world: World
) -> None:
    r = Api(world.owner).get("/search", q="alibi", **{field: day})
    assert r.status_code == 422
    assert "between 1800-01-01 and 2200-12-31" in r.json()["fields"][field][0]


def test_body_dates_are_bounded_too(world: World) -> None:
    r = Api(world.owner).get(
        "/compensation", jurisdiction="CA", custody_from="1700-01-01", custody_to="2001-01-01"
    )
    assert r.status_code == 422 and "custody_from" in r.json()["fields"]


def test_a_boolean_is_true_or_false_not_zero(world: World) -> None:
    r = Api(world.admin).post(
        "/linking/decisions", {"left_key": "p1", "right_key": "p2", "same": 0}
    )
    assert r.status_code == 422 and "same" in r.json()["fields"]


@pytest.mark.parametrize("body", [[None, None], [], "name", 3])
def test_a_token_needs_an_object_body(body: Any, world: World) -> None:
    r = Api(world.owner).post("/me/tokens", body)
    assert r.status_code in (400, 422)
    assert ApiToken.objects.filter(user=world.owner).count() == 1  # the client's own


def _models(model: Any, seen: set[Any]) -> None:
    if not isinstance(model, type) or not issubclass(model, BaseModel) or model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for arg in _annotation_parts(field.annotation):
            _models(arg, seen)


def _annotation_parts(annotation: Any) -> list[Any]:
    parts = [annotation]
    for arg in getattr(annotation, "__args__", ()):
        parts.extend(_annotation_parts(arg))
    return parts


def test_every_schema_name_is_one_shape() -> None:
    """ninja names a component by its class name: two classes of one name overwrite each other."""
    assert api.urls  # building the URLs binds every router's operations to the API
    seen: set[Any] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models(model, seen)
                for response in operation.response_models.values():
                    _models(response, seen)
    assert len(seen) > 100  # the walk reached the bodies and answers of every router
    names = collections.defaultdict(set)
    for model in seen:
        if model.__module__.startswith("habeas."):
            names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_every_operation_documents_auth_and_validation_errors() -> None:
    schema = Client(HTTP_HOST="localhost").get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "422"} <= set(operation["responses"]), (method, path)
            if "{" in path:
                assert "404" in operation["responses"], (method, path)


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/cases", "/api/whatever"])
def test_a_post_to_an_unknown_api_path_is_json_even_for_a_browser_session(
    path: str, world: World
) -> None:
    client = login(Client(enforce_csrf_checks=True), world.owner)
    r = client.post(path, data="{}", content_type="application/json")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"


def test_a_wrong_method_on_an_api_path_is_json_405(world: World) -> None:
    r = Api(world.owner).send("put", "/cases", {})
    assert r.status_code == 405 and r["Content-Type"] == "application/json"
    assert set(r["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert r.json()["detail"]
    # The JSON rewrite keeps what the inner middlewares said about caching and scripts.
    assert r["Cache-Control"] == "no-store" and "script-src 'self'" in r["Content-Security-Policy"]


def test_file_answers_document_their_content_types() -> None:
    paths = Client(HTTP_HOST="localhost").get("/api/v1/openapi.json").json()["paths"]
    export = paths["/api/v1/reviews/{run_id}/export"]["get"]["responses"]["200"]["content"]
    assert set(export) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    download = paths["/api/v1/cases/{ref}/documents/{document_id}/file"]["get"]["responses"]
    assert set(download["200"]["content"]) == {"*/*"}
