"""Cases: the list, intake (all or nothing), detail and partial update."""

from __future__ import annotations

from django.test import Client

from habeas.cases.models import Case
from tests.clients import Api, case_data_counts, intake_body
from tests.conftest import World


def test_list_filters_sorts_and_pages(world: World) -> None:
    api = Api(world.owner)
    for i, county in enumerate(("Orange", "Orange", "Kern")):
        body = intake_body(
            f"LIST-{i}",
            county=county,
            title=f"People v. Lister {i}",
            received_on=f"2024-0{i + 4}-01",
        )
        assert api.post("/cases", body).status_code == 201

    page = api.get("/cases", page_size=2).json()
    assert (page["count"], page["page"], page["page_size"], len(page["results"])) == (4, 1, 2, 2)
    row = page["results"][0]
    assert set(row) == {
        "ref",
        "title",
        "stage",
        "county",
        "applicant_name",
        "received_on",
        "stage_changed_at",
        "organization",
    }
    assert (
        row["organization"] == "exciu" and row["received_on"] == "2024-06-01"
    )  # newest first, ISO dates
    assert len(api.get("/cases", page_size=2, page=2).json()["results"]) == 2
    assert api.get("/cases", page=9).json()["results"] == []

    assert api.get("/cases", county="orange").json()["count"] == 2
    assert api.get("/cases", q="Lister 2").json()["results"][0]["county"] == "Kern"
    assert api.get("/cases", q=world.case.ref).json()["results"][0]["ref"] == world.case.ref
    assert api.get("/cases", stage="intake").json()["count"] == 4
    assert api.get("/cases", stage="closed").json()["count"] == 0
    assert [r["received_on"] for r in api.get("/cases", sort="received_on").json()["results"]][
        0
    ] == "2024-03-01"
    assert api.get("/cases", mine="true").json()["count"] == 4
    assert (
        Api(world.member).get("/cases", mine="true").json()["count"] == 1
    )  # on the world case's team only


def test_list_rejects_bad_parameters_with_field_names(world: World) -> None:
    api = Api(world.owner)
    for params, field in (
        ({"page_size": 10_000}, "page_size"),
        ({"page": 0}, "page"),
        ({"stage": "limbo"}, "stage"),
        ({"sort": "password"}, "sort"),
        ({"q": "x" * 101}, "q"),
        ({"page": "two"}, "page"),
    ):
        response = api.get("/cases", **params)
        assert response.status_code == 422, params
        assert field in response.json()["fields"], response.json()


def test_unauthenticated_and_bad_tokens_get_401(world: World) -> None:
    anonymous = Api(None)
    for method, path in (
        ("get", "/cases"),
        ("get", f"/cases/{world.case.ref}"),
        ("post", "/cases"),
        ("get", "/people"),
    ):
        response = anonymous.send(method, path, {} if method == "post" else None)
        assert response.status_code == 401, (method, path)
        assert world.case.ref not in response.content.decode()
    assert (
        Client().get("/api/v1/cases", HTTP_AUTHORIZATION="Bearer hab_deadbeef_nope").status_code
        == 401
    )


def test_intake_creates_the_case_with_its_sections(world: World) -> None:
    api = Api(world.owner)
    body = intake_body("BA300300")
    body["claim"] = {"basis": "Two eyewitnesses misidentified him", "nre_factors": ["MWID"]}
    response = api.post("/cases", body)
    assert response.status_code == 201, response.json()
    case = response.json()
    assert (
        case["stage"] == "intake" and case["organization"] == "exciu" and case["access"] == "write"
    )
    assert case["applicant_name"] == "Tomas Rivera" and case["team"] == ["owner"]
    assert case["allowed_next_stages"] == ["screening", "withdrawn"]
    assert {
        k: case["record_counts"][k]
        for k in ("parties", "incidents", "convictions", "claims", "tasks")
    } == {
        "parties": 1,
        "incidents": 1,
        "convictions": 1,
        "claims": 1,
        "tasks": 0,
    }
    claims = api.get(f"/cases/{case['ref']}/claims").json()
    assert claims[0]["nre_factors"] == ["MWID"] and claims[0]["status"] == "open"
    assert api.get(f"/cases/{case['ref']}").json() == case
    assert (
        case["stage_changed_at"] == "2024-03-01T08:00:00Z"
    )  # midnight in Los Angeles, given in UTC


def test_intake_with_only_the_required_sections(world: World) -> None:
    body = {
        "case": {"title": "People v. Doe", "received_on": "2024-01-02"},
        "applicant": {"last_name": "Doe"},
        "incident": None,
    }
    response = Api(world.member).post("/cases", body)
    assert response.status_code == 201, response.json()
    assert response.json()["jurisdiction_state"] == "CA"  # the model default


def _refused(api: Api, body: dict[str, object], status: int) -> dict[str, list[str]]:
    before = case_data_counts()
    response = api.post("/cases", body)
    assert response.status_code == status, response.json()
    assert case_data_counts() == before, "a refused intake wrote something"
    fields: dict[str, list[str]] = response.json()["fields"]
    return fields


