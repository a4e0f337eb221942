"""Users who must use two-factor are held at enrollment or verification until they have."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from habeas.accounts.selectors import two_factor_required

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and two_factor_required(user)
            and not user.is_verified()  # type: ignore[attr-defined]
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            return redirect("accounts:otp_verify" if has_device else "accounts:otp_setup")
        return self.get_response(request)
