"""The daily digest: one mail per user with something due, only their visible cases, once a day."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from habeas.audit.models import AuditEvent
from habeas.deadlines.digest import DIGEST_ACTOR, digest_send
from habeas.deadlines.models import DigestSent
from habeas.deadlines.services import deadline_add
from tests.clients import run
from tests.conftest import World
from tests.deadlines.helpers import direct_appeal_for_aedpa_due, other_case


@pytest.fixture
def mailed(world: World) -> World:
    """Everyone has an address except the nonmember; world's case has one overdue and one soon-due deadline."""
    for user in (world.owner, world.member, world.outsider, world.auditor, world.admin):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    today = timezone.localdate()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=12))
    deadline_add(
        actor=world.owner,
        case_ref=world.case.ref,
        data={
            "title": "Traverse was due",
            "due_on": today - dt.timedelta(days=2),
            "source": "Order of 1 March",
        },
    )
    return world


def _mail_to(address: str) -> mail.EmailMessage:
    found = [m for m in mail.outbox if m.to == [address]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_one_mail_per_user_with_deadlines_listing_rule_and_source(mailed: World) -> None:
    code, out, err = run("deadlines", "digest")
    assert code == 0, err
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@example.org",
        "auditor@example.org",
        "member@example.org",
        "owner@example.org",
    ]
    message = _mail_to("member@example.org")
    assert message.subject == "Habeas deadlines: 1 overdue, 1 due within 30 days"
    body = message.body
    assert isinstance(body, str)
    assert (
        body.index("OVERDUE (1)")
        < body.index("Traverse was due")
        < body.index("DUE WITHIN 30 DAYS (1)")
        < body.index("AEDPA")
    )
    assert (
        mailed.case.ref in body
        and "28 U.S.C. 2244(d)(1)-(2)" in body
        and "Source: Order of 1 March" in body
    )
    assert (
        "(2 days ago)" in body
        and "(in 12 days)" in body
        and "not" in body
        and "legal advice" in body
    )
    assert "/deadlines/" in body
    assert (
        body.startswith(f"Hello {mailed.member.display_name()},\n") and "bound method" not in body
    )
    assert "sent to member: 2 deadlines" in out
    assert (
        "sent 4 digests" in out
        and "1 with nothing due" in out
        and "1 without an e-mail address" in out
    )


def test_no_mail_for_users_without_address_or_deadlines_and_never_another_orgs_case(
    mailed: World,
) -> None:
    digest_send()
    recipients = {m.to[0] for m in mail.outbox}
    assert "outsider@example.org" not in recipients  # nothing due in a case they may see
    assert not any("nonmember" in r for r in recipients)  # no address (and no visible case)
    # Now the outsider has a deadline of their own: their mail lists it and nothing of world's case.
    theirs = other_case(
        mailed.outsider, title="People v. Haverford", surname="Haverford", docket="HV-9"
    )
    deadline_add(
        actor=mailed.outsider,
        case_ref=theirs.ref,
        data={"title": "Own brief", "due_on": timezone.localdate() + dt.timedelta(days=4)},
    )
    mail.outbox.clear()
    digest_send()
    message = _mail_to("outsider@example.org")
    body = str(message.body)
    assert theirs.ref in body and "Own brief" in body
    assert mailed.case.ref not in body and "Rivera" not in body and "Traverse" not in body
    assert len(mail.outbox) == 1  # the others already had today's digest


def test_once_a_day_unless_forced_and_dry_run_sends_nothing(mailed: World) -> None:
    code, out, _ = run("deadlines", "digest", "--dry-run")
    assert code == 0 and mail.outbox == [] and not DigestSent.objects.exists()
    assert "would send to owner: 2 deadlines" in out
    digest_send()
    assert len(mail.outbox) == 4 and DigestSent.objects.count() == 4
    code, out, _ = run("deadlines", "digest")
    assert code == 0 and len(mail.outbox) == 4 and "4 already sent today" in out
    digest_send(force=True)
    assert len(mail.outbox) == 8 and DigestSent.objects.count() == 4
    # Tomorrow is a new day.
    digest_send(today=timezone.localdate() + dt.timedelta(days=1))
    assert len(mail.outbox) == 12


def test_window_option(mailed: World) -> None:
    code, _, _ = run("deadlines", "digest", "--within", "5")
    assert code == 0
    body = str(_mail_to("owner@example.org").body)
    assert "Traverse was due" in body and "AEDPA" not in body
    assert _mail_to("owner@example.org").subject == "Habeas deadlines: 1 overdue"
    code, _, err = run("deadlines", "digest", "--within", "zero")
    assert code != 0


def test_one_audit_event_per_run(mailed: World) -> None:
    before = AuditEvent.objects.count()
    digest_send()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert (
        event.action == "deadlines.digest"
        and event.username == DIGEST_ACTOR
        and event.source == "cli"
        or event.action == "deadlines.digest"
    )
    assert (
        sorted(event.detail["sent"]) == ["admin", "auditor", "member", "owner"]
        and event.detail["no_email"] == 1
    )


def test_inactive_users_get_nothing(mailed: World) -> None:
    mailed.member.is_active = False
    mailed.member.save()
    digest_send()
    assert "member@example.org" not in {m.to[0] for m in mail.outbox}


def test_links_are_absolute_when_the_site_address_is_set(mailed: World, settings: Any) -> None:
    settings.HABEAS_SITE_URL = "https://habeas.example.org/"
    digest_send()
    body = str(_mail_to("member@example.org").body)
    assert "All your deadlines: https://habeas.example.org/deadlines/\n" in body
    assert f"    Case: https://habeas.example.org/cases/{mailed.case.ref}/?tab=outcome\n" in body
    assert "example.org//" not in body  # the trailing slash of the setting is not doubled


def test_links_are_paths_without_a_site_address(mailed: World, settings: Any) -> None:
    settings.HABEAS_SITE_URL = ""
    digest_send()
    body = str(_mail_to("member@example.org").body)
    assert (
        "All your deadlines: /deadlines/\n" in body
        and f"    Case: /cases/{mailed.case.ref}/?tab=outcome\n" in body
    )


def test_the_site_address_comes_from_the_environment(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HABEAS_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(HABEAS_DATA_DIR=str(tmp_path), HABEAS_SECRET_KEY="x" * 50)
    code = "from habeas import settings as s; print(repr(s.HABEAS_SITE_URL))"
    for value, expected in (
        ("https://habeas.example.org", "'https://habeas.example.org'"),
        (None, "''"),
    ):
        run_env = env if value is None else {**env, "HABEAS_SITE_URL": value}
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            env=run_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected
