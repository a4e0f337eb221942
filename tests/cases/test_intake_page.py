"""The intake page: one POST opens a case with its sections, or shows every error and saves nothing."""

from __future__ import annotations

import re
from typing import Any

from habeas.cases.models import Case, Claim, Conviction, Party
from tests.conftest import World


def intake_post(docket: str = "WEB-1", **over: str) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "case-title": "People v. Okafor",
        "case-received_on": "2024-02-01",
        "case-county": "Los Angeles",
        "case-jurisdiction_state": "CA",
        "case-intake_source": "Letter from applicant",
        "applicant-first_name": "Ada",
        "applicant-last_name": "Okafor",
        "applicant-custody_status": "in_custody",
        "applicant-date_of_birth": "1981-04-04",
        "applicant-corrections_id": "V-1",
        "incident-occurred_on": "2003-05-05",
        "incident-county": "Los Angeles",
        "incident-agency": "LAPD",
        "conviction-court": "Los Angeles Superior Court",
        "conviction-docket_number": docket,
        "conviction-arrested_on": "2003-06-01",
        "conviction-convicted_on": "2004-01-10",
        "conviction-form": "jury",
        "claim-basis": "Alibi witnesses never called",
        "claim-nre_factors": ["ILD", "MWID"],
    }
    data.update(over)
    return data


def test_intake_page_has_every_section_with_labels(world: World, client_for: Any) -> None:
    body = client_for(world.owner).get("/cases/new/").content.decode()
    for legend in ("Case", "Applicant", "Incident", "Conviction", "Claim of innocence"):
        assert f"<legend>{legend}" in body
    for field in (
        "case-title",
        "applicant-last_name",
        "incident-agency_report_number",
        "conviction-statute",
    ):
        assert f'<label for="id_{field}">' in body
    assert 'name="claim-nre_factors" value="MWID"' in body and 'type="date"' in body


def test_intake_opens_the_case_with_its_sections(world: World, client_for: Any) -> None:
    response = client_for(world.owner).post("/cases/new/", intake_post())
    case = Case.objects.get(title="People v. Okafor")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.ref}/"
    assert case.applicant_name == "Ada Okafor" and case.stage == "intake"
    assert Party.objects.get(case=case, kind="applicant").corrections_id == "V-1"
    assert Conviction.objects.get(case=case).docket_number == "WEB-1"
    assert sorted(Claim.objects.get(case=case).nre_factors) == ["ILD", "MWID"]
    assert case.team.get().user == world.owner  # the opener leads the case


def test_conviction_before_the_crime_names_the_field_and_saves_nothing(
    world: World, client_for: Any
) -> None:
    before = Case.objects.count(), Party.objects.count(), Conviction.objects.count()
    response = client_for(world.owner).post(
        "/cases/new/",
        intake_post(**{"conviction-arrested_on": "", "conviction-convicted_on": "2001-01-01"}),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Conviction cannot precede the crime." in body
    # The error sits with the conviction date (described-by) and in the summary that links to it.
    assert 'aria-describedby="id_conviction-convicted_on-errors"' in body.replace(
        ' aria-invalid="true"', ""
    )
    assert 'href="#id_conviction-convicted_on"' in body and 'aria-invalid="true"' in body
    # What the user typed is still there.
    assert 'value="Okafor"' in body and 'value="2001-01-01"' in body
    assert re.search(
        r'<input type="checkbox" name="claim-nre_factors" value="MWID"[^>]*checked', body
    )
    assert not re.search(
        r'<input type="checkbox" name="claim-nre_factors" value="FC"[^>]*checked', body
    )
    assert (Case.objects.count(), Party.objects.count(), Conviction.objects.count()) == before


def test_several_errors_at_once_and_empty_optional_sections_stay_quiet(
    world: World, client_for: Any
) -> None:
    minimal = {
        "case-title": "",
        "case-received_on": "2099-01-01",
        "case-jurisdiction_state": "CA",
        "applicant-last_name": "Brandt",
        "applicant-custody_status": "unknown",
    }
    response = client_for(world.owner).post("/cases/new/", minimal)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Date is in the future." in body and "This field is required." in body
    assert (
        'id="id_conviction-court-errors"' not in body
    )  # the empty conviction section shows no errors
    ok = client_for(world.owner).post(
        "/cases/new/",
        {**minimal, "case-title": "People v. Brandt", "case-received_on": "2024-05-01"},
    )
    assert ok.status_code == 302 and Case.objects.filter(title="People v. Brandt").exists()


def test_duplicate_docket_is_a_field_error(world: World, client_for: Any) -> None:
    response = client_for(world.owner).post(
        "/cases/new/", intake_post(docket="BA200101")
    )  # the world case's docket
    assert (
        response.status_code == 400
        and "is already recorded on a case of this organization" in response.content.decode()
    )


def test_roles_without_intake_get_403_and_nothing_is_created(world: World, client_for: Any) -> None:
    before = Case.objects.count()
    assert client_for(world.auditor).get("/cases/new/").status_code == 403
    assert (
        client_for(world.auditor).post("/cases/new/", intake_post(docket="X-9")).status_code == 403
    )
    assert Case.objects.count() == before


def test_arrest_after_conviction_is_reported_on_the_conviction_date(
    world: World, client_for: Any
) -> None:
    response = client_for(world.owner).post(
        "/cases/new/", intake_post(**{"conviction-convicted_on": "2003-05-20"})
    )
    assert (
        response.status_code == 400
        and "Conviction cannot precede the arrest." in response.content.decode()
    )
    assert not Case.objects.filter(title="People v. Okafor").exists()
