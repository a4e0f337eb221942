"""Organizations, users, API tokens, two-factor devices and organization settings."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import match_token, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import ApiToken, Organization, User
from habeas.accounts.roles import Role
from habeas.accounts.tokens import token_generate
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


@transaction.atomic
def organization_create(*, name: str, code: str, kind: str, jurisdiction: str = "") -> Organization:

    if kind not in Organization.Kind.values:
        raise ApplicationError(
            "Unknown organization kind.",
            fields={"kind": [f"Choose one of {', '.join(Organization.Kind.values)}."]},
        )
    org = Organization.objects.create(
        name=name, code=code.lower(), kind=kind, jurisdiction=jurisdiction
    )
    audit_record(actor=None, action="organization.create", obj=org, detail={"code": org.code})
    return org


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    organization: Organization | None,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    check_password: bool = True,
    actor: User | None = None,
) -> User:
    if role not in Role.__members__.values():
        raise ApplicationError(
            "Unknown role.", fields={"role": [f"Choose one of {', '.join(r.value for r in Role)}."]}
        )
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            "Username taken.", fields={"username": ["A user with that name exists."]}
        )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organization=organization,
        role=role,
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(
                "Password too weak.", fields={"password": list(exc.messages)}
            ) from exc
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, action="user.create", obj=user, detail={"username": username, "role": role}
    )
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the stored token row and the plaintext, which is never stored or shown again."""
    new = token_generate()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=new.prefix, token_hash=new.digest
    )
    audit_record(actor=user, action="token.create", obj=token, detail={"prefix": new.prefix})
    return token, new.plaintext


