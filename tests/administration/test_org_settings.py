from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from habeas.accounts.models import User
from habeas.audit.models import AuditEvent
from habeas.cases.models import ScreeningAnswer, ScreeningCriterion
from habeas.cases.services.workflow import case_transition, screening_answers_set
from tests.conftest import World

URL = "/accounts/organization/"


@pytest.mark.parametrize("persona", ["owner", "member", "nonmember", "auditor", "outsider"])
def test_non_admins_get_403(
    world: World, client_for: Callable[[User], Client], persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "settings", "committee_quorum": 1}).status_code == 403
    world.org_a.refresh_from_db()
    assert world.org_a.committee_quorum == 3


def test_admin_updates_flags(world: World, client_for: Callable[[User], Client]) -> None:
    client = client_for(world.admin)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"action": "settings", "members_see_all_cases": "on", "committee_quorum": "5"}
    )
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert (
        world.org_a.members_see_all_cases
        and world.org_a.committee_quorum == 5
        and not world.org_a.require_2fa_for_all
    )
    assert AuditEvent.objects.filter(action="organization.settings", username="admin").exists()
    world.org_b.refresh_from_db()
    assert world.org_b.committee_quorum == 3


def test_invalid_quorum_is_a_form_error(world: World, client_for: Callable[[User], Client]) -> None:
    response = client_for(world.admin).post(URL, {"action": "settings", "committee_quorum": "0"})
    assert response.status_code == 400
    assert b"errorlist" in response.content


def criteria_keys(world: World) -> list[str]:
    return list(
        ScreeningCriterion.objects.filter(organization=world.org_a)
        .order_by("position", "id")
        .values_list("key", flat=True)
    )


