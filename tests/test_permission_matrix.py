"""Owner / team member / same-org non-member / other organization / auditor over EVERY page and endpoint.

URLs are enumerated from the resolver and the OpenAPI document, so a new page or endpoint is
covered the day it is added. Placeholders are filled from the world's case; the rules:

- anything naming the case (``ref``) or one of its records: outsiders get 404 for every method,
  and nothing is written;
- anything else (lists, search, people, dashboards): outsiders may get a page, but it never
  contains the case reference or the applicant's name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from habeas.accounts.models import User
from habeas.accounts.roles import AUDIT_ROLES
from habeas.accounts.services import token_create
from habeas.cases.models import CasePerson, EvidenceItem, Person, PersonRole, ScreeningCriterion
from habeas.cases.services.children import case_child_create
from habeas.cases.services.kinds import KINDS
from habeas.cases.services.saved_filters import case_filter_save
from habeas.cases.services.team import case_share_grant, team_member_add
from habeas.cases.services.workflow import case_transition, screening_answers_set
from habeas.credibility.models import CredibilityAlert
from habeas.credibility.services.registry import finding_add, official_create
from habeas.disclosure.models import PrivilegeLogEntry
from habeas.disclosure.services.productions import (
    production_build,
    production_create,
    production_documents_add,
)
from habeas.disclosure.services.redactions import redaction_add
from habeas.documents.models import ElementFlag, Mention
from tests.clients import Api
from tests.conftest import World, make_user
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
        if model._meta.app_label in ("cases", "documents", "deadlines", "disclosure"):
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
    # A listed official the case names (Ana Keller, the detective above): an alert to walk.
    official = official_create(
        actor=world.owner, full_name="Ana Keller", kind="detective", badges=["4411"]
    )
    finding = finding_add(
        actor=world.owner, official_id=official.pk, type="perjury", status="listed"
    )
    alert = CredibilityAlert.objects.get(case=world.case, official=official)
    redaction = redaction_add(
        actor=world.owner,
        case_ref=world.case.ref,
        document_id=document.pk,
        reason="work_product",
        text="Dorsey",
    )
    production = production_create(
        actor=world.owner,
        case_ref=world.case.ref,
        name="First set",
        recipient_name="Defense counsel",
        recipient_kind="defense_counsel",
        obligation="brady",
        bates_prefix="CIU",
    )
    production_documents_add(
        actor=world.owner,
        case_ref=world.case.ref,
        production_id=production.pk,
        document_ids=[document.pk],
    )
    production = production_build(
        actor=world.owner, case_ref=world.case.ref, production_id=production.pk
    )
    production.refresh_from_db()
    assert production.status == "built", production.error
    entry = PrivilegeLogEntry.objects.get(redaction=redaction)
    # The owner's own saved list filters: another user's delete of them must answer 404.
    saved_filter = case_filter_save(
        actor=world.owner, name="Screening", params={"stage": "screening"}
    ).saved
    flag = ElementFlag.objects.filter(case=world.case).first()
    mention = Mention.objects.filter(case=world.case).first()
    assert flag is not None and mention is not None
    return {
        "document_id": str(document.pk),
        "official_id": str(official.pk),
        "finding_id": str(finding.pk),
        "alert_id": str(alert.pk),
        "number": "1",
        "flag_id": str(flag.pk),
        "mention_id": str(mention.pk),
        "production_id": str(production.pk),
        "redaction_id": str(redaction.pk),
        "entry_id": str(entry.pk),
        "filter_id": str(saved_filter.pk),
        "fmt": "csv",
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


# --- partner on a shared case -------------------------------------------------------------------
# A user of the organization the case is shared with, on its team (an attorney and an admin): every
# write the sharing table (habeas.cases.permissions.SHARING) keeps with the owner, or limits to the
# partner's own, is refused through the API and the pages alike, and nothing at all changes.

SNAPSHOT_APPS = (
    "cases",
    "documents",
    "deadlines",
    "linking",
    "letters",
    "outcomes",
    "systemic",
    "credibility",
    "disclosure",
)


def _rows_snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every case-related table: a refusal changes neither."""
    result = {}
    for model in apps.get_models():
        if model._meta.app_label not in SNAPSHOT_APPS:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        result[model._meta.label] = (len(rows), digest)
    return result


