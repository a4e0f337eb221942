from __future__ import annotations

from collections.abc import Callable

import pytest
from axes.utils import reset
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import User
from habeas.audit.models import AuditEvent
from tests.conftest import PASSWORD, World

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _no_lockouts(db: None) -> None:
    reset()


def current_code(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(
        device.digits
    )


def test_login_page_renders(db: None) -> None:
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_login_success_goes_to_the_case_list(world: World) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.session.get("_auth_user_id") == str(world.owner.pk)
    assert AuditEvent.objects.filter(action="auth.login", username="owner").exists()


def test_login_failure_shows_the_form_again(world: World) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "owner", "password": "wrong password"})
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed", username="owner").exists()


def test_login_rejects_an_offsite_next(world: World) -> None:
    response = Client().post(
        LOGIN + "?next=https://evil.example/", {"username": "owner", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_five_failures_lock_out_even_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"username": "owner", "password": "wrong password"})
    response = client.post(LOGIN, {"username": "owner", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert b"Traceback" not in response.content
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out (username + address).
    assert Client().post(LOGIN, {"username": "member", "password": PASSWORD}).status_code == 302


def test_logout_is_post_only(world: World, client_for: Callable[[User], Client]) -> None:
    client = client_for(world.owner)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_admin_is_forced_to_enroll(world: World) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    # Any page outside /accounts/ sends an unverified admin back to enrollment.
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    # /accounts/ pages that act (tokens, settings) check two-factor themselves.
    response = client.post("/accounts/security/tokens/", {"name": "sneaky"})
    assert response.status_code == 302 and "/accounts/2fa/setup/" in response["Location"]
    assert not world.admin.api_tokens.exists()
    # The API refuses the unverified session too.
    assert client.get("/api/v1/me").status_code == 401


def test_non_admin_is_not_forced(world: World) -> None:
    client = Client()
    client.post(LOGIN, {"username": "owner", "password": PASSWORD})
    assert client.get("/accounts/security/").status_code == 200


def test_totp_enrollment_with_a_real_code(world: World) -> None:
    client = Client()
    client.post(LOGIN, {"username": "admin", "password": PASSWORD})
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
    # Reloading keeps the same pending device (the QR code the user is scanning stays valid).
    client.get("/accounts/2fa/setup/")
    assert TOTPDevice.objects.filter(user=world.admin).count() == 1
    from base64 import b32encode

    assert b32encode(device.bin_key).decode().rstrip("=")[:4].encode() in page.content

    bad = client.post(
        "/accounts/2fa/setup/",
        {"token": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert bad.status_code == 400 and b"not valid" in bad.content
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0  # the failed try above throttles the next one for a second
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post(
        "/accounts/2fa/setup/", {"token": current_code(device), "next": "/audit/"}
    )
    assert response.status_code == 302 and response["Location"] == "/audit/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enroll", username="admin").exists()


def test_enrolled_user_must_verify_after_password(world: World) -> None:
    device = TOTPDevice.objects.create(user=world.admin, name="phone", confirmed=True)
    client = Client()
    response = client.post(LOGIN, {"username": "admin", "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/verify/")
    # No second enrollment with only the password.
    assert client.get("/accounts/2fa/setup/")["Location"].startswith("/accounts/2fa/verify/")
    assert client.get("/audit/")["Location"].startswith("/accounts/2fa/verify/")
    wrong = client.post("/accounts/2fa/verify/", {"token": "12345x"})
    assert wrong.status_code == 400
    response = client.post("/accounts/2fa/verify/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/audit/").status_code == 200


def test_org_wide_2fa_forces_everyone(world: World) -> None:
    world.org_a.require_2fa_for_all = True
    world.org_a.save()
    client = Client()
    client.post(LOGIN, {"username": "owner", "password": PASSWORD})
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
