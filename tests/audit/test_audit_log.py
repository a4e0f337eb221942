from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from habeas.audit.models import AuditEvent
from habeas.audit.selectors import audit_chain_verify
from habeas.cases.reads import case_read
from tests.conftest import World


def _disable_append_only_triggers() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_event_no_update")
            cur.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")


def test_reads_and_writes_are_logged_with_case(world: World) -> None:
    case_read(user=world.member, ref=world.case.ref, view="test")
    actions = list(
        AuditEvent.objects.filter(case_id=world.case.pk).values_list("action", flat=True)
    )
    assert "case.create" in actions and "team.add" in actions and "case.read" in actions


def test_database_refuses_update_and_delete(world: World) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = 1")
    with pytest.raises(RuntimeError):
        AuditEvent.objects.get(seq=1).delete()


def test_verify_catches_an_edited_row(world: World) -> None:
    assert audit_chain_verify()[1] is None
    _disable_append_only_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET username = 'someone-else' WHERE seq = 3")
    checked, broken = audit_chain_verify()
    assert broken is not None and broken.seq == 3 and checked == 2


def test_verify_catches_a_deleted_tail_row(world: World) -> None:
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    _disable_append_only_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
    _, broken = audit_chain_verify()
    assert broken is not None and broken.seq == last.seq
