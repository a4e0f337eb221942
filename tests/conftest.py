"""Shared personas, after Healthchecks' Alice/Bob/Charlie: every permission test can ask
"what does the outsider get?" against the same case.

- owner: attorney of org A, lead on ``case``            -> read/write
- member: investigator of org A on the team              -> read/write
- nonmember: attorney of org A, not on the team          -> 404
- outsider: attorney of org B (not shared)               -> 404
- auditor: auditor of org A                              -> read-only, audit log
- admin: administrator of org A (TOTP required)          -> everything in org A
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import Organization, User
from habeas.accounts.services import organization_create, user_create
from habeas.cases.models import Case
from habeas.cases.services.intake import case_intake
from habeas.cases.services.team import team_member_add

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _on_commit_as_in_production() -> Iterator[None]:
    """In production, work queued with ``transaction.on_commit`` outside any transaction of the
    application's own runs at once (autocommit). pytest-django's per-test transaction would hold it
    until a commit that never comes, so here it runs at once again where only the test's own
    transaction is open. Inside the application's transactions it waits as in production (tests
    of those paths capture it with ``django_capture_on_commit_callbacks``)."""
    original = transaction.on_commit

    def on_commit(
        func: Callable[[], object], using: str | None = None, robust: bool = False
    ) -> None:
        connection = transaction.get_connection(using)
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            func()
        else:
            original(func, using=using, robust=robust)

    # A patch of its own: a test's monkeypatch.undo() must not undo this one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transaction, "on_commit", on_commit)
        yield


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    owner: User
    member: User
    nonmember: User
    outsider: User
    auditor: User
    admin: User
    case: Case


def make_user(username: str, org: Organization, role: str) -> User:
    return user_create(
        username=username, password=PASSWORD, organization=org, role=role, check_password=False
    )


def intake_payload(docket: str = "BA200101", **case_fields: object) -> dict[str, object]:
    case = {
        "title": "People v. Rivera",
        "received_on": "2024-03-01",
        "county": "Los Angeles",
        **case_fields,
    }
    return {
        "case": case,
        "sections": {
            "applicant": {
                "first_name": "Tomas",
                "last_name": "Rivera",
                "date_of_birth": "1980-05-02",
                "custody_status": "in_custody",
            },
            "incident": {
                "occurred_on": "2000-12-31",
                "place": "Paramount",
                "county": "Los Angeles",
                "agency": "LASD",
            },
            "conviction": {
                "court": "Los Angeles Superior Court",
                "docket_number": docket,
                "arrested_on": "2001-01-18",
                "convicted_on": "2001-06-12",
                "form": "jury",
                "offense": "Murder",
                "statute": "Cal. Penal Code 187(a)",
            },
        },
    }


@pytest.fixture
def world(db: None) -> World:
    org_a = organization_create(
        name="Example County CIU", code="exciu", kind="ciu", jurisdiction="Los Angeles County, CA"
    )
    org_b = organization_create(name="Example Innocence Project", code="exip", kind="innocence_org")
    owner = make_user("owner", org_a, "attorney")
    member = make_user("member", org_a, "investigator")
    nonmember = make_user("nonmember", org_a, "attorney")
    outsider = make_user("outsider", org_b, "attorney")
    auditor = make_user("auditor", org_a, "auditor")
    admin = make_user("admin", org_a, "admin")
    payload = intake_payload()
    case = case_intake(actor=owner, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    team_member_add(actor=owner, case_ref=case.ref, username="member")
    return World(org_a, org_b, owner, member, nonmember, outsider, auditor, admin, case)


def login(client: Client, user: User) -> Client:
    """Log a test client in; users who need two-factor get a verified TOTP session."""
    client.force_login(user)
    from habeas.accounts.selectors import two_factor_required

    if two_factor_required(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return login(Client(), user)

    return make


_triggers_lifted = False


def audit_triggers_set(*, enabled: bool) -> None:
    """Lift or restore the audit table's append-only triggers (only around a transactional test's flush)."""
    import importlib

    from django.db import connection

    global _triggers_lifted
    migration = importlib.import_module("habeas.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                f"ALTER TABLE audit_auditevent {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER"
            )
        else:
            for sql in migration.SQLITE if enabled else migration.SQLITE_DROP:
                cur.execute(sql)
    _triggers_lifted = not enabled


@pytest.fixture(autouse=True)
def _document_storage(tmp_path_factory: pytest.TempPathFactory, settings: Any) -> None:
    """Each test gets its own file store and search index (the index is a directory, not the DB)."""
    from habeas.documents.page_index import page_index_forget

    root = tmp_path_factory.mktemp("docs")
    settings.HABEAS_BLOB_DIR = root / "blobs"
    settings.HABEAS_INDEX_DIR = root / "index"
    settings.HABEAS_BULK_DIR = root / "bulk"
    settings.HABEAS_WORK_DIR = root / "work"
    settings.HABEAS_OCR_WORKERS = 2
    # Checkpoints outside the database outlive a test's rolled-back rows: one folder per test.
    settings.HABEAS_AUDIT_CHECKPOINT_DIR = root / "audit-checkpoints"
    page_index_forget()


@pytest.fixture(autouse=True)
def _audit_triggers_in_place(request: pytest.FixtureRequest) -> None:
    """Put the triggers back after a transactional test lifted them for its flush."""
    if _triggers_lifted:
        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            audit_triggers_set(enabled=True)
