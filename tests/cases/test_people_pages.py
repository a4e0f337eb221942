"""People of the organization: list, search, create, their page, and linking them to a case."""

from __future__ import annotations

from typing import Any

from habeas.cases.models import CasePerson, Person
from habeas.cases.services.children import case_child_create
from habeas.cases.services.intake import case_intake
from tests.clients import htmx
from tests.conftest import World, intake_payload


def _detective(world: World, last: str = "Keller", badge: str = "4411") -> Person:
    return Person.objects.create(
        organization=world.org_a,
        first_name="Ana",
        last_name=last,
        badge_number=badge,
        agency="LASD",
    )


def test_people_list_searches_and_creates_in_own_organization(
    world: World, client_for: Any
) -> None:
    _detective(world)
    Person.objects.create(organization=world.org_b, last_name="Elsewhere")
    client = client_for(world.member)
    body = client.get("/cases/people/?q=kell").content.decode()
    assert "Keller, Ana" in body and "Elsewhere" not in body
    assert "Keller" in client.get("/cases/people/?q=4411").content.decode()  # badge number
    partial = client.get("/cases/people/?q=kell", **htmx("people-results")).content.decode()
    assert "<html" not in partial and "Keller, Ana" in partial
    bad = client.post("/cases/people/", {"first_name": "No", "last_name": ""})
    assert bad.status_code == 400 and "This field is required." in bad.content.decode()
    created = client.post(
        "/cases/people/",
        {"first_name": "Dale", "last_name": "Hurst", "badge_number": "77", "agency": "LAPD"},
    )
    person = Person.objects.get(last_name="Hurst")
    assert created.status_code == 302 and created["Location"] == f"/cases/people/{person.pk}/"
    assert person.organization == world.org_a
    assert (
        client_for(world.auditor).post("/cases/people/", {"last_name": "Nope"}).status_code == 403
    )


def test_person_page_lists_only_cases_the_user_may_see(world: World, client_for: Any) -> None:
    person = _detective(world)
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="people",
        data={"person": person.pk, "role": "detective", "badge_number": "4411"},
    )
    payload = intake_payload(docket="HIDDEN-1", title="People v. Hidden")
    hidden = case_intake(actor=world.admin, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    case_child_create(
        actor=world.admin,
        case_ref=hidden.ref,
        kind_slug="people",
        data={"person": person.pk, "role": "detective"},
    )
    member_page = client_for(world.member).get(f"/cases/people/{person.pk}/").content.decode()
    assert (
        world.case.ref in member_page
        and hidden.ref not in member_page
        and "People v. Hidden" not in member_page
    )
    admin_page = client_for(world.admin).get(f"/cases/people/{person.pk}/").content.decode()
    assert world.case.ref in admin_page and hidden.ref in admin_page
    nonmember_page = client_for(world.nonmember).get(f"/cases/people/{person.pk}/").content.decode()
    assert (
        "No appearances in cases you may see." in nonmember_page
        and world.case.ref not in nonmember_page
    )
    assert client_for(world.outsider).get(f"/cases/people/{person.pk}/").status_code == 404


def test_person_can_be_edited_by_writers_only(world: World, client_for: Any) -> None:
    person = _detective(world)
    response = client_for(world.member).post(
        f"/cases/people/{person.pk}/",
        {"first_name": "Ana", "last_name": "Keller-Ruiz", "badge_number": "4411"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Keller-Ruiz"
    assert (
        client_for(world.auditor)
        .post(f"/cases/people/{person.pk}/", {"last_name": "X"})
        .status_code
        == 403
    )
    assert (
        client_for(world.outsider)
        .post(f"/cases/people/{person.pk}/", {"last_name": "X"})
        .status_code
        == 404
    )


def test_link_an_existing_person_found_by_search(world: World, client_for: Any) -> None:
    person = _detective(world)
    _detective(world, last="Kessler", badge="999")
    client = client_for(world.member)
    options = client.get(
        f"/cases/{world.case.ref}/people/search/?person_q=kel", **htmx("people-new-person")
    ).content.decode()
    assert (
        f'<option value="{person.pk}">Keller, Ana' in options
        and "Kessler" not in options
        and "1 match" in options
    )
    # Without JavaScript the search reloads the tab with the select narrowed.
    plain = client.get(f"/cases/{world.case.ref}/people/search/?person_q=kel")
    page = client.get(plain["Location"]).content.decode()
    select = page[
        page.index('id="people-new-person"') : page.index(
            "</select>", page.index('id="people-new-person"')
        )
    ]
    assert "Keller, Ana" in select and "Kessler" not in select
    linked = client.post(
        f"/cases/{world.case.ref}/records/people/",
        {"person": str(person.pk), "role": "detective", "badge_number": "4411"},
        **htmx("section-people"),
    )
    body = linked.content.decode()
    assert (
        linked.status_code == 200
        and f'href="/cases/people/{person.pk}/"' in body
        and "Detective" in body
    )
    assert CasePerson.objects.get(case=world.case).person == person


def test_create_a_person_and_link_them_in_one_step(world: World, client_for: Any) -> None:
    ref = world.case.ref
    client = client_for(world.member)
    missing_role = client.post(
        f"/cases/{ref}/people/new/", {"first_name": "Rosa", "last_name": "Quintero"}
    )
    assert missing_role.status_code == 400 and "Choose a role." in missing_role.content.decode()
    assert not Person.objects.filter(last_name="Quintero").exists()
    done = client.post(
        f"/cases/{ref}/people/new/",
        {"first_name": "Rosa", "last_name": "Quintero", "role": "eyewitness"},
        follow=True,
    )
    assert "Rosa Quintero added to the organization" in done.content.decode()
    link = CasePerson.objects.get(case=world.case)
    assert (
        link.person.last_name == "Quintero"
        and link.person.organization == world.org_a
        and link.role == "eyewitness"
    )
    # Outsiders and read-only users create nothing, not even the person.
    before = Person.objects.count()
    assert (
        client_for(world.outsider)
        .post(f"/cases/{ref}/people/new/", {"last_name": "Sneaky", "role": "eyewitness"})
        .status_code
        == 404
    )
    assert (
        client_for(world.auditor)
        .post(f"/cases/{ref}/people/new/", {"last_name": "Sneaky", "role": "eyewitness"})
        .status_code
        == 403
    )
    assert Person.objects.count() == before
