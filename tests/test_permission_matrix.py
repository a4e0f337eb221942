"""Owner / team member / same-org non-member / other organization / auditor over EVERY page and endpoint.

URLs are enumerated from the resolver and the OpenAPI document, so a new page or endpoint is
covered the day it is added. Placeholders are filled from the world's case; the rules:

- anything naming the case (``ref``) or one of its records: outsiders get 404 for every method,
  and nothing is written;
- anything else (lists, search, people, dashboards): outsiders may get a page, but it never
  contains the case reference or the applicant's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from habeas.accounts.roles import AUDIT_ROLES
from habeas.accounts.services import token_create
from habeas.cases.models import EvidenceItem, Person, PersonRole, ScreeningCriterion
from habeas.cases.services.children import case_child_create
from habeas.cases.services.kinds import KINDS
from habeas.cases.services.workflow import case_transition, screening_answers_set
from habeas.documents.models import ElementFlag, Mention
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_bytes, pdf_bytes

SECRET_MARKERS = ("Rivera",)  # the world case's applicant surname; the ref is added per test


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def web_routes() -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "static/")) or route.startswith("^"):
            continue
        if "logout" in route:  # would end the session the rest of the matrix runs in
            continue
        routes.append("/" + route)
    return sorted(set(routes))


def _fill(route: str, values: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        return values.get(name, values["default"])

    return re.sub(
        r"<([^>]+)>", sub, re.sub(r"\{([^}]+)\}", lambda m: "<" + m.group(1) + ">", route)
    )


def _snapshot() -> dict[str, int]:
    """Row counts of case data. (Outsiders may legitimately create their own tokens or letter templates.)"""
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in ("cases", "documents", "deadlines"):
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.fixture
def values(world: World) -> dict[str, str]:
    item = case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="evidence",
        data={"description": "Jacket"},
    )
    detective = Person.objects.create(
        organization=world.org_a, first_name="Ana", last_name="Keller", badge_number="4411"
    )
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="people",
        data={"person": detective.pk, "role": PersonRole.DETECTIVE},
    )
    assert isinstance(item, EvidenceItem)
    document = ingest_bytes(
        world.owner, world.case, "report.pdf", pdf_bytes([REPORT])
    )  # a PDF: its pages have images
    # Accepted at screening, so the case's acceptance letter exists (a letter that does not fit the
    # case answers 409).
    case_transition(actor=world.owner, case_ref=world.case.ref, target="screening", reason="In")
    keys = ScreeningCriterion.objects.filter(organization=world.org_a).values_list("key", flat=True)
    screening_answers_set(
        actor=world.owner, case_ref=world.case.ref, answers=dict.fromkeys(keys, ("yes", ""))
    )
    case_transition(
        actor=world.owner,
        case_ref=world.case.ref,
        target="record_gathering",
        reason="Meets the criteria",
        reason_code="meets_criteria",
    )
    flag = ElementFlag.objects.filter(case=world.case).first()
    mention = Mention.objects.filter(case=world.case).first()
    assert flag is not None and mention is not None
    return {
        "document_id": str(document.pk),
        "number": "1",
        "flag_id": str(flag.pk),
        "mention_id": str(mention.pk),
        "ref": world.case.ref,
        "kind": "accept",
        "slug": "evidence",
        "kind_slug": "evidence",
        "pk": str(item.pk),
        "id": str(item.pk),
        "item_id": str(item.pk),
        "person_id": str(detective.pk),
        "username": "member",
        "org_code": "exip",
        "prefix": "deadbeef",
        "name": "overview",
        "tab": "overview",
        "default": "1",
    }


def _case_scoped(route: str) -> bool:
    return "<ref>" in route or "{ref}" in route or "<str:ref>" in route


def _person_scoped(route: str) -> bool:
    return "person" in route and ("<int:" in route or "{" in route or "<" in route)


def test_every_web_page_hides_the_case_from_outsiders(
    world: World, values: dict[str, str], client_for: Any
) -> None:
    routes = web_routes()
    assert any(_case_scoped(r) for r in routes), routes
    markers = (*SECRET_MARKERS, world.case.ref)
    for user in (world.outsider, world.nonmember):
        client: Client = client_for(user)
        before = _snapshot()
        for route in routes:
            url = _fill(route, values)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = response.content.decode(errors="replace")
                if _case_scoped(route):
                    # 405 (wrong method) is decided before the case is looked up, so it reveals nothing.
                    assert response.status_code in (404, 405), (
                        f"{user.username} {method.upper()} {url} -> {response.status_code}"
                    )
                else:
                    assert not any(m in body for m in markers), (
                        f"{user.username} {method.upper()} {url} leaks the case"
                    )
        assert _snapshot() == before, f"{user.username} changed data"


def test_team_and_auditor_can_read_every_case_page(
    world: World, values: dict[str, str], client_for: Any
) -> None:
    for user in (world.owner, world.member, world.auditor, world.admin):
        client: Client = client_for(user)
        for route in web_routes():
            if not _case_scoped(route) or route.rstrip("/").endswith(
                ("delete", "revoke", "remove")
            ):
                continue
            url = _fill(route, values)
            response = client.get(url)
            # POST-only endpoints answer 405 to GET; the audit trail is for admins and auditors only.
            allowed = {200, 302, 405} | (
                {403} if route.startswith("/audit/") and user.role not in AUDIT_ROLES else set()
            )
            assert response.status_code in allowed, (
                f"{user.username} GET {url} -> {response.status_code}"
            )


def test_auditor_cannot_write_through_any_case_page(
    world: World, values: dict[str, str], client_for: Any
) -> None:
    client: Client = client_for(world.auditor)
    before = _snapshot()
    for route in web_routes():
        if _case_scoped(route):
            client.post(
                _fill(route, values),
                {"title": "changed", "body": "x", "description": "x", "reason": "x"},
            )
    assert _snapshot() == before


def api_operations(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _api(client: Client, method: str, url: str, token: str) -> Any:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method in {"POST", "PUT", "PATCH"}:
        kwargs.update(data="{}", content_type="application/json")
    return getattr(client, method.lower())(url, **kwargs)


def test_every_api_endpoint_hides_the_case_from_outsiders(
    world: World, values: dict[str, str]
) -> None:
    client = Client()
    operations = api_operations(client)
    assert any("{ref}" in path for _, path in operations)
    markers = (*SECRET_MARKERS, world.case.ref)
    for user in (world.outsider, world.nonmember):
        _, token = token_create(user=user)
        before = _snapshot()
        for method, path in operations:
            url = _fill(path, values)
            response = _api(client, method, url, token)
            if _case_scoped(path):
                assert response.status_code in (404, 422), (
                    f"{user.username} {method} {url} -> {response.status_code}"
                )
                if (
                    response.status_code == 422
                ):  # body validated first: must not reveal anything either
                    assert not any(m in response.content.decode() for m in markers)
            else:
                assert not any(m in response.content.decode() for m in markers), (
                    f"{method} {url} leaks the case"
                )
        assert _snapshot() == before, f"{user.username} changed case data"


def test_every_api_read_works_for_the_team(world: World, values: dict[str, str]) -> None:
    client = Client()
    for user in (world.owner, world.member, world.auditor):
        _, token = token_create(user=user)
        for method, path in api_operations(client):
            if method != "GET" or not _case_scoped(path):
                continue
            response = _api(client, method, _fill(path, values), token)
            assert response.status_code == 200, (
                f"{user.username} GET {path} -> {response.status_code}: {response.content[:200]!r}"
            )


def test_every_record_kind_is_reachable_in_the_api(client: Client) -> None:
    paths = {path for _, path in api_operations(client)}
    for slug in KINDS:
        assert any(f"/{slug}" in p for p in paths), f"no API route for record kind {slug}"
