"""Appending a row costs three statements inside its transaction (the head advanced and read in
one UPDATE ... RETURNING, the row, the head's new hash), and the chain still verifies."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from habeas.audit.models import AuditEvent, AuditHead
from habeas.audit.selectors import audit_chain_verify
from habeas.audit.services import audit_record
from tests.conftest import World


def test_an_append_is_three_statements_and_the_chain_verifies(world: World) -> None:
    audit_record(actor=world.owner, action="case.read", case=world.case)
    before = AuditHead.objects.get(pk=1)
    with CaptureQueriesContext(connection) as ctx:
        event = audit_record(actor=world.owner, action="case.read", case=world.case)
    touching = [q["sql"] for q in ctx.captured_queries if '"audit_audit' in q["sql"]]
    assert len(touching) == 3, touching
    head = AuditHead.objects.get(pk=1)
    assert event.seq == before.seq + 1 == head.seq
    assert event.prev_hash == before.last_hash
    assert head.last_hash == event.row_hash == AuditEvent.objects.get(seq=event.seq).row_hash
    checked, broken = audit_chain_verify()
    assert broken is None
    assert checked == head.seq