def test_admin_edits_the_screening_checklist(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.admin)
    assert (
        client.post(
            URL, {"action": "add", "key": "brady", "label": "Possible Brady material"}
        ).status_code
        == 302
    )
    criterion = ScreeningCriterion.objects.get(organization=world.org_a, key="brady")
    assert criteria_keys(world)[-1] == "brady"

    client.post(URL, {"action": "up", "criterion": criterion.pk})
    assert criteria_keys(world)[-2] == "brady"

    client.post(
        URL,
        {
            "action": "relabel",
            "criterion": criterion.pk,
            "label": "Undisclosed exculpatory material",
        },
    )
    criterion.refresh_from_db()
    assert criterion.label == "Undisclosed exculpatory material"

    client.post(URL, {"action": "deactivate", "criterion": criterion.pk})
    criterion.refresh_from_db()
    assert not criterion.active

    # Duplicate keys are a form error, not a 500.
    response = client.post(URL, {"action": "add", "key": "brady", "label": "Again"})
    assert response.status_code == 400 and b"exists" in response.content
    # Other organizations' criteria are not reachable.
    theirs = ScreeningCriterion.objects.filter(organization=world.org_b).first()
    assert theirs is not None
    assert client.post(URL, {"action": "deactivate", "criterion": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_deactivating_keeps_answers(world: World, client_for: Callable[[User], Client]) -> None:
    case_transition(
        actor=world.owner, case_ref=world.case.ref, target="screening", reason="Letter received"
    )
    screening_answers_set(
        actor=world.owner, case_ref=world.case.ref, answers={"felony": ("yes", "")}
    )
    criterion = ScreeningCriterion.objects.get(organization=world.org_a, key="felony")
    client_for(world.admin).post(URL, {"action": "deactivate", "criterion": criterion.pk})
    assert ScreeningCriterion.objects.filter(pk=criterion.pk, active=False).exists()
    assert ScreeningAnswer.objects.filter(criterion=criterion).exists()


def test_admin_resets_a_members_two_factor(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.member, name="phone", confirmed=True)
    page = client_for(world.admin).get("/accounts/organization/")
    assert "Reset two-factor" in page.content.decode()
    response = client_for(world.admin).post(
        "/accounts/organization/", {"action": "reset_2fa", "username": "member"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.member).exists()
    assert AuditEvent.objects.filter(action="auth.two_factor_reset", username="admin").exists()
    # Another organization's member is not found; a non-admin is refused.
    assert (
        client_for(world.admin)
        .post("/accounts/organization/", {"action": "reset_2fa", "username": "outsider"})
        .status_code
        == 404
    )
    assert (
        client_for(world.owner)
        .post("/accounts/organization/", {"action": "reset_2fa", "username": "member"})
        .status_code
        == 403
    )


def test_admin_adds_a_member_who_can_log_in(
    world: World, client_for: Callable[[User], Client]
) -> None:
    form = {
        "action": "member_add",
        "username": "new.student",
        "first_name": "Noor",
        "last_name": "Haddad",
        "email": "noor@example.org",
        "role": "student",
    }
    response = client_for(world.admin).post(URL, form)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Noor Haddad can now log in." in page
    password = page.split("Their first password is <code data-verbatim>")[1].split("<")[0]
    user = User.objects.get(username="new.student")
    assert (
        user.organization == world.org_a
        and user.role == "student"
        and user.check_password(password)
    )
    event = AuditEvent.objects.get(action="user.create", detail__username="new.student")
    assert event.username == "admin"
    assert password not in str(event.detail)  # the password is never logged
    login = Client().post("/accounts/login/", {"username": "new.student", "password": password})
    assert login.status_code == 302 and "/accounts/login/" not in login["Location"]
    # The same login name again: the form says so, nothing is created.
    again = client_for(world.admin).post(URL, {**form, "first_name": "Other"})
    assert again.status_code == 400 and "exists" in again.content.decode()
    assert User.objects.filter(username="new.student").count() == 1


def test_admin_changes_a_role_and_deactivates_then_reactivates(
    world: World, client_for: Callable[[User], Client]
) -> None:
    admin = client_for(world.admin)
    admin.post(URL, {"action": "member_role", "username": "member", "role": "reviewer"})
    world.member.refresh_from_db()
    assert world.member.role == "reviewer"
    assert AuditEvent.objects.filter(action="user.role", detail__to="reviewer").exists()
    member = client_for(world.member)
    assert member.get("/cases/").status_code == 200
    r = admin.post(URL, {"action": "member_deactivate", "username": "member"}, follow=True)
    assert "is deactivated" in r.content.decode() and "deactivated</span>" in r.content.decode()
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert member.get("/cases/").status_code == 302  # the open session ends at the next request
    admin.post(URL, {"action": "member_activate", "username": "member"})
    world.member.refresh_from_db()
    assert world.member.is_active
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="user.").order_by("seq")
    ][-2:] == ["user.deactivate", "user.activate"]


def test_the_last_admin_stays_and_others_are_out_of_reach(
    world: World, client_for: Callable[[User], Client]
) -> None:
    admin = client_for(world.admin)
    r = admin.post(URL, {"action": "member_deactivate", "username": "admin"}, follow=True)
    assert "cannot deactivate yourself" in r.content.decode()
    other_admin = User.objects.create_user(
        username="admin2", password="x-long-password-123", organization=world.org_a, role="admin"
    )
    admin.post(URL, {"action": "member_role", "username": "admin2", "role": "attorney"})
    other_admin.refresh_from_db()
    assert other_admin.role == "attorney"
    # Now the only administrator: they cannot give up the role.
    r = admin.post(
        URL, {"action": "member_role", "username": "admin", "role": "attorney"}, follow=True
    )
    assert "needs an administrator" in r.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.role == "admin"
    # Another organization's member: 404; a non-admin: 403; nothing changes.
    assert admin.post(URL, {"action": "member_deactivate", "username": "outsider"}).status_code in (
        403,
        404,
    )
    assert (
        client_for(world.owner)
        .post(URL, {"action": "member_deactivate", "username": "member"})
        .status_code
        == 403
    )
    world.outsider.refresh_from_db()
    world.member.refresh_from_db()
    assert world.outsider.is_active and world.member.is_active