def test_intake_refuses_impossible_dates_and_writes_nothing(world: World) -> None:
    api = Api(world.owner)
    before = Case.objects.count()

    body = intake_body("API-1")
    body["conviction"]["convicted_on"] = "1999-01-01"  # before the crime (2000-12-31)
    body["conviction"]["arrested_on"] = "1998-01-01"
    fields = _refused(api, body, 400)
    assert "Conviction cannot precede the crime." in fields["conviction.convicted_on"]
    assert "Arrest cannot precede the crime." in fields["conviction.arrested_on"]

    body = intake_body("API-2")
    body["applicant"]["date_of_birth"] = "2001-01-01"  # born after the crime
    body["case"]["received_on"] = "2199-01-01"
    fields = _refused(api, body, 400)
    assert "incident.occurred_on" in fields and fields["received_on"] == ["Date is in the future."]

    body = intake_body("API-3")
    del body["conviction"]["court"]
    body["applicant"]["last_name"] = ""
    assert set(_refused(api, body, 400)) >= {
        "conviction.court",
        "applicant.last_name",
    }  # every error at once
    assert Case.objects.count() == before


def test_intake_refuses_a_docket_already_recorded_in_that_court(world: World) -> None:
    api = Api(world.owner)
    fields = _refused(api, intake_body("BA200101"), 400)  # the world case's docket
    assert "already recorded" in fields["conviction.docket_number"][0]
    assert "conviction.docket_number" in _refused(api, intake_body(" ba200101 "), 400)
    # Another organization may record the same docket: no clash, and no hint of the other case.
    response = Api(world.outsider).post("/cases", intake_body("BA200101"))
    assert response.status_code == 201


def test_intake_wrong_types_get_422_with_field_names(world: World) -> None:
    api = Api(world.owner)
    body = intake_body("API-4")
    body["case"]["title"] = ["People v. Rivera"]
    body["case"]["received_on"] = "March 1st"
    body["applicant"]["date_of_birth"] = 327283200  # a timestamp is not an ISO date
    body["conviction"]["docket_number"] = 200101
    body["incident"]["places"] = "Paramount"  # misspelt field
    fields = _refused(api, body, 422)
    assert {
        "case.title",
        "case.received_on",
        "applicant.date_of_birth",
        "conviction.docket_number",
        "incident.places",
    } <= set(fields)
    assert "applicant" in _refused(api, {"case": intake_body("x")["case"]}, 422)
    assert "applicant.kind" in _refused(
        api, {**intake_body("API-5"), "applicant": {"last_name": "X", "kind": "victim"}}, 422
    )


def test_intake_oversize_field_is_a_400_not_a_truncation(world: World) -> None:
    api = Api(world.owner)
    body = intake_body("API-6")
    body["applicant"]["last_name"] = "x" * 101
    body["case"]["title"] = "t" * 201
    fields = _refused(api, body, 400)
    assert "applicant.last_name" in fields and "at most 100" in fields["applicant.last_name"][0]
    assert "title" in fields


def test_intake_is_refused_to_read_only_roles(world: World) -> None:
    assert _refused(Api(world.auditor), intake_body("API-7"), 403) == {}


def test_patch_changes_only_the_fields_sent(world: World) -> None:
    api, ref = Api(world.owner), world.case.ref
    before = api.get(f"/cases/{ref}").json()
    response = api.patch(f"/cases/{ref}", {"summary": "Two eyewitnesses recanted."})
    assert response.status_code == 200
    after = response.json()
    assert after["summary"] == "Two eyewitnesses recanted."
    assert {k: after[k] for k in ("title", "county", "received_on")} == {
        k: before[k] for k in ("title", "county", "received_on")
    }

    refused = api.patch(f"/cases/{ref}", {"title": "x" * 201, "county": "Kern"})
    assert refused.status_code == 400 and "title" in refused.json()["fields"]
    assert (
        api.get(f"/cases/{ref}").json()["county"] == "Los Angeles"
    )  # nothing of a refused update is kept
    assert api.patch(f"/cases/{ref}", {"received_on": "yesterday"}).status_code == 422
    assert api.patch(f"/cases/{ref}", {"title": None}).status_code == 422
    assert (
        api.patch(f"/cases/{ref}", {"stage": "closed"}).status_code == 422
    )  # not a field of the case form


def test_unknown_and_hidden_cases_get_the_same_404(world: World) -> None:
    outsider = Api(world.outsider)
    hidden = outsider.get(f"/cases/{world.case.ref}")
    unknown = outsider.get("/cases/EXCIU-2024-99999")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()
    hidden_write = outsider.post(f"/cases/{world.case.ref}/tasks", {"title": "x"})
    unknown_write = outsider.post("/cases/EXCIU-2024-99999/tasks", {"title": "x"})
    assert (
        hidden_write.status_code == unknown_write.status_code == 404
        and hidden_write.json() == unknown_write.json()
    )
