"""The case list: filters, sorting, numbered pages, the htmx table partial and a flat query count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings

from habeas.cases.models import Case
from habeas.cases.services.intake import case_intake
from habeas.cases.services.workflow import case_transition
from tests.clients import htmx
from tests.conftest import World, intake_payload


def _open(world: World, n: int, *, county: str = "Kern", surname: str = "Vance") -> list[Case]:
    cases = []
    for i in range(n):
        payload = intake_payload(
            docket=f"KC-{surname}-{i}",
            title=f"People v. {surname} {i}",
            county=county,
            received_on=f"2023-01-{i + 1:02d}",
        )
        payload["sections"]["applicant"]["last_name"] = f"{surname}{i}"  # type: ignore[index]
        cases.append(
            case_intake(
                actor=world.owner,
                case=payload["case"],  # type: ignore[arg-type]
                sections=payload["sections"],  # type: ignore[arg-type]
            )
        )
    return cases


def refs_in(body: str) -> list[str]:
    return re.findall(r'href="/cases/([A-Z]+-\d{4}-\d{5})/"', body)


def test_filters_by_stage_county_text_and_mine(world: World, client_for: Any) -> None:
    kern = _open(world, 2)
    case_transition(actor=world.owner, case_ref=kern[0].ref, target="screening", reason="Complete")
    client = client_for(world.owner)
    assert set(refs_in(client.get("/cases/").content.decode())) == {
        world.case.ref,
        kern[0].ref,
        kern[1].ref,
    }
    assert refs_in(client.get("/cases/?stage=screening").content.decode()) == [kern[0].ref]
    assert set(refs_in(client.get("/cases/?county=kern").content.decode())) == {
        kern[0].ref,
        kern[1].ref,
    }
    assert refs_in(client.get("/cases/?q=rivera").content.decode()) == [
        world.case.ref
    ]  # applicant name
    assert refs_in(client.get(f"/cases/?q={kern[1].ref}").content.decode()) == [
        kern[1].ref
    ]  # reference
    # The member is on the world case's team only.
    assert refs_in(client_for(world.member).get("/cases/?mine=1").content.decode()) == [
        world.case.ref
    ]
    body = client.get("/cases/?stage=closed").content.decode()
    assert refs_in(body) == [] and "No cases match these filters." in body


def test_sorts_by_reference_received_and_applicant(world: World, client_for: Any) -> None:
    _open(world, 3)
    client = client_for(world.owner)
    by_ref = refs_in(client.get("/cases/?sort=ref").content.decode())
    assert by_ref == sorted(by_ref)
    assert refs_in(client.get("/cases/?sort=-ref").content.decode()) == sorted(by_ref, reverse=True)
    received = [c.ref for c in Case.objects.order_by("-received_on", "-id")]
    assert refs_in(client.get("/cases/").content.decode()) == received
    assert refs_in(client.get("/cases/?sort=received_on").content.decode()) == received[::-1]
    applicants = [c.ref for c in Case.objects.order_by("applicant_name", "id")]
    assert refs_in(client.get("/cases/?sort=applicant").content.decode()) == applicants
    page = client.get("/cases/?sort=ref").content.decode()
    assert 'aria-sort="ascending"' in page  # the sorted column says so to screen readers
    assert client.get("/cases/?sort=bogus&stage=bogus&page=x").status_code == 200


@override_settings(HABEAS_PAGE_SIZE=2)
def test_paginates_with_numbers_and_total(world: World, client_for: Any) -> None:
    _open(world, 6)  # 7 cases, 4 pages
    client = client_for(world.owner)
    first = client.get("/cases/?sort=ref").content.decode()
    assert "7 cases on your team" in first and "page 1 of 4" in first  # staff open on "My cases"
    assert 'aria-current="page"' in first and "page=4" in first
    all_refs = sorted(c.ref for c in Case.objects.all())
    seen = [
        ref
        for n in range(1, 5)
        for ref in refs_in(client.get(f"/cases/?sort=ref&page={n}").content.decode())
    ]
    assert seen == all_refs
    assert (
        refs_in(client.get("/cases/?sort=ref&page=99").content.decode()) == all_refs[-1:]
    )  # last page


def test_htmx_gets_only_the_table_and_the_sort_control(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    partial = client.get("/cases/?q=rivera&sort=ref", **htmx("case-table")).content.decode()
    assert "<html" not in partial and world.case.ref in partial
    assert 'id="id_sort"' in partial and 'hx-swap-oob="true"' in partial
    full = client.get("/cases/?q=rivera").content.decode()
    assert "<html" in full and 'hx-get="/cases/"' in full and 'hx-target="#case-table"' in full


def test_outsider_sees_none_of_the_cases(world: World, client_for: Any) -> None:
    for query in ("", "?scope=all"):
        body = client_for(world.outsider).get(f"/cases/{query}").content.decode()
        assert world.case.ref not in body and "Rivera" not in body
        assert "0 cases on your team" in body if not query else "0 cases" in body


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_query_count_does_not_grow_with_the_page(
    world: World, client_for: Any, who: str, django_assert_max_num_queries: Any
) -> None:
    _open(world, 12)
    client = client_for(getattr(world, who))
    client.get("/cases/")  # warm the session
    with django_assert_max_num_queries(22):  # page, count, and a fixed set for the page's facts
        response = client.get("/cases/")
    assert len(refs_in(response.content.decode())) == 13
