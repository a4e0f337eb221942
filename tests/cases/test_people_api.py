"""People known to an organization, and where they appear."""

from __future__ import annotations

from tests.clients import Api, case_data_counts
from tests.conftest import World


def test_people_list_create_patch(world: World) -> None:
    api = Api(world.owner)
    created = api.post(
        "/people",
        {
            "first_name": "Vera",
            "last_name": "Koss",
            "badge_number": "7781",
            "date_of_birth": "1961-02-03",
        },
    )
    assert created.status_code == 201
    person = created.json()
    assert person["date_of_birth"] == "1961-02-03" and person["agency"] == ""
    for i in range(3):
        api.post("/people", {"last_name": f"Witness {i}"})

    page = api.get("/people", page_size=2).json()
    assert (page["count"], len(page["results"])) == (4, 2)
    assert [p["id"] for p in api.get("/people", q="Koss").json()["results"]] == [person["id"]]
    assert api.get("/people", q="7781").json()["count"] == 1
    assert api.get("/people", page_size=1000).status_code == 422

    patched = api.patch(f"/people/{person['id']}", {"agency": "LASD"}).json()
    assert patched == {**person, "agency": "LASD"}  # partial: the rest kept


def test_people_values_and_types_are_checked(world: World) -> None:
    api = Api(world.owner)
    before = case_data_counts()
    assert "last_name" in api.post("/people", {"first_name": "Nameless"}).json()["fields"]
    oversize = api.post("/people", {"last_name": "x" * 101})
    assert oversize.status_code == 400 and "last_name" in oversize.json()["fields"]
    wrong = api.post("/people", {"last_name": "Koss", "date_of_birth": "3 Feb 1961", "user": 1})
    assert wrong.status_code == 422 and {"date_of_birth", "user"} <= set(wrong.json()["fields"])
    assert api.post("/people", {"last_name": "Koss"}).status_code == 201
    assert case_data_counts()["cases.Person"] == before["cases.Person"] + 1


def test_people_are_scoped_to_the_organization_and_roles(world: World) -> None:
    person = Api(world.owner).post("/people", {"last_name": "Koss"}).json()
    outsider = Api(world.outsider)
    assert outsider.get(f"/people/{person['id']}").status_code == 404
    assert outsider.patch(f"/people/{person['id']}", {"agency": "x"}).status_code == 404
    assert outsider.get("/people", q="Koss").json()["count"] == 0
    auditor = Api(world.auditor)
    assert auditor.get(f"/people/{person['id']}").status_code == 200
    assert auditor.post("/people", {"last_name": "New"}).status_code == 403
    assert auditor.patch(f"/people/{person['id']}", {"agency": "x"}).status_code == 403


def test_appearances_only_in_cases_the_caller_may_see(world: World) -> None:
    owner, nonmember = Api(world.owner), Api(world.nonmember)
    detective = owner.post("/people", {"first_name": "Ana", "last_name": "Keller"}).json()
    owner.post(f"/cases/{world.case.ref}/people", {"person": detective["id"], "role": "detective"})
    hidden = nonmember.post(
        "/cases",
        {
            "case": {"title": "People v. Hidden", "received_on": "2024-01-01"},
            "applicant": {"last_name": "Hidden"},
        },
    ).json()
    assert (
        nonmember.post(
            f"/cases/{hidden['ref']}/people", {"person": detective["id"], "role": "eyewitness"}
        ).status_code
        == 201
    )

    mine = owner.get(f"/people/{detective['id']}").json()
    assert mine["appearances"] == [
        {"case_ref": world.case.ref, "case_title": "People v. Rivera", "role": "detective"}
    ]
    theirs = nonmember.get(f"/people/{detective['id']}").json()
    assert [a["case_ref"] for a in theirs["appearances"]] == [hidden["ref"]]
    assert len(Api(world.auditor).get(f"/people/{detective['id']}").json()["appearances"]) == 2
