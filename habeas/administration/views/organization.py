"""The organization's settings page (administrators): visibility and two-factor policy, committee
quorum, the screening checklist, and the members' two-factor status (with a reset for a lost phone).

It lives under /accounts/, which TwoFactorRequiredMiddleware exempts (a user must be able to reach
two-factor enrolment), so it checks two-factor itself with ``verified_login_required``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from habeas.accounts.current import request_user, verified_login_required
from habeas.accounts.forms import (
    CriterionAddForm,
    CriterionLabelForm,
    MemberAddForm,
    OrganizationSettingsForm,
)
from habeas.accounts.models import User
from habeas.accounts.roles import Role
from habeas.accounts.selectors import organization_members, user_active
from habeas.accounts.services import (
    member_active_set,
    member_add,
    member_role_set,
    organization_admin_checked,
    organization_settings_update,
    two_factor_reset,
)
from habeas.cases.selectors import screening_criteria
from habeas.cases.services.screening import (
    screening_criterion_add,
    screening_criterion_move,
    screening_criterion_update,
)
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.core.web import attach_errors


def _org_settings_page(
    request: HttpRequest,
    *,
    settings_form: OrganizationSettingsForm | None = None,
    add_form: CriterionAddForm | None = None,
    member_form: MemberAddForm | None = None,
    new_member: tuple[str, str] | None = None,
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
        "criteria": list(screening_criteria(org.pk, active_only=False)),
        "criterion_errors": criterion_errors or {},
        "members": organization_members(organization=org),
        "member_form": member_form or MemberAddForm(),
        "roles": [(r.value, r.label) for r in Role],
        # (name, one-time password) right after adding a member: shown on this response only.
        "new_member": new_member,
    }
    return render(request, "administration/org_settings.html", context, status=status)


def _member_change(request: HttpRequest, user: User, action: str) -> HttpResponse:
    username = request.POST.get("username", "")
    try:
        if action == "member_role":
            member = member_role_set(
                actor=user, username=username, role=request.POST.get("role", "")
            )
            done = f"{member.display_name()} is now {Role(member.role).label.lower()}."
        else:
            active = action == "member_activate"
            member = member_active_set(actor=user, username=username, active=active)
            done = (
                f"{member.display_name()} can log in again."
                if active
                else f"{member.display_name()} is deactivated: no more logins or API access; their work stays."
            )
    except (NotFoundError, PermissionDeniedError):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(f"{reverse('administration:org_settings')}#members")


@verified_login_required
@require_http_methods(["GET", "POST"])
def org_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organization_admin_checked(user)
    if request.method == "GET":
        return _org_settings_page(request)

    action = request.POST.get("action", "")
    if action in ("member_role", "member_deactivate", "member_activate"):
        return _member_change(request, user, action)
    if action == "member_add":
        member_form = MemberAddForm(request.POST)
        if member_form.is_valid():
            try:
                added, password = member_add(actor=user, **member_form.cleaned_data)
            except ApplicationError as exc:
                attach_errors(member_form, exc)
            else:
                # Rendered, not redirected: the password must not travel through the session.
                response = _org_settings_page(request, new_member=(added.display_name(), password))
                response["Cache-Control"] = "no-store"
                return response
        return _org_settings_page(request, member_form=member_form, status=400)
    if action == "reset_2fa":
        username = request.POST.get("username", "")
        two_factor_reset(actor=user, username=username)  # a member of the admin's organization
        cleared = user_active(username)
        name = cleared.display_name() if cleared is not None else "the member"
        messages.success(
            request, f"Two-factor cleared for {name}; they will enrol again at their next login."
        )
        return redirect("administration:org_settings")
    if action == "settings":
        form = OrganizationSettingsForm(request.POST)
        if form.is_valid():
            try:
                organization_settings_update(actor=user, **form.cleaned_data)
            except ApplicationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "Settings saved.")
                return redirect("administration:org_settings")
        return _org_settings_page(request, settings_form=form, status=400)

    if action == "add":
        add_form = CriterionAddForm(request.POST)
        if add_form.is_valid():
            try:
                screening_criterion_add(actor=user, **add_form.cleaned_data)
            except ApplicationError as exc:
                attach_errors(add_form, exc)
            else:
                messages.success(request, "Criterion added.")
                return redirect("administration:org_settings")
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
    return HttpResponseRedirect(reverse("administration:org_settings") + "#criteria")
