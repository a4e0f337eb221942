"""Demo organizations and logins. Every person here is fictional.

The password and the administrators' TOTP secrets are fixed, so ``habeas demo`` can print working
credentials on every start (not only the first) and a printed code works in the browser.
"""

from __future__ import annotations

import hashlib
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import Organization, User
from habeas.accounts.roles import Role
from habeas.accounts.services import organization_create, user_create
from habeas.audit.services import audit_record

# Passes the password validators (length 12+, not common, unlike the usernames).
DEMO_PASSWORD = "habeas-demo-2024"  # noqa: S105  (published on purpose: demo data only)


@dataclass(frozen=True)
class DemoOrg:
    code: str
    name: str
    kind: str
    jurisdiction: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    org: str


CIU = DemoOrg(
    "ladaciu",
    "Los Angeles County DA Conviction Integrity Unit (demo)",
    Organization.Kind.CIU,
    "Los Angeles County, CA",
)
CLINIC = DemoOrg(
    "pic", "Pacific Innocence Clinic (demo)", Organization.Kind.INNOCENCE_ORG, "California"
)
DEMO_ORGS: tuple[DemoOrg, ...] = (CIU, CLINIC)

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("ciu_admin", "Renata", "Albrecht", Role.ADMIN, CIU.code),
    DemoUser("ciu_attorney", "Marcus", "Oyelaran", Role.ATTORNEY, CIU.code),
    DemoUser("ciu_attorney2", "Elaine", "Harcourt", Role.ATTORNEY, CIU.code),
    DemoUser("ciu_investigator", "Tobias", "Lindqvist", Role.INVESTIGATOR, CIU.code),
    DemoUser("ciu_reviewer", "Priya", "Natarajan", Role.REVIEWER, CIU.code),
    DemoUser("ciu_student", "Sam", "Okonkwo", Role.STUDENT, CIU.code),
    DemoUser("ciu_auditor", "Helen", "Marsh", Role.AUDITOR, CIU.code),
    DemoUser("pic_admin", "Joanna", "Whitaker", Role.ADMIN, CLINIC.code),
    DemoUser("pic_attorney", "David", "Moreau", Role.ATTORNEY, CLINIC.code),
    DemoUser("pic_investigator", "Keisha", "Langford", Role.INVESTIGATOR, CLINIC.code),
    DemoUser("pic_reviewer", "Oliver", "Brandt", Role.REVIEWER, CLINIC.code),
    DemoUser("pic_student", "Noor", "Haddad", Role.STUDENT, CLINIC.code),
    DemoUser("pic_auditor", "Frank", "Delacroix", Role.AUDITOR, CLINIC.code),
)


def demo_totp_key(username: str) -> str:
    """Fixed 160-bit hex key per demo admin (derived, so nothing secret sits in the source)."""
    return hashlib.sha1(f"habeas-demo-totp:{username}".encode(), usedforsecurity=False).hexdigest()


def totp_code(hex_key: str, at: float | None = None) -> str:
    totp = TOTP(unhexlify(hex_key.encode()))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    organization: str
    password: str
    totp_secret: str = ""  # base32, for typing into an authenticator app
    otpauth_uri: str = ""
    totp_key_hex: str = ""

    def current_code(self) -> str:
        return totp_code(self.totp_key_hex) if self.totp_key_hex else ""


def demo_accounts_create() -> dict[str, User]:
    orgs = {
        o.code: organization_create(
            name=o.name, code=o.code, kind=o.kind, jurisdiction=o.jurisdiction
        )
        for o in DEMO_ORGS
    }
    users: dict[str, User] = {}
    for u in DEMO_USERS:
        users[u.username] = user_create(
            username=u.username,
            password=DEMO_PASSWORD,
            organization=orgs[u.org],
            role=u.role,
            email=f"{u.username}@demo.invalid",
            first_name=u.first_name,
            last_name=u.last_name,
        )
        if u.role == Role.ADMIN:
            device = TOTPDevice.objects.create(
                user=users[u.username],
                name="Demo authenticator",
                key=demo_totp_key(u.username),
                confirmed=True,
            )
            audit_record(
                actor=users[u.username],
                action="otp.enroll",
                obj=users[u.username],
                detail={"device": device.persistent_id, "demo": True},
            )
    return users


def demo_logins() -> list[DemoLogin]:
    """The demo logins present in the database (all of them right after loading)."""
    present = {
        u.username: u
        for u in User.objects.select_related("organization").filter(
            username__in=[d.username for d in DEMO_USERS]
        )
    }
    logins: list[DemoLogin] = []
    for d in DEMO_USERS:
        user = present.get(d.username)
        if user is None:
            continue
        device = TOTPDevice.objects.filter(
            user=user, confirmed=True, key=demo_totp_key(d.username)
        ).first()
        logins.append(
            DemoLogin(
                username=d.username,
                name=f"{d.first_name} {d.last_name}",
                role=d.role.value,
                organization=user.organization.code if user.organization else "",
                password=DEMO_PASSWORD,
                totp_secret=b32encode(device.bin_key).decode() if device else "",
                otpauth_uri=device.config_url if device else "",
                totp_key_hex=device.key if device else "",
            )
        )
    return logins
