"""The records on a case, one set of routes per kind in habeas.cases.services.kinds.KINDS."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.cases.models import Person
from habeas.cases.services.kinds import KINDS
from tests.clients import Api, case_data_counts
from tests.conftest import World


@pytest.fixture
def linked(world: World) -> dict[str, int]:
    """Ids the record bodies refer to: the world case's conviction, an evidence item, a person."""
    api, ref = Api(world.owner), world.case.ref
    conviction = api.get(f"/cases/{ref}/convictions").json()[0]["id"]
    item = api.post(
        f"/cases/{ref}/evidence", {"description": "Sweatshirt", "is_biological": True}
    ).json()["id"]
    person = Person.objects.create(
        organization=world.org_a, first_name="Ana", last_name="Keller", badge_number="4411"
    ).pk
    return {"conviction": conviction, "item": item, "person": person, "assignee": world.member.pk}


def bodies(ids: dict[str, int]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """slug -> (a valid new record, a partial change to it). Every kind must be listed."""
    return {
        "parties": (
            {"kind": "victim", "first_name": "Martin", "last_name": "Guitron"},
            {"first_name": "Martín"},
        ),
        "incidents": ({"place": "Compton", "occurred_on": "2000-12-30"}, {"agency": "LASD"}),
        "convictions": (
            {"court": "Compton Superior Court", "docket_number": "TA0001", "form": "plea"},
            {"offense": "Robbery"},
        ),
        "charges": (
            {"conviction": ids["conviction"], "statute": "PC 187(a)", "count_number": 1},
            {"disposition": "Convicted"},
        ),
        "sentences": (
            {
                "conviction": ids["conviction"],
                "description": "40 years to life",
                "min_years": 40,
                "life": True,
            },
            {"max_years": "50.5"},
        ),
        "filings": (
            {"kind": "state_habeas", "filed_on": "2010-01-04", "decided_on": "2011-02-01"},
            {"outcome": "Denied"},
        ),
        "people": (
            {"person": ids["person"], "role": "detective", "badge_number": "4411"},
            {"agency": "LASD"},
        ),
        "claims": (
            {"basis": "Misidentification", "nre_factors": ["MWID", "F/MFE"]},
            {"status": "supported"},
        ),
        "evidence": (
            {"description": "Shell casing", "item_number": "17"},
            {"preservation_status": "preserved"},
        ),
        "custody-events": (
            {"item": ids["item"], "occurred_on": "2001-01-02", "action": "Collected"},
            {"to_party": "LASD crime lab"},
        ),
        "tasks": (
            {
                "title": "Request the trial file",
                "due_on": "2030-01-31",
                "assignee": ids["assignee"],
            },
            {"title": "Request both trial files"},
        ),
        "notes": ({"body": "Theory of the case"}, {"privileged": False}),
        "leads": (
            {"description": "Getaway driver named the shooter", "person": ids["person"]},
            {"status": "referred"},
        ),
        "facts": (
            {
                "key": "sentence",
                "value": "40 years to life",
                "source": "Abstract of judgment",
                "source_page": 2,
            },
            {"source_page": 3},
        ),
        "resolutions": (
            {"kind": "vacated", "occurred_on": "2021-10-19", "court": "LA Superior Court"},
            {"statute": "PC 1473.6"},
        ),
    }


def _listed(api: Api, ref: str, slug: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = api.get(f"/cases/{ref}/{slug}").json()
    if slug == "facts":  # grouped by key
        return [fact for group in rows for fact in group["values"]]
    return rows


def test_every_kind_round_trips_through_its_routes(world: World, linked: dict[str, int]) -> None:
    api, ref = Api(world.owner), world.case.ref
    samples = bodies(linked)
    assert set(samples) == set(KINDS), "give every record kind a sample body"
    created: dict[str, dict[str, Any]] = {}
    for slug, (body, change) in samples.items():
        response = api.post(f"/cases/{ref}/{slug}", body)
        assert response.status_code == 201, (slug, response.json())
        record = response.json()
        for name, value in body.items():
            assert (
                record[name] == value
                or str(record[name]) == str(value)
                or float(record[name]) == value
            ), (slug, name)
        assert record in _listed(api, ref, slug), slug

        updated = api.patch(f"/cases/{ref}/{slug}/{record['id']}", change)
        assert updated.status_code == 200, (slug, updated.json())
        changed = {k for k, v in updated.json().items() if record.get(k) != v}
        assert changed == set(change), (slug, changed)  # partial: nothing else moved
        created[slug] = updated.json()

    assert (
        created["tasks"]["assignee_label"] == "member"
        and created["people"]["person_label"] == "Ana Keller"
    )
    assert created["notes"]["author"] == "owner" and created["facts"]["recorded_by"] == "owner"
    assert created["sentences"]["max_years"] == "50.5"  # decimals travel as strings, exactly

    for slug in reversed(list(samples)):
        response = api.delete(f"/cases/{ref}/{slug}/{created[slug]['id']}")
        if KINDS[slug].deletable:
            assert response.status_code == 204, (slug, response.content)
            assert api.delete(f"/cases/{ref}/{slug}/{created[slug]['id']}").status_code == 404
        else:
            assert response.status_code == 403, slug
            assert "cannot be deleted" in response.json()["detail"]
            assert created[slug] in _listed(api, ref, slug)


def test_release_type_dates_are_checked_against_the_conviction(world: World) -> None:
    api, ref = Api(world.owner), world.case.ref  # convicted 2001-06-12
    before = case_data_counts()
    early = api.post(f"/cases/{ref}/resolutions", {"kind": "released", "occurred_on": "2001-01-01"})
    assert early.status_code == 400 and early.json()["fields"]["occurred_on"] == [
        "A resolution cannot precede the conviction."
    ]
    future = api.post(
        f"/cases/{ref}/resolutions", {"kind": "released", "occurred_on": "2199-01-01"}
    )
    assert (
        future.status_code == 400
        and "Date is in the future." in future.json()["fields"]["occurred_on"]
    )
    filing = api.post(
        f"/cases/{ref}/filings",
        {"kind": "direct_appeal", "filed_on": "2003-01-01", "decided_on": "2002-01-01"},
    )
    assert filing.status_code == 400 and "decided_on" in filing.json()["fields"]
    missing = api.post(f"/cases/{ref}/resolutions", {"court": "LA Superior Court"})
    assert missing.status_code == 400 and {"kind", "occurred_on"} <= set(missing.json()["fields"])
    assert case_data_counts() == before


def test_record_values_are_checked_by_the_forms(world: World, linked: dict[str, int]) -> None:
    api, ref = Api(world.owner), world.case.ref
    before = case_data_counts()
    checks = [
        (
            "convictions",
            {"court": "Los Angeles Superior Court", "docket_number": "ba200101"},
            "docket_number",
        ),  # duplicate docket
        ("evidence", {"description": "Hair", "dna_tested": True}, "dna_tested"),  # not biological
        ("claims", {"basis": "x", "nre_factors": ["ALIENS"]}, "nre_factors"),
        ("parties", {"kind": "witness", "last_name": "X"}, "kind"),
        (
            "tasks",
            {"title": "Interview", "assignee": world.nonmember.pk},
            "assignee",
        ),  # not on the team
        ("charges", {"conviction": 999_999, "statute": "PC 187"}, "conviction"),
        ("facts", {"key": "k", "value": "v", "source": "s", "source_page": -1}, "source_page"),
    ]
    for slug, body, field in checks:
        response = api.post(f"/cases/{ref}/{slug}", body)
        assert response.status_code == 400, (slug, response.json())
        assert field in response.json()["fields"], (slug, response.json())
    assert case_data_counts() == before


def test_wrong_types_get_422_and_oversize_values_400(world: World) -> None:
    api, ref = Api(world.owner), world.case.ref
    task = api.post(
        f"/cases/{ref}/tasks", {"title": "Interview witness", "due_on": "2030-02-01"}
    ).json()
    for body, field in (
        ({"due_on": 20300201}, "due_on"),
        ({"due_on": "next week"}, "due_on"),
        ({"title": 7}, "title"),
        ({"assignee": "member"}, "assignee"),
        ({"done_at": "2030-01-01T00:00:00Z"}, "done_at"),
    ):
        response = api.patch(f"/cases/{ref}/tasks/{task['id']}", body)
        assert response.status_code == 422 and field in response.json()["fields"], (
            body,
            response.json(),
        )
    assert (
        api.post(f"/cases/{ref}/evidence", {"description": "x", "is_biological": "yes"}).status_code
        == 422
    )

    oversize = api.patch(f"/cases/{ref}/tasks/{task['id']}", {"title": "x" * 201})
    assert oversize.status_code == 400 and "at most 200" in oversize.json()["fields"]["title"][0]
    assert (
        api.get(f"/cases/{ref}/tasks").json()[0]["title"] == "Interview witness"
    )  # neither truncated nor stored


def test_duplicate_person_role_is_a_409(world: World, linked: dict[str, int]) -> None:
    api, ref = Api(world.owner), world.case.ref
    body = {"person": linked["person"], "role": "detective"}
    assert api.post(f"/cases/{ref}/people", body).status_code == 201
    conflict = api.post(f"/cases/{ref}/people", body)
    assert conflict.status_code == 409 and conflict.json()["detail"]
    assert len(api.get(f"/cases/{ref}/people").json()) == 1


def test_a_record_of_another_case_is_not_found(world: World) -> None:
    api, ref = Api(world.owner), world.case.ref
    other = (
        Api(world.nonmember)
        .post(
            "/cases",
            {
                "case": {"title": "People v. Other", "received_on": "2024-01-01"},
                "applicant": {"last_name": "Other"},
            },
        )
        .json()
    )
    Api(world.nonmember).post(f"/cases/{other['ref']}/team", {"username": "owner"})
    task = api.post(f"/cases/{other['ref']}/tasks", {"title": "Theirs"}).json()
    assert api.patch(f"/cases/{ref}/tasks/{task['id']}", {"title": "Mine now"}).status_code == 404
    assert api.delete(f"/cases/{ref}/tasks/{task['id']}").status_code == 404
    assert api.get(f"/cases/{other['ref']}/tasks").json()[0]["title"] == "Theirs"


def test_facts_are_grouped_with_conflicts(world: World) -> None:
    api, ref = Api(world.owner), world.case.ref
    api.post(
        f"/cases/{ref}/facts",
        {"key": "sentence", "value": "40 years to life", "source": "Abstract of judgment"},
    )
    api.post(
        f"/cases/{ref}/facts",
        {"key": "sentence", "value": "50 years to life", "source": "Clinic case page"},
    )
    api.post(
        f"/cases/{ref}/facts",
        {"key": "arrest_date", "value": "2001-01-18", "source": "Arrest report"},
    )
    api.post(
        f"/cases/{ref}/facts", {"key": "arrest_date", "value": "2001-01-18 ", "source": "Registry"}
    )
    groups = {g["key"]: g for g in api.get(f"/cases/{ref}/facts").json()}
    assert groups["sentence"]["conflict"] is True and [
        v["source"] for v in groups["sentence"]["values"]
    ] == ["Abstract of judgment", "Clinic case page"]
    assert groups["arrest_date"]["conflict"] is False and len(groups["arrest_date"]["values"]) == 2
    assert list(groups) == ["arrest_date", "sentence"]