@pytest.fixture
def partners(world: World, values: dict[str, str]) -> list[User]:
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    partner_admin = make_user("partner_admin", world.org_b, "admin")
    for user in (world.outsider, partner_admin):
        team_member_add(actor=world.owner, case_ref=world.case.ref, username=user.username)
    return [world.outsider, partner_admin]


def _owner_records(world: World, values: dict[str, str]) -> dict[str, str]:
    """A lead and a people link of the owner's, naming a person of the owner's directory."""
    person_id = int(values["person_id"])
    lead = case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="leads",
        data={"person": person_id, "description": "Drove the car"},
    )
    link = CasePerson.objects.get(case=world.case, person_id=person_id)
    return {
        "lead": str(lead.pk),
        "link": str(link.pk),
        "person": str(person_id),
        "production": values["production_id"],
        "document": values["document_id"],
    }


def _partner_api_writes(ref: str, who: str, ids: dict[str, str]) -> list[tuple[str, str, Any, int]]:
    """(method, path, body, the refusal expected): every owner-only or own-only write, with a
    body that would be accepted from the owner. A person id the partner cannot read is refused as
    an unknown one would be (400 on its field)."""
    person = int(ids["person"])
    return [
        ("POST", f"/cases/{ref}/transitions", {"target": "reinvestigation", "reason": "x"}, 403),
        ("PUT", f"/cases/{ref}/screening", {"answers": {}}, 403),
        ("POST", f"/cases/{ref}/votes", {"vote": "support_relief"}, 403),
        ("POST", f"/cases/{ref}/recusals", {"username": "owner", "reason": "x"}, 403),
        ("POST", f"/cases/{ref}/recusals", {"username": who, "reason": "x"}, 403),
        ("POST", f"/cases/{ref}/team", {"username": "nonmember"}, 403),
        ("DELETE", f"/cases/{ref}/team/owner", None, 403),
        ("DELETE", f"/cases/{ref}/team/member", None, 403),
        ("POST", f"/cases/{ref}/shares", {"organization": "exip"}, 403),
        ("DELETE", f"/cases/{ref}/shares/exip", None, 403),
        ("POST", f"/cases/{ref}/people", {"person": person, "role": "officer"}, 400),
        ("PATCH", f"/cases/{ref}/people/{ids['link']}", {"notes": "x"}, 403),
        ("DELETE", f"/cases/{ref}/people/{ids['link']}", None, 403),
        ("POST", f"/cases/{ref}/leads", {"person": person, "description": "x"}, 400),
        ("PATCH", f"/cases/{ref}/leads/{ids['lead']}", {"status": "closed"}, 403),
        ("DELETE", f"/cases/{ref}/leads/{ids['lead']}", None, 403),
        (
            "POST",
            f"/cases/{ref}/resolutions",
            {"kind": "vacated", "occurred_on": "2020-01-02"},
            403,
        ),
        (
            "POST",
            f"/cases/{ref}/productions",
            {
                "name": "x",
                "recipient_name": "x",
                "recipient_kind": "court",
                "obligation": "other",
                "bates_prefix": "X",
            },
            403,
        ),
        ("POST", f"/cases/{ref}/productions/{ids['production']}/build", {}, 403),
        (
            "POST",
            f"/cases/{ref}/productions/{ids['production']}/deliveries",
            {"method": "mail"},
            403,
        ),
        (
            "POST",
            f"/cases/{ref}/redactions",
            {"document_id": int(ids["document"]), "reason": "privacy", "text": "Rivera"},
            403,
        ),
        ("POST", f"/cases/{ref}/redactions/proposals", {"kinds": ["phone"]}, 403),
        ("POST", f"/cases/{ref}/privilege-log", {}, 403),
    ]


