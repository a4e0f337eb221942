"""The OpenAPI document: loads without a login, lists every record kind with its own schemas, and
states the rules the forms enforce."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from habeas.cases.services.kinds import KINDS


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _body_schema(schema: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component: dict[str, Any] = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return component


def test_every_kind_has_its_own_documented_routes(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    seen_bodies = set()
    for slug, kind in KINDS.items():
        collection, item = (
            paths[f"/api/v1/cases/{{ref}}/{slug}"],
            paths[f"/api/v1/cases/{{ref}}/{slug}/{{record_id}}"],
        )
        assert set(collection) == {"get", "post"} and set(item) == {"patch", "delete"}, slug
        create, patch = (
            _body_schema(schema, collection["post"]),
            _body_schema(schema, item["patch"]),
        )
        assert (
            set(create["properties"]) == set(kind.form.base_fields) == set(patch["properties"])
        ), slug
        assert "required" not in patch, f"{slug}: a PATCH body is partial"
        assert create["additionalProperties"] is False
        assert {"201", "400", "403", "404", "409", "422"} <= set(collection["post"]["responses"]), (
            slug
        )
        assert "204" in item["delete"]["responses"]
        seen_bodies.add(create["title"])
    assert len(seen_bodies) == len(KINDS)  # one schema per kind, not a shared dict


def test_bodies_state_the_form_rules(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    task = components["TaskIn"]
    assert task["required"] == ["title"] and task["properties"]["title"]["maxLength"] == 200
    assert components["PartyIn"]["properties"]["custody_status"]["default"] == "unknown"
    assert "in_custody" in components["PartyIn"]["properties"]["custody_status"]["enum"]
    assert components["ClaimIn"]["properties"]["nre_factors"]["items"]["enum"][0] == "MWID"
    assert (
        components["FactAssertionIn"]["properties"]["source_page"]["anyOf"][0]["type"] == "integer"
    )
    intake = components["IntakeIn"]
    assert (
        intake["required"] == ["case", "applicant"]
        and "kind" not in components["ApplicantIn"]["properties"]
    )
    assert components["CaseIn"]["required"] == ["title", "received_on"]


def test_the_rest_of_the_surface_is_documented(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    expected = {
        "/api/v1/cases": {"get", "post"},
        "/api/v1/cases/{ref}": {"get", "patch"},
        "/api/v1/cases/{ref}/transitions": {"get", "post"},
        "/api/v1/cases/{ref}/screening": {"get", "put"},
        "/api/v1/cases/{ref}/votes": {"get", "post"},
        "/api/v1/cases/{ref}/recusals": {"get", "post"},
        "/api/v1/cases/{ref}/team": {"get", "post"},
        "/api/v1/cases/{ref}/team/{username}": {"delete"},
        "/api/v1/cases/{ref}/shares": {"get", "post"},
        "/api/v1/cases/{ref}/shares/{org_code}": {"delete"},
        "/api/v1/people": {"get", "post"},
        "/api/v1/people/{person_id}": {"get", "patch"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
    parameters = {p["name"]: p for p in paths["/api/v1/cases"]["get"]["parameters"]}
    assert set(parameters) == {"stage", "county", "q", "mine", "sort", "page", "page_size"}
    assert parameters["page_size"]["schema"]["maximum"] == 200
    facts = paths["/api/v1/cases/{ref}/facts"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    assert facts["items"]["$ref"].endswith("/FactGroup")
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
