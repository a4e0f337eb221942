from __future__ import annotations

from typing import Any

import pytest

from habeas.cases.models import Case, EvidenceItem, Person, PersonRole
from habeas.cases.services.children import case_child_create
from habeas.cases.services.workflow import case_transition
from tests.conftest import World

TABS = ["overview", "record", "people", "claims", "evidence", "tasks", "notes", "leads", "workflow", "outcome", "team"]


def intake_post(docket: str = "WEB-1", **over: str) -> dict[str, str]:
    data = {
        "case-title": "People v. Okafor", "case-received_on": "2024-02-01", "case-county": "Los Angeles", "case-jurisdiction_state": "CA",
        "applicant-first_name": "Ada", "applicant-last_name": "Okafor", "applicant-custody_status": "in_custody",
        "incident-occurred_on": "2003-05-05", "incident-county": "Los Angeles",
        "conviction-court": "Los Angeles Superior Court", "conviction-docket_number": docket, "conviction-convicted_on": "2004-01-10", "conviction-form": "jury",
        "claim-basis": "Alibi witnesses never called", "claim-nre_factors": "ILD",
    }
    data.update(over)
    return data


def test_list_filters_sort_and_paginates(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    page = client.get("/cases/")
    assert page.status_code == 200 and world.case.ref in page.content.decode()
    assert world.case.ref not in client.get("/cases/?stage=closed").content.decode()
    assert world.case.ref in client.get("/cases/?q=rivera&sort=ref").content.decode()
    partial = client.get("/cases/?q=rivera", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and world.case.ref in partial.content.decode()
    assert client.get("/cases/?page=999&sort=bogus&stage=bogus").status_code == 200


def test_intake_creates_case_and_bad_dates_keep_input(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    bad = client.post("/cases/new/", intake_post(**{"conviction-convicted_on": "2001-01-01"}))
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Conviction cannot precede the crime." in body and "Okafor" in body
    assert Case.objects.count() == 1
    good = client.post("/cases/new/", intake_post())
    assert good.status_code == 302
    case = Case.objects.get(title="People v. Okafor")
    assert case.applicant_name == "Ada Okafor" and good["Location"].endswith(f"/cases/{case.ref}/")


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_renders_for_team_and_auditor(world: World, client_for: Any, tab: str) -> None:
    for user in (world.owner, world.member, world.auditor):
        client = client_for(user)
        assert client.get(f"/cases/{world.case.ref}/?tab={tab}").status_code == 200
        assert client.get(f"/cases/{world.case.ref}/tab/{tab}/", HTTP_HX_REQUEST="true").status_code == 200
    for user in (world.nonmember, world.outsider):
        assert client_for(user).get(f"/cases/{world.case.ref}/tab/{tab}/").status_code == 404


def test_generic_record_create_update_delete(world: World, client_for: Any) -> None:
    client = client_for(world.member)
    url = f"/cases/{world.case.ref}/records/evidence/"
    response = client.post(url, {"description": "Hooded sweatshirt", "is_biological": "on", "preservation_status": "preserved"})
    assert response.status_code == 302
    item = EvidenceItem.objects.get(description="Hooded sweatshirt")
    assert item.is_biological
    # Unchecking a box in the edit form clears it.
    client.post(f"{url}{item.pk}/", {"description": "Hooded sweatshirt", "preservation_status": "preserved"})
    item.refresh_from_db()
    assert not item.is_biological
    too_long = client.post(url, {"description": "x" * 301})
    assert too_long.status_code == 400 and "at most 300 characters" in too_long.content.decode()
    assert client.post(f"{url}{item.pk}/delete/").status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert client.post(f"/cases/{world.case.ref}/records/nonsense/", {}).status_code == 404


def test_auditor_cannot_write(world: World, client_for: Any) -> None:
    response = client_for(world.auditor).post(f"/cases/{world.case.ref}/records/tasks/", {"title": "x"})
    assert response.status_code == 403


def test_transition_guard_message_then_accept(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    ref = world.case.ref
    client.post(f"/cases/{ref}/transition/", {"target": "screening", "reason": "Application complete"})
    response = client.post(f"/cases/{ref}/transition/", {"target": "record_gathering", "reason": "ok", "reason_code": "meets_criteria"}, follow=True)
    assert "Complete the screening checklist" in response.content.decode()
    answers = {f"answer-{k}": "yes" for k in ("jurisdiction", "felony", "factual_innocence", "new_evidence", "consent", "no_bar_litigation")}
    client.post(f"/cases/{ref}/screening/", answers)
    client.post(f"/cases/{ref}/transition/", {"target": "record_gathering", "reason": "Meets criteria", "reason_code": "meets_criteria"})
    world.case.refresh_from_db()
    assert world.case.stage == "record_gathering"


def test_recused_prosecutor_sees_why_and_cannot_vote(world: World, client_for: Any) -> None:
    ref = world.case.ref
    for target in ("screening",):
        case_transition(actor=world.owner, case_ref=ref, target=target, reason="r")
    world.case.stage = "decision"
    world.case.save(update_fields=["stage"])
    prosecutor = Person.objects.create(organization=world.org_a, last_name="Owner", user=world.owner)
    case_child_create(actor=world.owner, case_ref=ref, kind_slug="people", data={"person": prosecutor.pk, "role": PersonRole.PROSECUTOR})
    client = client_for(world.owner)
    page = client.get(f"/cases/{ref}/?tab=workflow").content.decode()
    assert "You are recused" in page
    response = client.post(f"/cases/{ref}/vote/", {"vote": "support_relief"})
    assert response.status_code == 403
    assert not world.case.votes.exists()


def test_people_pages_show_only_visible_appearances(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    created = client.post("/cases/people/", {"first_name": "Ray", "last_name": "Dunmore", "badge_number": "5521", "agency": "LASD"})
    assert created.status_code == 302
    person = Person.objects.get(last_name="Dunmore")
    case_child_create(actor=world.owner, case_ref=world.case.ref, kind_slug="people", data={"person": person.pk, "role": "detective"})
    assert world.case.ref in client.get(f"/cases/people/{person.pk}/").content.decode()
    assert world.case.ref not in client_for(world.nonmember).get(f"/cases/people/{person.pk}/").content.decode()
    assert client_for(world.outsider).get(f"/cases/people/{person.pk}/").status_code == 404


def test_team_and_sharing_pages(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    ref = world.case.ref
    client.post(f"/cases/{ref}/shares/", {"organization": "exip"})
    assert world.case.shares.filter(revoked_at__isnull=True).count() == 1
    response = client.post(f"/cases/{ref}/team/", {"username": "nobody-such"}, follow=True)
    assert "No active user" in response.content.decode()
    client.post(f"/cases/{ref}/shares/exip/revoke/")
    assert world.case.shares.filter(revoked_at__isnull=True).count() == 0


def test_intake_optional_sections_may_stay_empty(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    minimal = {"case-title": "People v. Brandt", "case-received_on": "2024-05-01", "case-jurisdiction_state": "CA",
               "applicant-last_name": "Brandt", "applicant-custody_status": "unknown"}
    missing_title = client.post("/cases/new/", {**minimal, "case-title": ""})
    body = missing_title.content.decode()
    assert missing_title.status_code == 400 and body.count("This field is required.") == 1
    assert client.post("/cases/new/", minimal).status_code == 302
    assert Case.objects.filter(title="People v. Brandt").exists()


def test_outcome_tab_shows_years_lost_compensation_and_deadline(world: World, client_for: Any) -> None:
    ref = world.case.ref
    page = client_for(world.owner).get(f"/cases/{ref}/?tab=outcome").content.decode()
    assert "release" in page and "Not computed yet." in page  # no release recorded: says what is missing
    from habeas.cases.models import ResolutionEvent

    ResolutionEvent.objects.create(case=world.case, kind="released", occurred_on="2021-10-19", recorded_by=world.owner)
    page = client_for(world.owner).get(f"/cases/{ref}/tab/outcome/", HTTP_HX_REQUEST="true").content.decode()
    # Conviction 2001-06-12, arrest 2001-01-18 (world case), release 2021-10-19.
    assert "20.4 years" in page and "$1,061,060.00" in page and "Cal. Penal Code 4901" in page
    assert client_for(world.outsider).get(f"/cases/{ref}/tab/outcome/").status_code == 404
