"""Team membership and sharing on the Team tab."""

from __future__ import annotations

from typing import Any

from habeas.cases.models import CaseShare, CaseTeamMember
from tests.conftest import World


def test_team_add_remove_with_inline_errors(world: World, client_for: Any) -> None:
    ref = world.case.ref
    client = client_for(world.owner)
    page = client.get(f"/cases/{ref}/?tab=team").content.decode()
    assert (
        '<option value="nonmember">' in page and '<option value="outsider">' not in page
    )  # candidates: own organization
    bad = client.post(f"/cases/{ref}/team/", {"username": "nobody-such", "role": "member"})
    body = bad.content.decode()
    assert (
        bad.status_code == 400
        and "No active user of this or a sharing organization has that name." in body
    )
    assert 'id="team-username-errors"' in body and 'value="nobody-such"' in body
    added = client.post(
        f"/cases/{ref}/team/", {"username": "nonmember", "role": "lead"}, follow=True
    )
    assert "nonmember added." in added.content.decode()
    assert CaseTeamMember.objects.get(case=world.case, user=world.nonmember).role == "lead"
    removed = client.post(f"/cases/{ref}/team/nonmember/remove/", follow=True)
    assert "nonmember removed from the team." in removed.content.decode()
    again = client.post(f"/cases/{ref}/team/nonmember/remove/")
    assert again.status_code == 400 and "That user is not on this case" in again.content.decode()


def test_share_grant_and_revoke(world: World, client_for: Any) -> None:
    ref = world.case.ref
    client = client_for(world.owner)
    bad = client.post(f"/cases/{ref}/shares/", {"organization": "nope"})
    assert (
        bad.status_code == 400 and "Name another organization by its code." in bad.content.decode()
    )
    shared = client.post(f"/cases/{ref}/shares/", {"organization": "EXIP"}, follow=True)
    assert "Shared with exip." in shared.content.decode() and "Active" in shared.content.decode()
    assert CaseShare.objects.filter(case=world.case, revoked_at__isnull=True).count() == 1
    revoked = client.post(f"/cases/{ref}/shares/exip/revoke/", follow=True)
    assert (
        "Sharing with exip revoked." in revoked.content.decode()
        and "Revoked" in revoked.content.decode()
    )
    assert CaseShare.objects.filter(case=world.case, revoked_at__isnull=True).count() == 0


def test_only_attorneys_and_admins_manage_the_team(world: World, client_for: Any) -> None:
    ref = world.case.ref
    assert (
        client_for(world.member).post(f"/cases/{ref}/team/", {"username": "nonmember"}).status_code
        == 403
    )
    assert (
        client_for(world.auditor)
        .post(f"/cases/{ref}/shares/", {"organization": "exip"})
        .status_code
        == 403
    )
    assert (
        client_for(world.outsider).post(f"/cases/{ref}/team/", {"username": "outsider"}).status_code
        == 404
    )
    assert not CaseTeamMember.objects.filter(user__username__in=["nonmember", "outsider"]).exists()
    assert not CaseShare.objects.exists()
