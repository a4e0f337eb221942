"""A partner organization on a shared case contributes to it but never acts as its owner: it cannot
delete the owner's votes, take the owner's people off the team, read the owner's people directory
through a link, or see the owner's private pattern figures."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.accounts.models import Organization, User
from habeas.cases.models import Case, CasePerson, CommitteeVote, Person, PersonRole
from habeas.cases.services.team import case_share_grant, team_member_add
from habeas.cases.services.workflow import case_transition, screening_answers_set, vote_cast
from habeas.linkage.models import LinkRecord, RecordSource
from habeas.linkage.patterns import case_pattern_alerts
from habeas.linkage.sources import person_key
from tests.clients import Api, case_data_counts
from tests.conftest import World, make_user


@pytest.fixture
def partner_admin(world: World) -> User:
    """The case shared with the partner organization, whose attorney (``outsider``) and admin are
    on its team."""
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    admin = make_user("partner_admin", world.org_b, "admin")
    team_member_add(actor=world.owner, case_ref=world.case.ref, username="outsider")
    team_member_add(actor=world.owner, case_ref=world.case.ref, username="partner_admin")
    return admin


def _to_decision(world: World) -> None:
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="In")
    keys = world.org_a.screening_criteria.values_list("key", flat=True)
    screening_answers_set(actor=world.owner, case_ref=ref, answers=dict.fromkeys(keys, ("yes", "")))
    for target, code in (
        ("record_gathering", "meets_criteria"),
        ("reinvestigation", ""),
        ("decision", ""),
    ):
        case_transition(
            actor=world.owner, case_ref=ref, target=target, reason="On", reason_code=code
        )


@pytest.mark.parametrize("who", ["outsider", "partner_admin"])
def test_partner_cannot_recuse_the_owners_committee_member(
    world: World, partner_admin: User, who: str
) -> None:
    _to_decision(world)
    vote_cast(actor=world.owner, case_ref=world.case.ref, vote="support_relief")
    before = case_data_counts()
    response = Api(User.objects.get(username=who)).post(
        f"/cases/{world.case.ref}/recusals", {"username": "owner", "reason": "Conflict"}
    )
    assert response.status_code == 403, response.content
    assert CommitteeVote.objects.filter(case=world.case, voter=world.owner).exists()
    assert case_data_counts() == before


def test_no_recusal_on_a_closed_case(world: World) -> None:
    _to_decision(world)
    vote_cast(actor=world.owner, case_ref=world.case.ref, vote="support_relief")
    Case.objects.filter(pk=world.case.pk).update(stage="closed")
    response = Api(world.admin).post(
        f"/cases/{world.case.ref}/recusals", {"username": "owner", "reason": "Conflict"}
    )
    assert response.status_code == 400, response.content
    assert CommitteeVote.objects.filter(case=world.case, voter=world.owner).exists()


@pytest.mark.parametrize("who", ["outsider", "partner_admin"])
def test_partner_cannot_remove_the_owners_team_members(
    world: World, partner_admin: User, who: str
) -> None:
    before = case_data_counts()
    response = Api(User.objects.get(username=who)).delete(f"/cases/{world.case.ref}/team/owner")
    assert response.status_code == 403, response.content
    assert case_data_counts() == before
    assert Api(world.owner).get(f"/cases/{world.case.ref}").status_code == 200


def test_partner_may_remove_its_own_members(world: World, partner_admin: User) -> None:
    response = Api(partner_admin).delete(f"/cases/{world.case.ref}/team/outsider")
    assert response.status_code == 204, response.content
    assert not world.case.team.filter(user__username="outsider").exists()


def _secret_person(world: World) -> Person:
    return Person.objects.create(
        organization=world.org_a, first_name="Zebulon", last_name="Quarrington"
    )


@pytest.mark.parametrize(
    ("slug", "body"),
    [
        ("people", {"role": PersonRole.DETECTIVE}),
        ("leads", {"description": "Saw the car"}),
    ],
)
def test_partner_cannot_name_a_person_it_cannot_read(
    world: World, partner_admin: User, slug: str, body: dict[str, Any]
) -> None:
    secret = _secret_person(world)
    api = Api(world.outsider)
    assert api.get(f"/people/{secret.pk}").status_code == 404
    missing = api.post(f"/cases/{world.case.ref}/{slug}", {**body, "person": 999_999})
    before = case_data_counts()
    response = api.post(f"/cases/{world.case.ref}/{slug}", {**body, "person": secret.pk})
    # The same answer as for an id that does not exist, and no name in it.
    assert response.status_code == missing.status_code == 400, response.content
    assert "Quarrington" not in response.content.decode()
    assert response.json()["fields"] == missing.json()["fields"]
    assert case_data_counts() == before
    # The owner's staff still link the same person.
    owner_link = Api(world.owner).post(
        f"/cases/{world.case.ref}/{slug}", {**body, "person": secret.pk}
    )
    assert owner_link.status_code == 201, owner_link.content


def test_partner_cannot_change_or_remove_the_owners_people_links(
    world: World, partner_admin: User
) -> None:
    secret = _secret_person(world)
    link = CasePerson.objects.create(case=world.case, person=secret, role=PersonRole.DETECTIVE)
    api = Api(world.outsider)
    before = case_data_counts()
    assert api.patch(f"/cases/{world.case.ref}/people/{link.pk}", {"notes": "x"}).status_code == 403
    assert api.delete(f"/cases/{world.case.ref}/people/{link.pk}").status_code == 403
    assert case_data_counts() == before


def test_partner_case_page_offers_no_names_from_the_owners_directory(
    world: World, partner_admin: User, client_for: Any
) -> None:
    _secret_person(world)
    page = client_for(world.outsider).get(f"/cases/{world.case.ref}/?tab=people")
    assert page.status_code == 200
    assert "Quarrington" not in page.content.decode()
    owner_page = client_for(world.owner).get(f"/cases/{world.case.ref}/?tab=people")
    assert "Quarrington" in owner_page.content.decode()


def test_patterns_tab_shows_a_partner_only_what_it_may_see(
    world: World, partner_admin: User
) -> None:
    det = Person.objects.create(organization=world.org_a, first_name="Gary", last_name="Whitcomb")
    alias = Person.objects.create(organization=world.org_a, first_name="G.", last_name="Whitcomb")
    CasePerson.objects.create(case=world.case, person=det, role=PersonRole.DETECTIVE)
    # Another case of the owner, not shared, on which the detective (as his other record) appears.
    unshared = Case.objects.create(
        ref="EXCIU-UNSHARED",
        organization=world.org_a,
        title="People v. Unshared",
        stage_changed_at=world.case.stage_changed_at,
        received_on=world.case.received_on,
        created_by=world.owner,
    )
    CasePerson.objects.create(case=unshared, person=alias, role=PersonRole.DETECTIVE)
    # The owner's linkage joined both records and a bulk record naming him in 40 rows.
    for key, source, person, detail in (
        (person_key(det.pk), RecordSource.PERSON, det, {}),
        (person_key(alias.pk), RecordSource.PERSON, alias, {}),
        ("b1", RecordSource.BULK_ACTOR, None, {"rows": 40}),
    ):
        LinkRecord.objects.create(
            organization=world.org_a,
            key=key,
            source=source,
            name="Whitcomb",
            person=person,
            detail=detail,
            group="g1",
        )
    # The partner's own setting says "show hidden counts"; the owner's does not.
    Organization.objects.filter(pk=world.org_b.pk).update(pattern_hidden_counts=True)
    for user in (world.outsider, partner_admin):
        user.refresh_from_db()
        alerts = case_pattern_alerts(user=user, case=world.case)
        assert all(a.bulk_rows == 0 and not a.also_recorded_as for a in alerts), alerts
        assert all(a.hidden is None for a in alerts), alerts
    # The owner's admin still gets the whole picture of its own directory.
    [alert] = case_pattern_alerts(user=world.admin, case=world.case)
    assert alert.bulk_rows == 40 and [p.pk for p in alert.also_recorded_as] == [alias.pk]


@pytest.mark.parametrize("who", ["outsider", "partner_admin"])
def test_partner_cannot_change_the_owners_case_fields(
    world: World, partner_admin: User, who: str, client_for: Any
) -> None:
    user = User.objects.get(username=who)
    title = Case.objects.get(pk=world.case.pk).title
    response = Api(user).patch(f"/cases/{world.case.ref}", {"title": "Renamed by the partner"})
    assert response.status_code == 403, response.content
    assert Case.objects.get(pk=world.case.pk).title == title
    # The web page offers the partner no "Edit case", and a hand-made POST is refused as well.
    page = client_for(user).get(f"/cases/{world.case.ref}/?tab=overview").content.decode()
    assert "Edit case" not in page
    r = client_for(user).post(
        f"/cases/{world.case.ref}/edit/", {"title": "Renamed", "received_on": "2024-01-02"}
    )
    assert r.status_code == 403
    assert Case.objects.get(pk=world.case.pk).title == title
    # The owner still edits them.
    assert (
        Api(world.owner).patch(f"/cases/{world.case.ref}", {"title": "Renamed"}).status_code == 200
    )
