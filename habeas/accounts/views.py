"""Login, two-factor enrollment and verification, API tokens, organization settings.

Everything under /accounts/ is exempt from TwoFactorRequiredMiddleware (the user has to reach
the enrollment page somehow), so pages here that do more than log in check two-factor themselves
with ``verified_login_required``.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from habeas.accounts.current import request_user
from habeas.accounts.forms import (
    ApiTokenCreateForm,
    CriterionAddForm,
    CriterionLabelForm,
    LoginForm,
    OrganizationSettingsForm,
    OtpCodeForm,
)
from habeas.accounts.roles import Role
from habeas.accounts.selectors import (
    organization_members,
    screening_criteria_list,
    token_list,
    two_factor_devices,
    two_factor_pending_step,
    two_factor_required,
)
from habeas.accounts.services import (
    organization_settings_update,
    screening_criterion_add,
    screening_criterion_move,
    screening_criterion_update,
    token_create,
    token_revoke,
    totp_device_begin,
    totp_device_confirm,
    totp_verify,
    two_factor_reset,
)
from habeas.core.errors import ApplicationError, PermissionDeniedError

View = Callable[..., HttpResponse]


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` parameter if it points inside this site, else the default landing page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


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


def verified_login_required(view: View) -> View:
    """Logged in and, where two-factor is required, verified in this session."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        step = two_factor_pending_step(request.user)  # type: ignore[arg-type]
        if step is not None:
            return redirect(_with_next(step, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


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
            return _with_next("accounts:otp_verify", target)
        if two_factor_required(user):
            return _with_next("accounts:otp_setup", target)
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
            return redirect(_with_next("accounts:otp_verify", next_url))
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
        return redirect(_with_next("accounts:otp_setup", next_url))
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


# --- Organization settings (administrators) ------------------------------------------------


def _org_settings_page(
    request: HttpRequest,
    *,
    settings_form: OrganizationSettingsForm | None = None,
    add_form: CriterionAddForm | None = None,
    criterion_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    org = user.organization
    assert org is not None  # noqa: S101  (admins always belong to an organization; checked before)
    context = {
        "organization": org,
        "settings_form": settings_form
        or OrganizationSettingsForm(
            initial={
                "require_2fa_for_all": org.require_2fa_for_all,
                "members_see_all_cases": org.members_see_all_cases,
                "pattern_hidden_counts": org.pattern_hidden_counts,
                "committee_quorum": org.committee_quorum,
            }
        ),
        "add_form": add_form or CriterionAddForm(),
        "criteria": screening_criteria_list(organization=org),
        "criterion_errors": criterion_errors or {},
        "members": organization_members(organization=org),
    }
    return render(request, "accounts/org_settings.html", context, status=status)


@verified_login_required
@require_http_methods(["GET", "POST"])
def org_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.role != Role.ADMIN or user.organization is None:
        raise PermissionDeniedError("Only administrators may change organization settings.")
    if request.method == "GET":
        return _org_settings_page(request)

    action = request.POST.get("action", "")
    if action == "reset_2fa":
        username = request.POST.get("username", "")
        two_factor_reset(actor=user, username=username)
        messages.success(
            request,
            f"Two-factor cleared for {username}; they will enrol again at their next login.",
        )
        return redirect("accounts:org_settings")
    if action == "settings":
        form = OrganizationSettingsForm(request.POST)
        if form.is_valid():
            try:
                organization_settings_update(actor=user, **form.cleaned_data)
            except ApplicationError as exc:
                _add_form_errors(form, exc)
            else:
                messages.success(request, "Settings saved.")
                return redirect("accounts:org_settings")
        return _org_settings_page(request, settings_form=form, status=400)

    if action == "add":
        add_form = CriterionAddForm(request.POST)
        if add_form.is_valid():
            try:
                screening_criterion_add(actor=user, **add_form.cleaned_data)
            except ApplicationError as exc:
                _add_form_errors(add_form, exc)
            else:
                messages.success(request, "Criterion added.")
                return redirect("accounts:org_settings")
        return _org_settings_page(request, add_form=add_form, status=400)

    try:
        criterion_id = int(request.POST.get("criterion", ""))
    except ValueError:
        raise ApplicationError("Choose a criterion.") from None
    if action == "relabel":
        label_form = CriterionLabelForm(request.POST)
        if not label_form.is_valid():
            errors = [str(m) for msgs in label_form.errors.values() for m in msgs]
            return _org_settings_page(request, criterion_errors={criterion_id: errors}, status=400)
        try:
            screening_criterion_update(
                actor=user, criterion_id=criterion_id, label=label_form.cleaned_data["label"]
            )
        except ApplicationError as exc:
            errors = [str(m) for msgs in exc.fields.values() for m in msgs] or [exc.message]
            return _org_settings_page(
                request, criterion_errors={criterion_id: errors}, status=exc.status_code
            )
        messages.success(request, "Label saved.")
    elif action in ("deactivate", "activate"):
        screening_criterion_update(
            actor=user, criterion_id=criterion_id, active=action == "activate"
        )
        messages.success(
            request,
            "Criterion "
            + ("activated." if action == "activate" else "deactivated; recorded answers are kept."),
        )
    elif action in ("up", "down"):
        screening_criterion_move(
            actor=user, criterion_id=criterion_id, offset=-1 if action == "up" else 1
        )
    else:
        raise ApplicationError("Unknown action.")
    return HttpResponseRedirect(reverse("accounts:org_settings") + "#criteria")
