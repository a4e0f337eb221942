"""Who may redact, produce and deliver (the owning organization's writing roles), and what a
partner organization sees (only productions delivered to it, never the owner's redactions)."""

from __future__ import annotations

import pytest

from habeas.accounts.models import User
from habeas.audit.models import AuditEvent
from habeas.cases.services.team import case_share_grant, team_member_add
from habeas.core.errors import NotFoundError, PermissionDeniedError
from habeas.disclosure.models import Production
from habeas.disclosure.selectors import (
    ledger,
    privilege_log,
    production_get,
    production_list,
    redaction_list,
)
from habeas.disclosure.services.ledger import disclosure_record
from habeas.disclosure.services.productions import production_build, production_create
from habeas.disclosure.services.redactions import redaction_add
from tests.conftest import World
from tests.disclosure.helpers import WITNESS, draft, two_documents


@pytest.fixture
def partner(world: World) -> User:
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    team_member_add(actor=world.owner, case_ref=world.case.ref, username="outsider")
    return world.outsider


def _create(user: User, world: World, **kw: str) -> Production:
    return production_create(
        actor=user,
        case_ref=world.case.ref,
        name="Set",
        recipient_name=kw.get("recipient_name", "Defense counsel"),
        recipient_kind=kw.get("recipient_kind", "defense_counsel"),
        recipient_organization=kw.get("org", ""),
        obligation="brady",
        bates_prefix="CIU",
    )


def test_owner_and_member_may_produce_others_may_not(world: World) -> None:
    a, _ = two_documents(world.owner, world.case)
    assert _create(world.owner, world).pk
    assert _create(world.member, world).pk  # an investigator on the team
    for user in (world.nonmember, world.outsider):
        with pytest.raises(NotFoundError):
            _create(user, world)
        with pytest.raises(NotFoundError):
            redaction_add(
                actor=user, case_ref=world.case.ref, document_id=a.pk, reason="privacy", text="x"
            )
    with pytest.raises(PermissionDeniedError):
        _create(world.auditor, world)


def test_partner_may_not_redact_produce_or_deliver(world: World, partner: User) -> None:
    a, _ = two_documents(world.owner, world.case)
    production = draft(world.owner, world.case, [a])
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDeniedError, match="disclosing unit"):
        redaction_add(
            actor=partner, case_ref=world.case.ref, document_id=a.pk, reason="privacy", text="x"
        )
    with pytest.raises(PermissionDeniedError, match="owner"):
        _create(partner, world)
    with pytest.raises(PermissionDeniedError):
        production_build(actor=partner, case_ref=world.case.ref, production_id=production.pk)
    production_build(actor=world.owner, case_ref=world.case.ref, production_id=production.pk)
    with pytest.raises(PermissionDeniedError):
        disclosure_record(
            actor=partner, case_ref=world.case.ref, production_id=production.pk, method="email"
        )
    with pytest.raises(PermissionDeniedError):  # an investigator does not record disclosures
        disclosure_record(
            actor=world.member, case_ref=world.case.ref, production_id=production.pk, method="email"
        )
    assert not AuditEvent.objects.filter(
        pk__gt=before, user=partner, action__startswith=("production")
    ).exists()


def test_partner_sees_only_what_was_delivered_to_it(world: World, partner: User) -> None:
    a, b = two_documents(world.owner, world.case)
    redaction_add(
        actor=world.owner,
        case_ref=world.case.ref,
        document_id=a.pk,
        reason="work_product",
        text=WITNESS,
    )
    defense = draft(world.owner, world.case, [a], name="For the defense")
    to_partner = draft(
        world.owner,
        world.case,
        [b],
        name="For the partner",
        recipient_kind="partner",
        recipient_organization="exip",
        bates_prefix="EXIP",
    )
    for p in (defense, to_partner):
        production_build(actor=world.owner, case_ref=world.case.ref, production_id=p.pk)
    _, visible = production_list(user=partner, case_ref=world.case.ref)
    assert list(visible) == []  # built, but not delivered yet
    disclosure_record(
        actor=world.owner, case_ref=world.case.ref, production_id=defense.pk, method="portal"
    )
    disclosure_record(
        actor=world.owner, case_ref=world.case.ref, production_id=to_partner.pk, method="portal"
    )
    _, visible = production_list(user=partner, case_ref=world.case.ref)
    assert [p.pk for p in visible] == [to_partner.pk]
    with pytest.raises(NotFoundError):
        production_get(user=partner, case_ref=world.case.ref, production_id=defense.pk)
    _, entries = ledger(user=partner, case_ref=world.case.ref)
    assert [e.production_id for e in entries] == [to_partner.pk]
    _, redactions = redaction_list(user=partner, case_ref=world.case.ref)
    assert list(redactions) == []
    _, log = privilege_log(user=partner, case_ref=world.case.ref)
    assert list(log) == []  # the work-product redaction is in the defense's document only
    _, owner_view = production_list(user=world.owner, case_ref=world.case.ref)
    assert {p.pk for p in owner_view} == {defense.pk, to_partner.pk}
    _, owner_log = privilege_log(user=world.auditor, case_ref=world.case.ref)
    assert len(list(owner_log)) == 1


def test_a_partner_recipient_must_be_a_partner_of_the_case(world: World) -> None:
    from habeas.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        _create(world.owner, world, recipient_kind="partner", org="exip")
    assert "recipient_organization" in refused.value.fields


def test_every_write_is_audited_once(world: World) -> None:
    a, _ = two_documents(world.owner, world.case)
    redaction_add(
        actor=world.owner, case_ref=world.case.ref, document_id=a.pk, reason="privacy", text=WITNESS
    )
    production = draft(world.owner, world.case, [a])
    production_build(actor=world.owner, case_ref=world.case.ref, production_id=production.pk)
    disclosure_record(
        actor=world.owner, case_ref=world.case.ref, production_id=production.pk, method="mail"
    )
    actions = list(
        AuditEvent.objects.filter(action__regex=r"^(redaction|production|disclosure)\.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "redaction.apply",
        "production.create",
        "production.add",
        "production.build",
        "production.built",
        "disclosure.record",
    ]
