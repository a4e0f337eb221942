"""Organizations, users and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import ApiToken, Organization, User
from habeas.accounts.roles import Role
from habeas.accounts.tokens import token_generate
from habeas.audit.services import audit_record
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.domain.screening import DEFAULT_CRITERIA


@transaction.atomic
def organization_create(*, name: str, code: str, kind: str, jurisdiction: str = "") -> Organization:
    from habeas.cases.models import ScreeningCriterion

    if kind not in Organization.Kind.values:
        raise ApplicationError("Unknown organization kind.", fields={"kind": [f"Choose one of {', '.join(Organization.Kind.values)}."]})
    org = Organization.objects.create(name=name, code=code.lower(), kind=kind, jurisdiction=jurisdiction)
    ScreeningCriterion.objects.bulk_create(
        ScreeningCriterion(organization=org, key=key, label=label, position=i) for i, (key, label) in enumerate(DEFAULT_CRITERIA)
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
) -> User:
    if role not in Role.__members__.values():
        raise ApplicationError("Unknown role.", fields={"role": [f"Choose one of {', '.join(r.value for r in Role)}."]})
    if User.objects.filter(username=username).exists():
        raise ApplicationError("Username taken.", fields={"username": ["A user with that name exists."]})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, organization=organization, role=role)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError("Password too weak.", fields={"password": list(exc.messages)}) from exc
    user.set_password(password)
    user.save()
    audit_record(actor=None, action="user.create", obj=user, detail={"username": username, "role": role})
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the stored token row and the plaintext, which is never stored or shown again."""
    new = token_generate()
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=new.prefix, token_hash=new.digest)
    audit_record(actor=user, action="token.create", obj=token, detail={"prefix": new.prefix})
    return token, new.plaintext


@transaction.atomic
def token_revoke(*, user: User, prefix: str) -> ApiToken:
    token = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("user").first()
    if token is None or (token.user_id != user.pk and not (user.role == Role.ADMIN and token.user.organization_id == user.organization_id)):
        raise NotFoundError("No active token with that prefix.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=user, action="token.revoke", obj=token, detail={"prefix": prefix})
    return token
