from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from habeas.accounts.models import ApiToken, User
from habeas.accounts.roles import Role
from habeas.accounts.tokens import token_matches, token_prefix


def user_from_token(plaintext: str) -> User | None:
    prefix = token_prefix(plaintext)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user", "user__organization").filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not token.user.is_active or not token_matches(plaintext, token.token_hash):
        return None
    # Cheap enough per request; tells admins which tokens are still in use.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def two_factor_required(user: User) -> bool:
    if user.role == Role.ADMIN or settings.HABEAS_REQUIRE_2FA_FOR_ALL:
        return True
    return bool(user.organization and user.organization.require_2fa_for_all)


def token_list(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at"))