def test_partner_on_a_shared_case_cannot_act_as_the_owner_through_the_api(
    world: World, values: dict[str, str], partners: list[User]
) -> None:
    ids = _owner_records(world, values)
    for user in partners:
        api = Api(user)
        for method, path, body, expected in _partner_api_writes(world.case.ref, user.username, ids):
            before = _rows_snapshot()
            response = api.send(method, path, body)
            assert response.status_code == expected, (
                f"{user.username} {method} {path} -> {response.status_code}: {response.content!r}"
            )
            assert "Keller" not in response.content.decode(), f"{method} {path} leaks a name"
            assert _rows_snapshot() == before, f"{user.username} {method} {path} changed data"


def test_partner_on_a_shared_case_cannot_act_as_the_owner_through_the_pages(
    world: World, values: dict[str, str], partners: list[User], client_for: Any
) -> None:
    ids = _owner_records(world, values)
    ref = world.case.ref
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"/cases/{ref}/transition/", {"target": "reinvestigation", "reason": "x"}),
        (f"/cases/{ref}/screening/", {"answer-x": "yes"}),
        (f"/cases/{ref}/vote/", {"vote": "support_relief"}),
        (f"/cases/{ref}/recusal/", {"username": "owner", "reason": "x"}),
        (f"/cases/{ref}/recusal/", {"reason": "x"}),
        (f"/cases/{ref}/team/", {"username": "nonmember", "role": "member"}),
        (f"/cases/{ref}/team/owner/remove/", {}),
        (f"/cases/{ref}/team/member/remove/", {}),
        (f"/cases/{ref}/shares/", {"organization": "exip"}),
        (f"/cases/{ref}/shares/exip/revoke/", {}),
        (f"/cases/{ref}/records/people/", {"person": ids["person"], "role": "officer"}),
        (f"/cases/{ref}/records/people/{ids['link']}/", {"notes": "x", "role": "detective"}),
        (f"/cases/{ref}/records/people/{ids['link']}/delete/", {}),
        (f"/cases/{ref}/records/leads/", {"person": ids["person"], "description": "x"}),
        (f"/cases/{ref}/records/leads/{ids['lead']}/", {"status": "closed"}),
        (f"/cases/{ref}/records/leads/{ids['lead']}/delete/", {}),
        (f"/cases/{ref}/records/resolutions/", {"kind": "vacated", "occurred_on": "2020-01-02"}),
        (f"/cases/{ref}/people/new/", {"last_name": "Newman", "role": "officer"}),
        (
            f"/cases/{ref}/productions/new/",
            {"name": "x", "recipient_name": "x", "recipient_kind": "court", "bates_prefix": "X"},
        ),
        (f"/cases/{ref}/productions/{values['production_id']}/build/", {}),
        (f"/cases/{ref}/productions/{values['production_id']}/deliver/", {"method": "mail"}),
        (
            f"/cases/{ref}/documents/{values['document_id']}/redactions/add/",
            {"text": "Rivera", "reason": "privacy", "scope": "every"},
        ),
    ]
    for user in partners:
        client: Client = client_for(user)
        for url, data in posts:
            before = _rows_snapshot()
            response = client.post(url, data)
            assert response.status_code in (400, 403, 404), (
                f"{user.username} POST {url} -> {response.status_code}"
            )
            assert _rows_snapshot() == before, f"{user.username} POST {url} changed data"


def test_partner_may_still_work_its_side_of_a_shared_case(
    world: World, values: dict[str, str], partners: list[User]
) -> None:
    """The other half of the table: what a partner may do, it can (so the refusals are real)."""
    partner_admin = partners[1]
    api = Api(world.outsider)
    assert (
        api.post(f"/cases/{world.case.ref}/notes", {"body": "Spoke to the witness"}).status_code
        == 201
    )
    assert api.post(f"/cases/{world.case.ref}/leads", {"description": "A car"}).status_code == 201
    assert Api(partner_admin).delete(f"/cases/{world.case.ref}/team/outsider").status_code == 204
