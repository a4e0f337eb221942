from __future__ import annotations

import pytest
from django.db import connection, transaction

from habeas.accounts.services import organization_create
from habeas.cases.models import Case
from habeas.demo.accounts import DEMO_PASSWORD
from habeas.demo.data import demo_load
from tests.clients import run


class _Rollback(Exception):
    pass


def _snapshot() -> list[tuple[str, str, str]]:
    return list(Case.objects.order_by("ref").values_list("ref", "title", "stage"))


def test_demo_command_loads_once_prints_logins_and_loads_are_deterministic(db: None) -> None:
    try:
        with transaction.atomic():
            code, out, err = run("demo", "--no-serve")
            assert code == 0, err
            assert "loading demo data" in out and "ciu_admin" in out and DEMO_PASSWORD in out
            assert "otpauth://totp/" in out and "code now" in out
            featured = Case.objects.get(title="People v. Adrian Solano")
            assert f"Start here: log in as ciu_attorney and open case {featured.ref}" in out
            first = _snapshot()
            code, out, _ = run("demo", "--no-serve")
            assert code == 0 and "already loaded" in out and _snapshot() == first
            raise _Rollback
    except _Rollback:
        pass
    assert not Case.objects.exists()
    demo_load()  # a second load into a fresh database gives the same cases
    assert _snapshot() == first and len(first) > 40


def test_demo_command_refuses_a_database_with_other_organizations(db: None) -> None:
    organization_create(name="Real Unit", code="real", kind="ciu")
    code, _, err = run("demo", "--no-serve")
    assert code == 1 and "other organizations" in err
    assert not Case.objects.exists()


def test_demo_reset_refuses_databases_it_cannot_delete(db: None) -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name:
        pytest.skip("file-backed test database: --reset would delete it")
    code, _, err = run("demo", "--no-serve", "--reset")
    assert code == 1 and "--reset" in err
