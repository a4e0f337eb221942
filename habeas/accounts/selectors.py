from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import ApiToken, Organization, User
from habeas.accounts.roles import Role
from habeas.accounts.tokens import token_matches, token_prefix

TOKEN_LAST_USED_STEP = dt.timedelta(minutes=1)


def user_from_token(plaintext: str) -> User | None:
    prefix = token_prefix(plaintext)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or not token_matches(plaintext, token.token_hash):
        return None
    # Tells admins which tokens are still in use. To the minute: a write on every API call would
    # queue each call behind the others' writes for nothing an admin reads.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def two_factor_required(user: User) -> bool:
    if user.role == Role.ADMIN or settings.HABEAS_REQUIRE_2FA_FOR_ALL:
        return True
    return bool(user.organization and user.organization.require_2fa_for_all)


def token_list(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at"))


def two_factor_pending_step(user: User) -> str | None:
    """URL name of the page that must come next for this session, or None if two-factor is
    satisfied (or not required). Same rule as TwoFactorRequiredMiddleware, for /accounts/ pages
    that the middleware exempts."""
    if not two_factor_required(user) or getattr(user, "is_verified", lambda: False)():
        return None
    return "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_setup"


def two_factor_devices(*, user: User) -> list[Device]:
    return list(devices_for_user(user, confirmed=True))


def organization_members(*, organization: Organization) -> list[dict[str, object]]:
    """Members with their role and whether they have a confirmed authenticator (for the admin page);
    deactivated members last, so they can be reactivated."""
    enrolled = set(
        TOTPDevice.objects.filter(user__organization=organization, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [
        {"user": u, "two_factor": u.pk in enrolled}
        for u in User.objects.filter(organization=organization).order_by("-is_active", "username")
    ]


def organization_by_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


def organization_taken(*, code: str, name: str) -> str:
    """Which of code and name another organization already has ("" if neither)."""
    if Organization.objects.filter(code=code).exists():
        return "code"
    return "name" if Organization.objects.filter(name=name).exists() else ""


def user_active(username: str) -> User | None:
    return (
        User.objects.select_related("organization")
        .filter(username=username.strip(), is_active=True)
        .first()
    )


def organization_colleagues(*, user: User, exclude: list[int], limit: int = 500) -> list[User]:
    """Active users of ``user``'s own organization (never another organization's), by username."""
    if user.organization_id is None:
        return []
    return list(
        User.objects.filter(organization_id=user.organization_id, is_active=True)
        .exclude(pk__in=exclude)
        .order_by("username")[:limit]
    )


def organizations_exist() -> bool:
    return Organization.objects.exists()
