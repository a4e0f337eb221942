"""A probe of another organization's cases (each answered 404) shows up in the audit log, without
the foreign case's identity or content and without a row per request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from habeas.accounts.models import User
from habeas.administration.audit_words import audit_action_words, audit_detail_words
from habeas.audit.models import AuditEvent
from tests.clients import Api
from tests.conftest import World


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _refused() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="access.refused").order_by("seq"))


def test_a_probe_of_foreign_cases_is_logged_once_a_minute_with_a_count(
    world: World, client_for: Callable[[User], Client], monkeypatch: Any
) -> None:
    client = client_for(world.outsider)
    for _ in range(30):
        assert client.get(f"/cases/{world.case.ref}/").status_code == 404
    rows = _refused()
    assert len(rows) == 1
    row = rows[0]
    assert row.username == "outsider" and row.detail["refused"] == 1
    assert row.detail["asked_for"] == "case" and row.source == "web"
    # Nothing about the case asked for: not its reference, id or anything of its organization's.
    assert row.case_id is None and row.case_ref == "" and row.object_id == ""
    assert world.case.ref not in str(row.detail) and row.organization_id_at == world.org_b.pk

    later = time.time() + 61
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    assert client.get(f"/cases/{world.case.ref}/").status_code == 404
    rows = _refused()
    assert len(rows) == 2 and rows[1].detail["refused"] == 30  # 29 held back + this one


def test_api_and_cli_refusals_are_logged_too(world: World) -> None:
    assert Api(world.outsider).get(f"/cases/{world.case.ref}").status_code == 404
    with pytest.raises(CommandError):
        call_command("case", "show", world.case.ref, as_user="outsider")
    rows = _refused()
    assert [r.source for r in rows] == ["api", "cli"]
    assert all(
        r.detail["asked_for"] == "case" and world.case.ref not in str(r.detail) for r in rows
    )


def test_the_audit_page_says_it_in_words(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client_for(world.outsider).get(f"/cases/{world.case.ref}/")
    row = _refused()[0]
    assert audit_action_words(row.action) == (
        "Asked for something that does not exist or is not theirs to see"
    )
    words = audit_detail_words(row.detail)
    assert "Asked for: case" in words and "Times refused since the last such entry: 1" in words
    assert ":" not in words.split("Where: ")[1].split(";")[0]


def test_own_cases_leave_no_refusal(world: World, client_for: Callable[[User], Client]) -> None:
    assert client_for(world.owner).get(f"/cases/{world.case.ref}/").status_code == 200
    assert _refused() == []
