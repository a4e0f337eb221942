"""Login, two-factor enrollment and verification, API tokens.

Everything under /accounts/ is exempt from TwoFactorRequiredMiddleware (the user has to reach
the enrollment page somehow), so pages here that do more than log in check two-factor themselves
with ``verified_login_required``.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from habeas.accounts.current import request_user, verified_login_required, with_next
from habeas.accounts.forms import (
    ApiTokenCreateForm,
    LoginForm,
    OtpCodeForm,
)
from habeas.accounts.selectors import (
    token_list,
    two_factor_devices,
    two_factor_required,
)
from habeas.accounts.services import (
    token_create,
    token_revoke,
    totp_device_begin,
    totp_device_confirm,
    totp_verify,
)
from habeas.core.errors import ApplicationError

View = Callable[..., HttpResponse]


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` parameter if it points inside this site, else the default landing page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _add_form_errors(form: Any, exc: ApplicationError) -> None:
    """Put a service's field errors on the form fields they name, the rest on the form."""
    placed = False
    for name, field_messages in exc.fields.items():
        for message in field_messages:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
            else:
                form.add_error(None, f"{name}: {message}")
                placed = True
    if not placed:
        form.add_error(None, exc.message)


# --- Login and logout ----------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        target = super().get_success_url()
        user = self.request.user
        # The user object fresh from login() has not been through OTPMiddleware: no is_verified().
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return target
        # Anyone who enrolled an authenticator is asked for a code, required or not.
        if two_factor_devices(user=user):
            return with_next("accounts:otp_verify", target)
        if two_factor_required(user):
            return with_next("accounts:otp_setup", target)
        return target


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link or image cannot log someone out."""


# --- Two-factor ----------------------------------------------------------------------------


def _qr_svg(data: str) -> str:
    # Inline SVG made here: the secret never leaves the server for a QR service.
    return str(segno.make(data, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff"))


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    next_url = _safe_next(request)
    if two_factor_devices(user=user):
        if not user.is_verified():  # type: ignore[attr-defined]
            # Enrolling a second device with only the password would bypass the first.
            return redirect(with_next("accounts:otp_verify", next_url))
        return render(request, "accounts/otp_setup.html", {"already": True, "next": next_url})
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            _add_form_errors(form, exc)
        else:
            django_otp.login(request, device)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(next_url)
    device = totp_device_begin(user=user)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _base32_secret(device.bin_key),
        "required": two_factor_required(user),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


def _base32_secret(key: bytes) -> str:
    raw = b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    next_url = _safe_next(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if not two_factor_devices(user=user):
        return redirect(with_next("accounts:otp_setup", next_url))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            _add_form_errors(form, exc)
        else:
            django_otp.login(request, device)
            return redirect(next_url)
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


# --- Security page: two-factor status and API tokens ---------------------------------------


def _security_page(
    request: HttpRequest,
    *,
    form: ApiTokenCreateForm | None = None,
    new_token: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    context = {
        "devices": two_factor_devices(user=user),
        "two_factor_required": two_factor_required(user),
        "tokens": token_list(user=user),
        "form": form or ApiTokenCreateForm(),
        "new_token": new_token,
    }
    response = render(request, "accounts/security.html", context, status=status)
    if new_token:
        # The page carries a secret: keep it out of every cache.
        response["Cache-Control"] = "no-store"
    return response


@verified_login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request)


@verified_login_required
@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _security_page(request, form=form, status=400)
    token, plaintext = token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
    # Rendered in this response only: the plaintext is not stored anywhere, not even the session.
    return _security_page(request, new_token=plaintext)


@verified_login_required
@require_POST
def token_revoke_view(request: HttpRequest, prefix: str) -> HttpResponse:
    token_revoke(user=request.user, prefix=prefix)  # type: ignore[arg-type]
    messages.success(request, f"Token {prefix}… revoked.")
    return redirect("accounts:security")