@transaction.atomic
def token_revoke(*, user: User, prefix: str) -> ApiToken:
    token = (
        ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or (
        token.user_id != user.pk
        and not (user.role == Role.ADMIN and token.user.organization_id == user.organization_id)
    ):
        raise NotFoundError("No active token with that prefix.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=user, action="token.revoke", obj=token, detail={"prefix": prefix})
    return token


# --- Two-factor enrollment and verification -------------------------------------------------


def totp_device_begin(*, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) authenticator, created on first visit so the QR code
    stays the same while they scan it."""
    if user_has_device(user, confirmed=True):
        raise ApplicationError("Two-factor authentication is already set up for this account.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the pending authenticator with a code from the app. Not atomic on purpose: a
    failed attempt must still count against the device's throttle and land in the audit log."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ApplicationError("Start the set-up again: no pending authenticator was found.")
    if not device.verify_token(token.strip()):
        audit_record(actor=user, action="otp.enroll_failed", obj=user)
        raise ApplicationError(
            "That code is not valid.",
            fields={
                "token": ["That code is not valid or has expired. Enter the current 6-digit code."]
            },
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Stale half-finished enrollments would otherwise linger as unused secrets.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(
            actor=user, action="otp.enroll", obj=user, detail={"device": device.persistent_id}
        )
    return device


def totp_verify(*, user: User, token: str) -> Device:
    """Check a code against the user's confirmed devices; failures are throttled and audited."""
    device = match_token(user, token.strip())
    if device is None:
        audit_record(actor=user, action="otp.verify_failed", obj=user)
        raise ApplicationError(
            "That code is not valid.", fields={"token": ["That code is not valid or has expired."]}
        )
    audit_record(actor=user, action="otp.verify", obj=user)
    return device


# --- Organization settings and the screening checklist -------------------------------------

QUORUM_MIN, QUORUM_MAX = 1, 25


def organization_admin_checked(actor: User) -> Organization:
    """The actor's organization, if the actor administers it (else 403)."""
    if actor.role != Role.ADMIN or actor.organization is None:
        raise PermissionDeniedError("Only administrators may change organization settings.")
    return actor.organization


@transaction.atomic
def organization_settings_update(
    *,
    actor: User,
    require_2fa_for_all: bool,
    members_see_all_cases: bool,
    committee_quorum: int,
    pattern_hidden_counts: bool = False,
) -> Organization:
    org = organization_admin_checked(actor)
    if not QUORUM_MIN <= committee_quorum <= QUORUM_MAX:
        raise ApplicationError(
            "Invalid quorum.",
            fields={"committee_quorum": [f"Enter a number from {QUORUM_MIN} to {QUORUM_MAX}."]},
        )
    org = Organization.objects.select_for_update().get(pk=org.pk)
    before = {
        f: getattr(org, f)
        for f in (
            "require_2fa_for_all",
            "members_see_all_cases",
            "committee_quorum",
            "pattern_hidden_counts",
        )
    }
    org.pattern_hidden_counts = pattern_hidden_counts
    org.require_2fa_for_all = require_2fa_for_all
    org.members_see_all_cases = members_see_all_cases
    org.committee_quorum = committee_quorum
    org.save(update_fields=list(before))
    after = {f: getattr(org, f) for f in before}
    changes = {f: [before[f], after[f]] for f in before if before[f] != after[f]}
    audit_record(actor=actor, action="organization.settings", obj=org, detail={"changes": changes})
    return org


@transaction.atomic
def two_factor_reset(*, actor: User, username: str) -> int:
    """An admin clears a member's authenticators (lost phone); the member must enrol again at next login.
    Returns how many devices were removed."""
    org = organization_admin_checked(actor)
    member = User.objects.filter(username=username, organization=org).first()
    if member is None:
        raise NotFoundError("No such member of your organization.")
    removed, _ = TOTPDevice.objects.filter(user=member).delete()
    audit_record(
        actor=actor,
        action="auth.two_factor_reset",
        obj=member,
        detail={"user": username, "devices": removed},
    )
    return int(removed)


def _member_checked(actor: User, username: str) -> tuple[Organization, User]:
    org = organization_admin_checked(actor)
    member = User.objects.select_for_update().filter(username=username, organization=org).first()
    if member is None:
        raise NotFoundError("No such member of your organization.")
    return org, member


def _last_admin(org: Organization, member: User) -> bool:
    others = User.objects.filter(organization=org, role=Role.ADMIN, is_active=True).exclude(
        pk=member.pk
    )
    return member.role == Role.ADMIN and member.is_active and not others.exists()


@transaction.atomic
def member_add(
    *, actor: User, username: str, first_name: str, last_name: str, email: str, role: str
) -> tuple[User, str]:
    """An admin adds a member to their own organization. Returns the user and a one-time password
    to hand over in person or by a separate channel: it is stored only as a hash and never shown
    again (the member changes it on the Security page)."""
    org = organization_admin_checked(actor)
    username = username.strip()
    if not username or not first_name.strip() or not last_name.strip():
        fields = {
            f: ["Required."]
            for f, v in (
                ("username", username),
                ("first_name", first_name),
                ("last_name", last_name),
            )
            if not v.strip()
        }
        raise ApplicationError("A member needs a login name, a first name and a last name.", fields)
    password = secrets.token_urlsafe(15)
    user = user_create(
        actor=actor,
        username=username,
        password=password,
        organization=org,
        role=role,
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        check_password=False,  # generated: long and random
    )
    return user, password


@transaction.atomic
def member_role_set(*, actor: User, username: str, role: str) -> User:
    org, member = _member_checked(actor, username)
    if role not in Role.__members__.values():
        raise ApplicationError("Unknown role.", {"role": ["Choose a role from the list."]})
    if member.role == role:
        return member
    if _last_admin(org, member):
        raise ApplicationError(
            "The organization needs an administrator: make someone else one first."
        )
    before = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="user.role",
        obj=member,
        detail={"user": username, "from": before, "to": role},
    )
    return member


@transaction.atomic
def member_active_set(*, actor: User, username: str, active: bool) -> User:
    """Deactivate (they can no longer log in or use their API tokens; their work and its audit trail
    stay) or reactivate a member."""
    org, member = _member_checked(actor, username)
    if member.is_active == active:
        return member
    if not active and member.pk == actor.pk:
        raise ApplicationError("You cannot deactivate yourself.")
    if not active and _last_admin(org, member):
        raise ApplicationError(
            "The organization needs an administrator: make someone else one first."
        )
    member.is_active = active
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        obj=member,
        detail={"user": username},
    )
    return member
